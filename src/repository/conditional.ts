/**
 * Conditional interactions: resolving a search query to the resources it designates, and conditional
 * update / patch / delete built on it. https://hl7.org/fhir/R4/http.html#cond-update and #cdelete
 */
import type { Resource } from 'fhir/r4.js';
import { badRequest, fail, type OperationOutcomeError } from '../core/outcomes.js';
import { parseSearchRequest } from '../core/search/parse.js';
import type { SearchRequest } from '../core/search/types.js';
import type { FhirStoreReader, FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';
import type { PatchBody, RequestContext, WriteOptions } from './types.js';
import type { RepoDeps } from './context.js';
import { assertWritable } from './compartment.js';
import { asResource, assertResourceTypeName } from './resource-utils.js';
import { checkDeletable, commitDelete, commitResource, type CommitResult } from './write.js';
import { updateResource } from './update.js';
import { patchResource } from './patch.js';
import { expandTerminologyModifiers } from './terminology-search.js';

/** 412 for a conditional interaction matching more than one resource. */
export function multipleMatches(what: string, count: number): OperationOutcomeError {
  return fail('precondition-failed', `${what} matched ${count >= 2 ? 'more than one resource' : `${count} resources`}`);
}

/** The store version a search result stands for (search returns current versions). */
export function versionOf(resource: Resource): ResourceVersion {
  return {
    resourceType: resource.resourceType,
    id: resource.id ?? '',
    versionId: Number(resource.meta?.versionId ?? '1'),
    lastUpdated: resource.meta?.lastUpdated ?? '',
    deleted: false,
    method: 'PUT',
    resource,
  };
}

/** Parameters that shape results but select nothing. */
const RESULT_PARAMS = new Set(['_count', '_sort', '_include', '_revinclude', '_summary', '_elements', '_total', '_cursor', '_format', '_pretty', '_contained', '_containedType']);

/** Parses a conditional query (`identifier=a|b`, leading `?` allowed) into a search of `resourceType`. */
export function conditionalSearch(deps: RepoDeps, ctx: RequestContext, resourceType: string, query: string, count: number): SearchRequest {
  assertResourceTypeName(resourceType);
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  if (![...params.keys()].some((k) => !RESULT_PARAMS.has(k))) {
    throw badRequest(`A conditional interaction needs search criteria (got '${query}')`);
  }
  const parsed = parseSearchRequest(resourceType, params, deps.registry, {
    lenient: false,
    defaultCount: count,
    maxCount: Math.max(count, deps.config.maxCount),
    localBaseUrls: deps.config.localBaseUrls,
  });
  const compartment = ctx.patientCompartment !== undefined && deps.compartmentTypes.has(resourceType) ? ctx.patientCompartment : parsed.compartment;
  return { ...parsed, compartment, count, cursor: undefined, total: 'none', include: [], revinclude: [], summary: undefined, elements: undefined };
}

/** Up to `limit` current resources matching `query` (callers ask for 2 to tell "one" from "several"). */
export async function findConditionalMatches(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  resourceType: string,
  query: string,
  limit: number,
): Promise<ResourceVersion[]> {
  const page = await reader.search(await expandTerminologyModifiers(deps.terminology, conditionalSearch(deps, ctx, resourceType, query, limit)));
  return page.resources.slice(0, limit).map(versionOf);
}

/** `PUT /Type?query`: 0 matches → create (with the body id if any), 1 → update it, more → 412. */
export async function conditionalUpdateResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  query: string,
  body: unknown,
  options: WriteOptions | undefined,
  newId?: string,
): Promise<CommitResult> {
  const resource = asResource(body, resourceType);
  const matches = await findConditionalMatches(deps, ctx, tx, resourceType, query, 2);
  if (matches.length > 1) throw multipleMatches('Conditional update', matches.length);
  const match = matches[0];
  if (match === undefined) {
    if (resource.id !== undefined) return updateResource(deps, ctx, tx, resourceType, resource.id, resource, options);
    return commitResource(deps, ctx, tx, resource, newId ?? deps.ids(), undefined, 'PUT');
  }
  if (resource.id !== undefined && resource.id !== match.id) {
    throw badRequest(`Resource id '${resource.id}' differs from the matched resource '${match.id}'`, `${resourceType}.id`);
  }
  return updateResource(deps, ctx, tx, resourceType, match.id, { ...resource, id: match.id }, options);
}

/** `PATCH /Type?query`: exactly one match is patched; 0 → 404, more → 412. */
export async function conditionalPatchResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  query: string,
  patch: PatchBody,
  options: WriteOptions | undefined,
): Promise<CommitResult> {
  const matches = await findConditionalMatches(deps, ctx, tx, resourceType, query, 2);
  if (matches.length > 1) throw multipleMatches('Conditional patch', matches.length);
  const match = matches[0];
  if (match === undefined) throw fail('not-found', `No ${resourceType} matches '${query}'`);
  return patchResource(deps, ctx, tx, resourceType, match.id, patch, options);
}

/** `DELETE /Type?query`: deletes every match (none is fine). */
export async function conditionalDeleteResources(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  query: string,
): Promise<number> {
  const pageSize = deps.config.maxCount;
  const request = await expandTerminologyModifiers(deps.terminology, conditionalSearch(deps, ctx, resourceType, query, pageSize));
  const targets: ResourceVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await tx.search({ ...request, cursor });
    targets.push(...page.resources.map(versionOf));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const deleted: { resourceType: string; id: string }[] = [];
  for (const target of targets) {
    const current = await tx.read(target.resourceType, target.id);
    if (current?.resource === undefined || current.deleted) continue;
    assertWritable(deps, ctx, current.resource);
    await commitDelete(deps, tx, current);
    deleted.push({ resourceType: current.resourceType, id: current.id });
  }
  // Checked once all are deleted: matches may refer to each other.
  await checkDeletable(deps, tx, deleted);
  return targets.length;
}
