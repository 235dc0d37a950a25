/**
 * After a merge message (ADT A40) committed: the references of the merged (old) Patient's compartment
 * move to the survivor (repository/move-references.ts), each batch with a Provenance naming the inbox
 * entry. The merge is recognised in the committed bundle (a conditional PATCH of a Patient adding a
 * `replaced-by` link), the survivor read from the old record's link, so a replay or a retry after a
 * crash simply continues the move and converges (nothing left to move: nothing written).
 * https://hl7.org/fhir/R4/patient.html#links · https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT_A40 map)
 */
import type { Bundle, OperationOutcomeIssue, Patient, Provenance, Reference } from 'fhir/r4.js';
import { movePatientReferences } from '../../repository/move-references.js';
import { localTarget } from '../../repository/references.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import { hl7Issue } from '../../translators/hl7v2/parser/index.js';
import { INBOX_ENTRY_SYSTEM, SENDER_SYSTEM, type ProvenanceInput } from '../provenance.js';

/** Whether `node` holds a `valueCode: 'replaced-by'` anywhere (a FHIRPath Patch adding the link). */
function addsReplacedBy(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(addsReplacedBy);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([k, v]) => (k === 'valueCode' && v === 'replaced-by') || addsReplacedBy(v));
}

/** The search queries (`identifier=...`) of the Patients the bundle merged away. */
export function mergedPatientQueries(bundle: Bundle): string[] {
  return (bundle.entry ?? []).flatMap((e) => {
    const url = e.request?.url ?? '';
    return e.request?.method === 'PATCH' && url.startsWith('Patient?') && addsReplacedBy(e.resource) ? [url.slice('Patient?'.length)] : [];
  });
}

function moveProvenance(input: ProvenanceInput, from: string, to: string): (targets: readonly Reference[]) => Provenance {
  return (targets) => ({
    resourceType: 'Provenance',
    target: [...targets],
    recorded: input.recorded,
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE', display: 'revise' }],
      text: `patient merge: references moved from ${from} to ${to}`,
    },
    agent: [{
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] },
      who: { identifier: { system: SENDER_SYSTEM, value: input.sender }, display: input.sender },
    }],
    entity: [
      { role: 'source', what: { identifier: { system: INBOX_ENTRY_SYSTEM, value: input.entryId }, display: input.description } },
      { role: 'revision', what: { reference: from } },
    ],
  });
}

/**
 * Moves the references of every Patient `bundle` merged away (none: nothing happens) to its survivor.
 * Returns warning issues for resources that could not be moved; throws what the store throws.
 */
export async function followMerge(repo: FhirInteractions, ctx: RequestContext, bundle: Bundle, input: ProvenanceInput): Promise<OperationOutcomeIssue[]> {
  const issues: OperationOutcomeIssue[] = [];
  for (const query of mergedPatientQueries(bundle)) {
    const found = await repo.search(ctx, 'Patient', new URLSearchParams(query));
    for (const old of (found.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Patient' ? [e.resource as Patient] : []))) {
      const link = old.link?.find((l) => l.type === 'replaced-by')?.other.reference;
      const survivor = link === undefined ? undefined : localTarget(link, ctx.baseUrl);
      if (survivor?.type !== 'Patient' || old.id === undefined) continue;
      const from = `Patient/${old.id}`;
      const to = `Patient/${survivor.id}`;
      const result = await movePatientReferences(repo, ctx, from, to, { provenance: moveProvenance(input, from, to) });
      if (result.notMoved.length > 0) {
        issues.push(hl7Issue('warning', '207', `${result.notMoved.length} resource(s) of the merged patient still reference it: ${result.notMoved.slice(0, 10).map((n) => n.resource).join(', ')}`, 'MRG-1'));
      }
    }
  }
  return issues;
}
