/**
 * Replay dry run of an X12 inbox entry: validates and translates the stored interchange with today's
 * mappings and partner aliases, and reports for every accepted transaction set what committing its
 * transaction would change (the comparison shared with HL7 v2, pipeline/hl7v2/dry-run.ts). Nothing is
 * written and no control number is consumed (the acknowledgements built here are thrown away).
 * DESIGN.md "Ingestion" (replay after a mapping fix) · https://hl7.org/fhir/R4/http.html#transaction
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { CodeMapper } from '../../core/code-mapping.js';
import type { InboxEntry } from '../../ports/inbox.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import type { AckContext } from '../../translators/x12/ack/index.js';
import { CLAIM_NOT_FOUND, respondToX12, type X12Lookups } from '../../translators/x12/generate/index.js';
import { dryRunChanges, type DryRunChange, type DryRunResult } from '../hl7v2/dry-run.js';
import { inboxEntryUri } from '../provenance.js';
import { applyPartnerAliases } from './keys.js';

/** What a dry run reads. */
export interface X12DryRunDeps {
  readonly repo: FhirInteractions;
  readonly codes: CodeMapper;
  readonly fhirBaseUrl: string;
  readonly clock: () => Date;
  readonly ids: () => string;
  readonly aliases: Readonly<Record<string, string>>;
}

/** Responses are not built for real here: no store reads. */
const NO_LOOKUPS: X12Lookups = { coverages: () => [], claimStatus: () => CLAIM_NOT_FOUND };

/** What replaying X12 `entry` would change. */
export async function dryRunX12Entry(deps: X12DryRunDeps, entry: InboxEntry): Promise<DryRunResult> {
  const input = applyPartnerAliases((entry.raw ?? Buffer.alloc(0)).toString('latin1'), deps.aliases);
  let scratch = 0;
  const ack: AckContext = { clock: deps.clock, controlNumbers: { interchange: () => (scratch = (scratch % 999_999_998) + 1), group: () => 1 } };
  const answer = respondToX12(input, NO_LOOKUPS, { codes: deps.codes, source: `x12:${entry.sender}`, ids: deps.ids, now: deps.clock }, ack);
  const ctx: RequestContext = { baseUrl: deps.fhirBaseUrl, source: inboxEntryUri(entry.id), lenient: true, patientCompartment: undefined };
  const issues: OperationOutcomeIssue[] = [];
  const changes: DryRunChange[] = [];
  let applied = 0;
  for (const set of answer.sets) {
    const where = `ST ${set.transaction.set.id} ${set.transaction.set.controlNumber}`;
    const t = set.translation;
    if (!set.accepted || t === undefined) {
      issues.push({ severity: 'error', code: 'processing', diagnostics: `${where}: rejected by validation (see the 999)`, expression: [where] });
      continue;
    }
    issues.push(...t.issues);
    if (t.issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) continue;
    applied += 1;
    changes.push(...await dryRunChanges(deps, ctx, t.bundle));
  }
  if (answer.sets.length === 0) issues.push({ severity: 'information', code: 'informational', diagnostics: 'no transaction set to apply (acknowledgement or unreadable interchange)' });
  return { id: entry.id, dryRun: true, applicable: applied > 0, issues, changes };
}
