/**
 * `$meta`, `$meta-add` and `$meta-delete` on an instance. Changing tags, profiles or security labels is
 * a write like any other here (new version), so history stays the complete record.
 * https://hl7.org/fhir/R4/resource-operations.html#meta
 */
import type { Coding, Meta, Parameters, Resource } from 'fhir/r4.js';
import { badRequest } from '../core/outcomes.js';
import type { FhirStoreReader, FhirStoreTransaction } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { canRead } from './compartment.js';
import { readLive } from './read.js';
import { parseSearch } from './search.js';
import { commitResource, type CommitResult } from './write.js';

/** The `$meta` answer: `Parameters { return: Meta }`. */
export function metaParameters(meta: Meta | undefined): Parameters {
  return { resourceType: 'Parameters', parameter: [{ name: 'return', valueMeta: meta ?? {} }] };
}

/** Narrows a `$meta-add` / `$meta-delete` input (a Meta, or Parameters carrying `meta`). */
export function metaInput(body: unknown): Meta {
  if (typeof body === 'object' && body !== null && (body as { resourceType?: unknown }).resourceType === 'Parameters') {
    const p = (body as Parameters).parameter?.find((x) => x.name === 'meta')?.valueMeta;
    if (p === undefined) throw badRequest("Parameters must contain 'meta' (valueMeta)");
    return p;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Expected a Meta');
  return body as Meta;
}

const sameCoding = (a: Coding, b: Coding): boolean => a.system === b.system && a.code === b.code;

/** Adds (`add`) or removes the tags / security labels (by system + code) and profiles (by URL) of `change`. */
export function mergeMeta(current: Meta | undefined, change: Meta, add: boolean): Meta {
  const codings = (mine: Coding[] | undefined, theirs: Coding[] | undefined): Coding[] | undefined => {
    const base = mine ?? [];
    const result = add
      ? [...base, ...(theirs ?? []).filter((t) => !base.some((m) => sameCoding(m, t)))]
      : base.filter((m) => !(theirs ?? []).some((t) => sameCoding(m, t)));
    return result.length > 0 ? result : undefined;
  };
  const profiles = (() => {
    const base = current?.profile ?? [];
    const result = add ? [...base, ...(change.profile ?? []).filter((p) => !base.includes(p))] : base.filter((p) => !(change.profile ?? []).includes(p));
    return result.length > 0 ? result : undefined;
  })();
  const { tag: _t, security: _s, profile: _p, ...rest } = current ?? {};
  const out: Meta = { ...rest };
  if (profiles !== undefined) out.profile = profiles;
  const security = codings(current?.security, change.security);
  if (security !== undefined) out.security = security;
  const tag = codings(current?.tag, change.tag);
  if (tag !== undefined) out.tag = tag;
  return out;
}

/** Applies `$meta-add` / `$meta-delete` to the current version (no new version when nothing changes). */
export async function changeMeta(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  id: string,
  change: Meta,
  add: boolean,
): Promise<CommitResult> {
  const current = await readLive(deps, ctx, tx, resourceType, id);
  const next: Resource = { ...current.resource, meta: mergeMeta(current.resource.meta, change, add) };
  return commitResource(deps, ctx, tx, next, id, current, 'PUT');
}

/**
 * `$meta` at type or system level: the union of the profiles, tags and security labels in use on the
 * current resources of `resourceType` (every type when undefined) that the caller may read. Reads every
 * such resource, page by page. https://hl7.org/fhir/R4/resource-operation-meta.html
 */
export async function metaInUse(deps: RepoDeps, ctx: RequestContext, reader: FhirStoreReader, resourceType: string | undefined): Promise<Parameters> {
  const request = parseSearch(deps, ctx, resourceType, new URLSearchParams({ _count: String(deps.config.maxCount), _total: 'none' }), undefined);
  let union: Meta = {};
  let cursor: string | undefined;
  do {
    const page = await reader.search({ ...request, cursor });
    for (const resource of page.resources) {
      if (resource.meta === undefined || !canRead(deps, ctx, resource)) continue;
      const { tag, security, profile } = resource.meta;
      union = mergeMeta(union, { ...(tag ? { tag } : {}), ...(security ? { security } : {}), ...(profile ? { profile } : {}) }, true);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return metaParameters(union);
}
