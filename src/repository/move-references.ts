/**
 * Moving a merged patient's data: after `Patient/old` was merged into `Patient/new` (HL7 v2 ADT A40, or
 * any `link` replaced-by), every resource in the old Patient compartment gets its references to the old
 * Patient rewritten to the survivor, as new versions. Works over FhirInteractions only (search + one
 * transaction per batch with `If-Match`), so it runs on any store.
 *
 * Batches are bounded (`batchSize` resources and their Provenance in one transaction); a moved resource
 * leaves the old compartment, so running the move again (crash, replay) continues where it stopped and
 * converges: once everything is moved it writes nothing. Not moved on purpose: Patient resources (links
 * between patient records are identity statements, the old record keeps its replaced-by link) and
 * Provenance / AuditEvent (records of what happened to the old record; rewriting them would falsify them).
 * https://hl7.org/fhir/R4/patient.html#links · https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
import type { Bundle, BundleEntry, Provenance, Reference, Resource } from 'fhir/r4.js';
import { badRequest, isOperationOutcomeError } from '../core/outcomes.js';
import { patientCompartmentParams } from '../core/search/registry.js';
import { localTarget, rewriteReferences } from './references.js';
import { asFhirResource } from './resource-utils.js';
import type { FhirInteractions, RequestContext } from './types.js';

/** Compartment types whose references are never rewritten (see the module comment). */
const NOT_MOVED: ReadonlySet<string> = new Set(['Patient', 'Provenance', 'AuditEvent']);
/** Error categories that mean "someone else wrote meanwhile": search again and retry. */
const RACES: ReadonlySet<string> = new Set(['conflict', 'precondition-failed']);
/** Error categories that mean "try later": never swallowed. */
const TRANSIENT: ReadonlySet<string> = new Set(['unavailable', 'too-many-requests']);

/** How to move. */
export interface MoveReferencesOptions {
  /** Resources written per transaction (default 100). */
  readonly batchSize?: number;
  /** Absolute bases treated as local besides `ctx.baseUrl` (`RepositoryConfig.localBaseUrls`). */
  readonly localBaseUrls?: readonly string[];
  /** The Provenance committed with each batch, given the moved resources (`Type/id`). Absent: none. */
  readonly provenance?: (targets: readonly Reference[]) => Provenance;
  /** Full passes over the compartment at most (a pass that moves nothing ends the move; default 5). */
  readonly maxPasses?: number;
}

/** What a move did. */
export interface MoveReferencesResult {
  /** Resources rewritten (new versions written). */
  readonly moved: number;
  /** Transactions committed. */
  readonly batches: number;
  /** Resources left in the old compartment: `Type/id` and why (not rewritable, or refused by the store). */
  readonly notMoved: readonly { readonly resource: string; readonly reason: string }[];
}

/** The compartment types whose references are moved. */
export function movableTypes(): string[] {
  return [...patientCompartmentParams()]
    .filter(([type, params]) => params.length > 0 && !NOT_MOVED.has(type))
    .map(([type]) => type)
    .sort();
}

const PATIENT_REF = /^Patient\/[A-Za-z0-9\-.]{1,64}$/;

/** `reference` with its version suffix removed (`Patient/1/_history/2` → `Patient/1`). */
function unversioned(reference: string): string {
  const at = reference.indexOf('/_history/');
  return at < 0 ? reference : reference.slice(0, at);
}

/**
 * A copy of `resource` with every reference to `from` (relative, absolute under a local base, versioned)
 * replaced by `to`; undefined when nothing changed.
 */
export function rewritePatientReferences(resource: Resource, from: string, to: string, baseUrl: string, localBaseUrls: readonly string[] = []): Resource | undefined {
  const copy = structuredClone(resource);
  let changed = false;
  rewriteReferences(copy, (reference) => {
    const target = localTarget(unversioned(reference), baseUrl, localBaseUrls);
    if (target === undefined || `${target.type}/${target.id}` !== from) return undefined;
    changed = true;
    return to;
  });
  return changed ? copy : undefined;
}

const keyOf = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;

function nextCursor(bundle: Bundle): string | undefined {
  const next = bundle.link?.find((l) => l.relation === 'next')?.url;
  if (next === undefined) return undefined;
  const q = next.indexOf('?');
  return q < 0 ? undefined : new URLSearchParams(next.slice(q + 1)).get('_cursor') ?? undefined;
}

function transaction(resources: readonly { original: Resource; moved: Resource }[], options: MoveReferencesOptions): Bundle {
  const entry: BundleEntry[] = resources.map(({ original, moved }) => ({
    resource: asFhirResource(moved),
    request: {
      method: 'PUT', url: keyOf(original),
      ...(original.meta?.versionId === undefined ? {} : { ifMatch: `W/"${original.meta.versionId}"` }),
    },
  }));
  if (options.provenance !== undefined) {
    entry.push({ resource: options.provenance(resources.map(({ original }) => ({ reference: keyOf(original) }))), request: { method: 'POST', url: 'Provenance' } });
  }
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

/**
 * Rewrites the references to `from` (`Patient/old`) into `to` (`Patient/new`) in every resource of the
 * old Patient compartment (types of `movableTypes()`), in bounded batches; idempotent and resumable.
 * Throws OperationOutcomeError for transient store errors (the caller retries the whole move).
 */
export async function movePatientReferences(
  repo: FhirInteractions, ctx: RequestContext, from: string, to: string, options: MoveReferencesOptions = {},
): Promise<MoveReferencesResult> {
  if (!PATIENT_REF.test(from) || !PATIENT_REF.test(to)) throw badRequest(`move needs two Patient references, got '${from}' and '${to}'`);
  if (from === to) return { moved: 0, batches: 0, notMoved: [] };
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const types = movableTypes().join(',');
  const notMoved = new Map<string, string>();
  let moved = 0;
  let batches = 0;

  const commit = async (items: { original: Resource; moved: Resource }[]): Promise<void> => {
    try {
      await repo.bundle(ctx, transaction(items, options), { prefer: 'minimal' });
      moved += items.length;
      batches++;
    } catch (e) {
      if (!isOperationOutcomeError(e) || TRANSIENT.has(e.category) || RACES.has(e.category)) throw e;
      // One resource the store refuses (e.g. it no longer validates) must not hold back the others.
      if (items.length > 1) {
        for (const item of items) await commit([item]);
        return;
      }
      const [only] = items;
      if (only !== undefined) notMoved.set(keyOf(only.original), e.message);
    }
  };

  for (let pass = 0; pass < (options.maxPasses ?? 5); pass++) {
    const before = moved;
    let raced = false;
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams([['_type', types], ['_count', String(batchSize)], ['_total', 'none']]);
      if (cursor !== undefined) query.set('_cursor', cursor);
      const page = await repo.search({ ...ctx, lenient: false }, undefined, query, from);
      const items: { original: Resource; moved: Resource }[] = [];
      for (const resource of (page.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]))) {
        if (NOT_MOVED.has(resource.resourceType) || notMoved.has(keyOf(resource))) continue;
        const rewritten = rewritePatientReferences(resource, from, to, ctx.baseUrl, options.localBaseUrls);
        if (rewritten === undefined) notMoved.set(keyOf(resource), 'in the compartment without a rewritable reference');
        else items.push({ original: resource, moved: rewritten });
      }
      if (items.length > 0) {
        try {
          await commit(items);
        } catch (e) {
          // Written meanwhile by someone else: the next pass reads the new versions.
          if (!isOperationOutcomeError(e) || !RACES.has(e.category)) throw e;
          raced = true;
          break;
        }
      }
      cursor = nextCursor(page);
    } while (cursor !== undefined);
    if (moved === before && !raced) break;
  }
  return { moved, batches, notMoved: [...notMoved].map(([resource, reason]) => ({ resource, reason })) };
}

/** A resource a move would rewrite (a new version with its references to the old Patient replaced). */
export interface PlannedReferenceMove {
  /** `Type/id`. */
  readonly resource: string;
  /** The version that would be replaced. */
  readonly versionId: string | undefined;
  /** Top-level elements holding a reference to the old Patient. */
  readonly changedElements: readonly string[];
}

/** What `movePatientReferences` would do now, computed without writing. */
export interface ReferenceMovePlan {
  readonly resources: readonly PlannedReferenceMove[];
  /** Resources of the old compartment that would stay there, and why. */
  readonly notMoved: readonly { readonly resource: string; readonly reason: string }[];
  /** More resources would move than `limit`: the list is cut. */
  readonly truncated: boolean;
}

function changedTopLevel(before: Resource, after: Resource): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/**
 * The resources of the `from` (`Patient/old`) compartment whose references `movePatientReferences`
 * would rewrite to `to` (any reference text: used only to rewrite copies), read-only (replay dry run).
 * Lists at most `limit` resources (default 1,000).
 */
export async function planPatientReferenceMove(
  repo: FhirInteractions, ctx: RequestContext, from: string, to: string,
  options: Pick<MoveReferencesOptions, 'batchSize' | 'localBaseUrls'> & { readonly limit?: number } = {},
): Promise<ReferenceMovePlan> {
  if (!PATIENT_REF.test(from)) throw badRequest(`move needs a Patient reference, got '${from}'`);
  const limit = Math.max(0, options.limit ?? 1000);
  const resources: PlannedReferenceMove[] = [];
  const notMoved: { resource: string; reason: string }[] = [];
  if (from === to) return { resources, notMoved, truncated: false };
  const types = movableTypes().join(',');
  let truncated = false;
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams([['_type', types], ['_count', String(Math.max(1, options.batchSize ?? 100))], ['_total', 'none']]);
    if (cursor !== undefined) query.set('_cursor', cursor);
    const page = await repo.search({ ...ctx, lenient: false }, undefined, query, from);
    for (const resource of (page.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]))) {
      if (NOT_MOVED.has(resource.resourceType)) continue;
      const rewritten = rewritePatientReferences(resource, from, to, ctx.baseUrl, options.localBaseUrls);
      if (rewritten === undefined) notMoved.push({ resource: keyOf(resource), reason: 'in the compartment without a rewritable reference' });
      else if (resources.length >= limit) truncated = true;
      else resources.push({ resource: keyOf(resource), versionId: resource.meta?.versionId, changedElements: changedTopLevel(resource, rewritten) });
    }
    cursor = truncated ? undefined : nextCursor(page);
  } while (cursor !== undefined);
  return { resources, notMoved, truncated };
}
