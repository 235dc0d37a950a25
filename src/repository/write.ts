/**
 * The one path every write takes: validate, check the compartment and references, stamp `meta`
 * (versionId n+1, lastUpdated, source) and compare-and-set the new version. Also the retry loop that
 * keeps versions gapless when two writers race. https://hl7.org/fhir/R4/http.html#versioning
 */
import type { Meta, OperationOutcome, Resource } from 'fhir/r4.js';
import { OperationOutcomeError, fail, isOperationOutcomeError, outcome } from '../core/outcomes.js';
import type { FhirStoreTransaction, ResourceKey, ResourceVersion } from '../ports/fhir-store.js';
import type { RequestContext, WriteResult } from './types.js';
import type { RepoDeps } from './context.js';
import { assertWritable } from './compartment.js';
import { assertNotReferenced, checkReferentialIntegrity } from './references.js';
import { applySearchParameters, recordSearchParameters } from './search-parameters.js';
import { sameContent } from './resource-utils.js';
import { applyTerminologyChanges, recordTerminologyChanges, type TerminologyChange } from './terminology-sync.js';

/** Reference checks waiting for the end of a bundle transaction (keyed by store transaction). */
interface Deferred {
  entry: number;
  /** Written resources whose references must resolve. */
  readonly pending: { entry: number; resource: Resource }[];
  /** Deleted resources nothing may refer to any more. */
  readonly deleted: { entry: number; key: ResourceKey }[];
  /** `Type/id` of current resources this transaction found by search (conditional matches). */
  readonly existing: Set<string>;
}
const deferredIntegrity = new WeakMap<FhirStoreTransaction, Deferred>();

/**
 * Defers reference checks of writes on `tx` until `checkDeferred` (a transaction's entries may refer to
 * each other in any order). `setEntry` records which bundle entry the following writes belong to.
 */
export function deferIntegrity(tx: FhirStoreTransaction): { setEntry(index: number): void; found(key: ResourceKey): void } {
  const state: Deferred = { entry: -1, pending: [], deleted: [], existing: new Set() };
  deferredIntegrity.set(tx, state);
  return {
    setEntry: (index) => { state.entry = index; },
    // A resource this transaction's search returned exists until the end: its deletes ran before.
    found: (key) => { state.existing.add(`${key.resourceType}/${key.id}`); },
  };
}

/** Runs the deferred reference checks of `tx`; `onError` maps an error to its bundle entry. */
export async function checkDeferred(deps: RepoDeps, tx: FhirStoreTransaction, baseUrl: string, onError: (e: unknown, entry: number) => unknown): Promise<void> {
  const state = deferredIntegrity.get(tx);
  deferredIntegrity.delete(tx);
  // Resources written by this transaction exist (its deletes ran before its writes): no store read.
  const checked = new Map<string, boolean>();
  for (const key of state?.existing ?? []) checked.set(key, true);
  for (const { resource } of state?.pending ?? []) checked.set(`${resource.resourceType}/${resource.id ?? ''}`, deps.resourceTypes.has(resource.resourceType));
  for (const { entry, resource } of state?.pending ?? []) {
    try {
      await checkReferentialIntegrity(deps, tx, resource, baseUrl, checked);
    } catch (e) {
      throw onError(e, entry);
    }
  }
  for (const { entry, key } of state?.deleted ?? []) {
    try {
      await assertNotReferenced(tx, [key]);
    } catch (e) {
      throw onError(e, entry);
    }
  }
}

/**
 * Under referential integrity, refuses (409) the deletion of `targets` that current resources still
 * refer to. Inside a bundle transaction the check waits for its end, so a transaction may delete the
 * referrer and the target together. https://hl7.org/fhir/R4/http.html#delete
 */
export async function checkDeletable(deps: RepoDeps, tx: FhirStoreTransaction, targets: readonly ResourceKey[]): Promise<void> {
  if (!deps.config.referentialIntegrity || targets.length === 0) return;
  const deferred = deferredIntegrity.get(tx);
  if (deferred !== undefined) deferred.deleted.push(...targets.map((key) => ({ entry: deferred.entry, key })));
  else await assertNotReferenced(tx, targets);
}

/** Result of one committed (or skipped, when unchanged) write. */
export interface CommitResult {
  readonly version: ResourceVersion;
  readonly created: boolean;
  readonly changed: boolean;
  readonly outcome: OperationOutcome | undefined;
}

/**
 * Schema-validates `resource`; errors throw 400, warnings are returned. Used by writes and `$validate`.
 */
export function schemaCheck(deps: RepoDeps, resource: Resource): OperationOutcome | undefined {
  const issues = deps.validator.validate(resource);
  if (issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) {
    throw new OperationOutcomeError('invalid', outcome(...issues));
  }
  return issues.length > 0 ? outcome(...issues) : undefined;
}

/** `resource` with server-assigned meta, `resourceType`, `id`, `meta` first. */
function stamp(deps: RepoDeps, ctx: RequestContext, resource: Resource, id: string, versionId: number): Resource {
  const meta: Meta = { ...resource.meta, versionId: String(versionId), lastUpdated: deps.clock().toISOString() };
  if (ctx.source !== undefined) meta.source = ctx.source;
  // A key loop, not `{ resourceType, id, meta, ...rest }` destructuring: the same object, built faster.
  const out: Record<string, unknown> = { resourceType: resource.resourceType, id, meta };
  for (const key of Object.keys(resource)) {
    if (key === 'resourceType' || key === 'id' || key === 'meta') continue;
    const value = (resource as unknown as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out as unknown as Resource;
}

/**
 * Writes `resource` as the version after `current` (undefined: the resource does not exist yet).
 * An update equal to the current content makes no version (changed = false).
 */
export async function commitResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resource: Resource,
  id: string,
  current: ResourceVersion | undefined,
  method: 'POST' | 'PUT' | 'PATCH',
): Promise<CommitResult> {
  const live = current !== undefined && !current.deleted ? current : undefined;
  if (live?.resource !== undefined && sameContent(live.resource, { ...resource, id })) {
    return { version: live, created: false, changed: false, outcome: undefined };
  }
  const versionId = (current?.versionId ?? 0) + 1;
  const next = stamp(deps, ctx, resource, id, versionId);
  const warnings = schemaCheck(deps, next);
  assertWritable(deps, ctx, next);
  if (deps.config.referentialIntegrity) {
    const deferred = deferredIntegrity.get(tx);
    if (deferred !== undefined) deferred.pending.push({ entry: deferred.entry, resource: next });
    else await checkReferentialIntegrity(deps, tx, next, ctx.baseUrl);
  }
  const version: ResourceVersion = {
    resourceType: next.resourceType,
    id,
    versionId,
    lastUpdated: next.meta?.lastUpdated ?? deps.clock().toISOString(),
    deleted: false,
    method,
    resource: next,
  };
  await tx.write(version);
  return { version, created: live === undefined, changed: true, outcome: warnings };
}

/** Writes a deletion marker after `current` (which must be live). */
export async function commitDelete(deps: RepoDeps, tx: FhirStoreTransaction, current: ResourceVersion): Promise<ResourceVersion> {
  const version: ResourceVersion = {
    resourceType: current.resourceType,
    id: current.id,
    versionId: current.versionId + 1,
    lastUpdated: deps.clock().toISOString(),
    deleted: true,
    method: 'DELETE',
    resource: undefined,
  };
  await tx.write(version);
  return version;
}

/** Throws 412 unless `current` is at version `ifMatch`. */
export function checkIfMatch(ifMatch: number | undefined, current: ResourceVersion | undefined): void {
  if (ifMatch === undefined) return;
  if (current === undefined || current.deleted || current.versionId !== ifMatch) {
    throw fail('precondition-failed', `If-Match: expected version ${ifMatch}, current is ${current === undefined || current.deleted ? 'none' : current.versionId}`);
  }
}

/** A lost compare-and-set (issue code `conflict`), as opposed to a business 409 such as a referenced delete. */
export function isVersionConflict(e: unknown): boolean {
  return isOperationOutcomeError(e) && e.category === 'conflict' && e.outcome.issue[0]?.code === 'conflict';
}

/**
 * Runs one write in its own store transaction. A compare-and-set conflict is retried (fresh read,
 * re-apply) when there is no If-Match, so no write is lost; with If-Match it becomes 412. SearchParameter
 * resources written by it reach the registry, and terminology resources the terminology content, once
 * the transaction has committed.
 */
export async function runWrite<T>(deps: RepoDeps, ifMatch: number | undefined, work: (tx: FhirStoreTransaction) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const searchParameters: ResourceVersion[] = [];
    const terminology: TerminologyChange[] = [];
    const sink = deps.terminologyContent;
    try {
      const result = await deps.store.transaction((tx) => {
        searchParameters.length = 0; // the store may run `work` again (MongoDB transient errors)
        terminology.length = 0;
        const recorded = recordSearchParameters(deps, tx, searchParameters);
        return work(sink === undefined ? recorded : recordTerminologyChanges(recorded, terminology));
      });
      applySearchParameters(deps, searchParameters);
      if (sink !== undefined) applyTerminologyChanges(sink, terminology);
      return result;
    } catch (e) {
      if (!isVersionConflict(e)) throw e;
      if (ifMatch !== undefined) throw fail('precondition-failed', `Version conflict: the resource changed since version ${ifMatch}`);
      if (attempt >= deps.config.maxWriteRetries) throw e;
    }
  }
}

/** The public shape of a commit. */
export function toWriteResult(result: CommitResult): WriteResult {
  if (result.version.resource === undefined) throw fail('internal', 'write produced no resource');
  return { resource: result.version.resource, created: result.created, changed: result.changed, outcome: result.outcome };
}
