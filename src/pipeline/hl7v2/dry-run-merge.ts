/**
 * Replay dry run of a merge (ADT A40): the reference moves `followMerge` would make after the commit
 * (merge-follow-up.ts), computed read-only. The old Patient is found by the merge PATCH's query, the
 * survivor from the `replaced-by` link the PATCH adds (a `urn:uuid:` entry of the bundle resolved by its
 * conditional query, or a literal / conditional reference). A survivor that does not exist yet is named
 * by its conditional reference (`Patient?identifier=…`).
 * https://hl7.org/fhir/R4/patient.html#links · https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT_A40 map)
 */
import type { Bundle, BundleEntry, Patient } from 'fhir/r4.js';
import { planPatientReferenceMove, type PlannedReferenceMove } from '../../repository/move-references.js';
import { localTarget } from '../../repository/references.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import { mergedPatientQueries } from './merge-follow-up.js';

/** The moves one merged Patient's compartment would see. */
export interface DryRunReferenceMove {
  /** `Patient/old`. */
  readonly from: string;
  /** `Patient/survivor`, or the survivor's conditional reference when it would be created. */
  readonly to: string;
  /** Resources that would get a new version with their references to `from` replaced by `to`. */
  readonly resources: readonly PlannedReferenceMove[];
  /** Resources of the old compartment that would not move, and why. */
  readonly notMoved: readonly { readonly resource: string; readonly reason: string }[];
  /** The list of `resources` is cut (more would move). */
  readonly truncated: boolean;
}

/** The `other` reference of the `replaced-by` link a merge PATCH adds (FHIRPath Patch parameters). */
function survivorReference(node: unknown): string | undefined {
  if (Array.isArray(node)) return node.map(survivorReference).find((r) => r !== undefined);
  if (typeof node !== 'object' || node === null) return undefined;
  const o = node as Record<string, unknown>;
  if (Array.isArray(o['part'])) {
    const parts = o['part'] as unknown[];
    const isLink = parts.some((p) => typeof p === 'object' && p !== null && (p as Record<string, unknown>)['valueCode'] === 'replaced-by');
    const other = parts.find((p): p is { valueReference: { reference?: unknown } } =>
      typeof p === 'object' && p !== null && (p as Record<string, unknown>)['name'] === 'other' && typeof (p as Record<string, unknown>)['valueReference'] === 'object');
    if (isLink && typeof other?.valueReference.reference === 'string') return other.valueReference.reference;
  }
  return Object.values(o).map(survivorReference).find((r) => r !== undefined);
}

async function searchOne(repo: FhirInteractions, ctx: RequestContext, type: string, query: string): Promise<string | undefined> {
  const found = await repo.search(ctx, type, new URLSearchParams(query));
  const ids = (found.entry ?? []).flatMap((e) => (e.search?.mode !== 'include' && e.resource?.id !== undefined ? [e.resource.id] : []));
  return ids.length === 1 ? `${type}/${ids[0] ?? ''}` : undefined;
}

/** `Patient/id` of the survivor, or its conditional reference when it does not exist yet. */
async function resolveSurvivor(repo: FhirInteractions, ctx: RequestContext, bundle: Bundle, reference: string): Promise<string> {
  let conditional = reference;
  if (reference.startsWith('urn:uuid:')) {
    const entry: BundleEntry | undefined = bundle.entry?.find((e) => e.fullUrl === reference);
    const type = entry?.resource?.resourceType ?? 'Patient';
    const url = entry?.request?.url ?? '';
    const query = entry?.request?.ifNoneExist ?? (url.includes('?') ? url.slice(url.indexOf('?') + 1) : undefined);
    if (query === undefined) return reference;
    conditional = `${type}?${query}`;
  }
  const q = conditional.indexOf('?');
  if (q > 0) return (await searchOne(repo, ctx, conditional.slice(0, q), conditional.slice(q + 1))) ?? conditional;
  const target = localTarget(conditional, ctx.baseUrl);
  return target === undefined ? conditional : `${target.type}/${target.id}`;
}

/** The reference moves committing merge `bundle` would be followed by (none for other bundles). */
export async function dryRunReferenceMoves(repo: FhirInteractions, ctx: RequestContext, bundle: Bundle): Promise<DryRunReferenceMove[]> {
  const moves: DryRunReferenceMove[] = [];
  for (const query of mergedPatientQueries(bundle)) {
    const patch = bundle.entry?.find((e) => e.request?.method === 'PATCH' && e.request.url === `Patient?${query}`);
    const reference = survivorReference(patch?.resource);
    if (reference === undefined) continue;
    const to = await resolveSurvivor(repo, ctx, bundle, reference);
    const found = await repo.search(ctx, 'Patient', new URLSearchParams(query));
    for (const old of (found.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Patient' ? [e.resource as Patient] : []))) {
      const from = `Patient/${old.id ?? ''}`;
      if (old.id === undefined || from === to) continue;
      moves.push({ from, to, ...(await planPatientReferenceMove(repo, ctx, from, to)) });
    }
  }
  return moves;
}
