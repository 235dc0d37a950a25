/**
 * search: parses the request once (`parseSearchRequest`), runs it on the store, adds includes and builds
 * the searchset Bundle (self / next / previous links, `search.mode`, `_summary`, `_elements`, `_total`).
 * https://hl7.org/fhir/R4/search.html and https://hl7.org/fhir/R4/http.html#search
 */
import type { Bundle, BundleEntry, Resource } from 'fhir/r4.js';
import { forbidden, issue, outcome } from '../core/outcomes.js';
import { parseSearchRequest } from '../core/search/parse.js';
import type { SearchRequest } from '../core/search/types.js';
import { applyElements, applySummary } from '../core/summary.js';
import type { FhirStoreReader } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { canRead } from './compartment.js';
import { resolveIncludes } from './includes.js';
import { fullUrlOf, pageLinks } from './links.js';
import { asFhirResource, assertResourceTypeName } from './resource-utils.js';
import { expandTerminologyModifiers } from './terminology-search.js';

/** Parses a search and applies the caller's patient-compartment restriction. */
export function parseSearch(
  deps: RepoDeps,
  ctx: RequestContext,
  resourceType: string | undefined,
  params: URLSearchParams,
  compartment: string | undefined,
): SearchRequest {
  if (resourceType !== undefined) assertResourceTypeName(resourceType);
  const restriction = ctx.patientCompartment;
  if (restriction !== undefined && compartment !== undefined && compartment !== restriction) {
    throw forbidden(`Access is limited to the compartment ${restriction}`);
  }
  const options = {
    lenient: ctx.lenient, defaultCount: deps.config.defaultCount, maxCount: deps.config.maxCount, defaultTotal: deps.config.defaultTotal,
    localBaseUrls: deps.config.localBaseUrls,
  };
  const request = parseSearchRequest(resourceType, params, deps.registry, compartment === undefined ? options : { ...options, compartment });
  let result: SearchRequest = request;
  if (restriction !== undefined) {
    const types = request.resourceTypes.length > 0 ? request.resourceTypes : resourceType !== undefined ? [resourceType] : [];
    if (types.length === 0 || types.some((t) => deps.compartmentTypes.has(t))) result = { ...result, compartment: restriction };
  }
  if (result.summary === 'count') result = { ...result, total: result.total === 'none' ? 'accurate' : result.total, count: 0 };
  // Later pages without an explicit `_total` reuse the first page's count (carried in the cursor where
  // the store can) instead of recounting every match on every page.
  else if (result.cursor !== undefined && result.total === 'accurate' && !params.has('_total')) result = { ...result, total: 'estimate' };
  return result;
}

/** Projects a resource per `_summary` / `_elements`. */
function project(deps: RepoDeps, request: SearchRequest, resource: Resource): Resource {
  if (request.summary !== undefined && request.summary !== 'count' && request.summary !== 'false') {
    return applySummary(resource, request.summary, deps.summaries());
  }
  if (request.elements !== undefined && request.elements.length > 0) return applyElements(resource, request.elements, deps.summaries());
  return resource;
}

/** Runs a search and builds the searchset Bundle. `compartment` is the URL compartment (`Patient/123`). */
export async function searchBundle(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  resourceType: string | undefined,
  params: URLSearchParams,
  compartment?: string,
): Promise<Bundle> {
  // `:in` / `:not-in` / `:below` / `:above` on tokens become token lists the store can match.
  const request = await expandTerminologyModifiers(deps.terminology, parseSearch(deps, ctx, resourceType, params, compartment));
  const page = await reader.search(request);
  const matches = page.resources.filter((r) => canRead(deps, ctx, r));
  const selfParams = request.selfParams.filter(([k]) => k !== '_cursor');
  const path = resourceType === undefined ? '' : compartment !== undefined ? `${compartment}/${resourceType}` : resourceType;
  const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset' };
  if (page.total !== undefined) bundle.total = page.total;
  bundle.link = pageLinks(ctx.baseUrl, path, selfParams, { self: request.cursor, next: page.nextCursor, previous: page.previousCursor });
  if (request.summary === 'count') {
    bundle.entry = [];
    bundle.link = bundle.link.filter((l) => l.relation === 'self');
    return bundle;
  }
  const { included, truncated } = await resolveIncludes(deps, ctx, reader, request, matches);
  const entry = (r: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: fullUrlOf(ctx.baseUrl, r.resourceType, r.id ?? ''),
    resource: asFhirResource(project(deps, request, r)),
    search: { mode },
  });
  const entries = [...matches.map((r) => entry(r, 'match')), ...included.map((r) => entry(r, 'include'))];
  if (truncated) {
    entries.push({
      resource: outcome(issue('warning', 'too-costly', `Only the first ${deps.config.maxIncludes} included resources are returned`)),
      search: { mode: 'outcome' },
    });
  }
  bundle.entry = entries;
  return bundle;
}
