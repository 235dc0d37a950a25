/**
 * search: type `GET [base]/[type]?params` and `POST [base]/[type]/_search` (form body), system
 * `GET [base]?params` / `POST [base]/_search`, and Patient compartment `GET [base]/Patient/[id]/[type]`.
 * https://hl7.org/fhir/R4/search.html
 */
import type { Request, RequestHandler, Response } from 'express';
import { fail } from '../../core/outcomes.js';
import type { SearchParamRegistry } from '../../core/search/types.js';
import { requireScope } from '../middleware/authenticate.js';
import { filterBundle, guardConfinedSearch, narrowSearch } from './enforce.js';
import { hasBody } from '../middleware/content-negotiation.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, queryParams, requestCtx, sendFhir, unknownType } from './http.js';

/** URL parameters, then (for POST `_search`) the form body's, in order. */
export function searchParams(req: Request): URLSearchParams {
  const params = queryParams(req);
  if (req.method !== 'POST' || !hasBody(req.headers)) return params;
  if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') {
    throw fail('unsupported-media-type', '_search needs an application/x-www-form-urlencoded body');
  }
  for (const [k, v] of new URLSearchParams(req.body)) {
    if (k !== '_format' && k !== '_pretty') params.append(k, v);
  }
  return params;
}

/**
 * Scope checks beyond the searched type: resources pulled in by `_include` need `r` on their type,
 * `_revinclude` on its source type. Unknown targets need the wildcard.
 */
export function requireIncludeScopes(res: Response, params: URLSearchParams, registry: SearchParamRegistry): void {
  for (const [k, v] of params) {
    const name = k.split(':')[0];
    if (name !== '_include' && name !== '_revinclude') continue;
    const [source = '*', code = '*', target] = v.split(':');
    if (name === '_revinclude') {
      requireScope(res, source === '' ? '*' : source, 'r');
      continue;
    }
    const targets = target !== undefined && target !== '' ? [target] : (registry.get(source, code)?.target ?? []);
    for (const t of targets.length > 0 ? targets : ['*']) requireScope(res, t, 'r');
  }
}

/** Runs an authorized search: restriction narrowing, confinement guards, then the page filter. */
async function runSearch(deps: FhirDeps, req: Request, res: Response, type: string | undefined, params: URLSearchParams, decision: Parameters<typeof narrowSearch>[1] | undefined, compartment?: string, restrictedElsewhere = false): Promise<void> {
  requireIncludeScopes(res, params, deps.registry);
  guardConfinedSearch(res, type, params);
  // Several restricted types in one system search cannot be narrowed in the query: filter, drop `total`.
  const { exact } = decision === undefined ? { exact: !restrictedElsewhere } : narrowSearch(params, decision);
  const bundle = await deps.repo.search(requestCtx(req, res, deps.config), type, params, compartment);
  if (filterBundle(res, deps.registry, bundle) || !exact) delete bundle.total;
  sendFhir(res, 200, bundle);
}

export function typeSearch(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 's');
    await runSearch(deps, req, res, type, searchParams(req), decision);
  };
}

export function systemSearch(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const params = searchParams(req);
    const types = params.getAll('_type').flatMap((t) => t.split(',')).filter((t) => t !== '');
    const decisions = (types.length > 0 ? types : ['*']).map((t) => requireScope(res, t, 's'));
    const single = decisions.length === 1 ? decisions[0] : undefined;
    await runSearch(deps, req, res, undefined, params, single, undefined, single === undefined && decisions.some((d) => d.constraints !== undefined));
  };
}

/** `GET [base]/Patient/[id]/[type]`. https://hl7.org/fhir/R4/compartmentdefinition-patient.html */
export function compartmentSearch(deps: FhirDeps, knownTypes: ReadonlySet<string>): RequestHandler {
  return async (req, res) => {
    const id = idParam(req);
    const type = param(req, 'compartmentType');
    if (!knownTypes.has(type)) unknownType(type);
    const decision = requireScope(res, type, 's');
    await runSearch(deps, req, res, type, searchParams(req), decision, `Patient/${id}`);
  };
}
