/**
 * history: instance, type and system level; `_since`, `_at`, `_count`, `_cursor`.
 * https://hl7.org/fhir/R4/http.html#history
 */
import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { badRequest, notFound } from '../core/outcomes.js';
import type { FhirStoreReader, ResourceVersion } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { assertReadable, canRead } from './compartment.js';
import { asFhirResource, assertResourceTypeName, etagOf, isValidId } from './resource-utils.js';
import { fullUrlOf, pageLinks } from './links.js';

const STATUS: Record<ResourceVersion['method'], string> = { POST: '201 Created', PUT: '200 OK', PATCH: '200 OK', DELETE: '204 No Content' };

function instantParam(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const ms = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(raw) ? Date.parse(raw.length === 4 ? `${raw}-01-01` : raw) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`Invalid ${name} '${raw}': expected an instant`, name);
  return new Date(ms).toISOString();
}

function countParam(deps: RepoDeps, params: URLSearchParams): number {
  const raw = params.get('_count');
  if (raw === null) return deps.config.defaultCount;
  if (!/^\d{1,9}$/.test(raw)) throw badRequest(`Invalid _count '${raw}'`, '_count');
  return Math.min(Number(raw), deps.config.maxCount);
}

/** One history entry: the version (absent when deleted) with its request and response. */
function entryOf(baseUrl: string, v: ResourceVersion): BundleEntry {
  const entry: BundleEntry = {
    fullUrl: fullUrlOf(baseUrl, v.resourceType, v.id),
    request: { method: v.method, url: v.method === 'POST' ? v.resourceType : `${v.resourceType}/${v.id}` },
    response: { status: STATUS[v.method], etag: etagOf(v), lastModified: v.lastUpdated },
  };
  if (v.resource !== undefined && !v.deleted) entry.resource = asFhirResource(v.resource);
  return entry;
}

/** Builds the history bundle (newest first). Instance history of an unknown resource → 404. */
export async function historyBundle(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  resourceType: string | undefined,
  id: string | undefined,
  params: URLSearchParams,
): Promise<Bundle> {
  if (resourceType !== undefined) assertResourceTypeName(resourceType);
  if (id !== undefined) {
    if (resourceType === undefined) throw badRequest('Instance history needs a resource type');
    const current = isValidId(id) ? await reader.read(resourceType, id) : undefined;
    if (current === undefined) throw notFound(`${resourceType}/${id} not found`);
    if (current.resource !== undefined) assertReadable(deps, ctx, current.resource);
  }
  const since = instantParam(params, '_since');
  const at = instantParam(params, '_at');
  const count = countParam(deps, params);
  const cursor = params.get('_cursor') ?? undefined;
  const page = await reader.history({ resourceType, id, since, at, count, cursor });
  const visible = page.versions.filter((v) =>
    v.resource !== undefined ? canRead(deps, ctx, v.resource) : id !== undefined || ctx.patientCompartment === undefined,
  );
  const selfParams: [string, string][] = [];
  for (const [k, v] of params) if (k !== '_cursor') selfParams.push([k, v]);
  const path = [resourceType, id, '_history'].filter((p) => p !== undefined).join('/');
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'history',
    link: pageLinks(ctx.baseUrl, path, selfParams, { self: cursor, next: page.nextCursor, previous: undefined }),
    entry: visible.map((v) => entryOf(ctx.baseUrl, v)),
  };
  if (page.total !== undefined) bundle.total = page.total;
  return bundle;
}
