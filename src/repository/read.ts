/**
 * read and vread. https://hl7.org/fhir/R4/http.html#read and https://hl7.org/fhir/R4/http.html#vread
 * Unknown → 404; deleted → 410; outside the caller's patient compartment → 404.
 */
import type { Resource } from 'fhir/r4.js';
import { gone, notFound } from '../core/outcomes.js';
import type { FhirStore, FhirStoreReader, ResourceVersion } from '../ports/fhir-store.js';
import type { RequestContext, ResourceJson } from './types.js';
import type { RepoDeps } from './context.js';
import { assertReadable } from './compartment.js';
import { assertResourceTypeName, isValidId } from './resource-utils.js';

/** The current live version of `type/id` (404 / 410 otherwise). */
export async function readLive(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  resourceType: string,
  id: string,
): Promise<ResourceVersion & { resource: Resource }> {
  assertResourceTypeName(resourceType);
  const version = isValidId(id) ? await reader.read(resourceType, id) : undefined;
  if (version === undefined) throw notFound(`${resourceType}/${id} not found`);
  if (version.deleted || version.resource === undefined) throw gone(`${resourceType}/${id} was deleted`);
  assertReadable(deps, ctx, version.resource);
  return { ...version, resource: version.resource };
}

/** read: the current version. */
export async function readResource(deps: RepoDeps, ctx: RequestContext, reader: FhirStoreReader, resourceType: string, id: string): Promise<Resource> {
  return (await readLive(deps, ctx, reader, resourceType, id)).resource;
}

/**
 * read as JSON text: the store's text when it keeps one and no compartment check needs the parsed
 * resource; otherwise `readResource`, stringified. Same answers (404 / 410) as `readResource`.
 */
export async function readResourceJson(deps: RepoDeps, ctx: RequestContext, store: FhirStore, resourceType: string, id: string): Promise<ResourceJson> {
  if (store.readJson === undefined || ctx.patientCompartment !== undefined) {
    const resource = await readResource(deps, ctx, store, resourceType, id);
    return { json: JSON.stringify(resource), meta: resource.meta ?? {} };
  }
  assertResourceTypeName(resourceType);
  const stored = isValidId(id) ? await store.readJson(resourceType, id) : undefined;
  if (stored === undefined) throw notFound(`${resourceType}/${id} not found`);
  if (stored.deleted || stored.json === undefined) throw gone(`${resourceType}/${id} was deleted`);
  return { json: stored.json, meta: { versionId: String(stored.versionId), lastUpdated: stored.lastUpdated } };
}

/** vread: one version; a deletion version → 410. */
export async function vreadResource(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<Resource> {
  assertResourceTypeName(resourceType);
  const n = /^[1-9][0-9]{0,15}$/.test(versionId) ? Number(versionId) : undefined;
  const version = n !== undefined && isValidId(id) ? await reader.vread(resourceType, id, n) : undefined;
  if (version === undefined) throw notFound(`${resourceType}/${id}/_history/${versionId} not found`);
  if (version.deleted || version.resource === undefined) throw gone(`${resourceType}/${id}/_history/${versionId} is a deletion`);
  assertReadable(deps, ctx, version.resource);
  return version.resource;
}
