/**
 * `$everything`: `GET|POST [base]/Patient/[id]/$everything` and `[base]/Patient/$everything` (the token's
 * own patient: needs a patient-context token). Needs `r` on Patient; entries of types the token may not
 * read (or that do not match a granular restriction) are silently dropped, like a search. A confined
 * token asking for another patient gets 404, as a read would. See docs/authorization.md.
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
import type { Request, RequestHandler } from 'express';
import type { Bundle, BundleEntry, Parameters } from 'fhir/r4.js';
import { badRequest, notFound } from '../../core/outcomes.js';
import { accessOf, requireScope } from '../middleware/authenticate.js';
import type { FhirDeps } from './deps.js';
import { assertSatisfies, entryVisible } from './enforce.js';
import { idParam, queryParams, requestCtx, sendFhir } from './http.js';

/** The operation's parameters from the query and, for POST, a `Parameters` body. */
function operationParams(req: Request): URLSearchParams {
  const params = queryParams(req);
  const body: unknown = req.body;
  if (req.method !== 'POST' || body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return params;
  if (typeof body !== 'object' || Array.isArray(body) || (body as { resourceType?: unknown }).resourceType !== 'Parameters') {
    throw badRequest('The $everything body must be a Parameters resource');
  }
  for (const p of (body as Parameters).parameter ?? []) {
    const v = p.valueInstant ?? p.valueDateTime ?? p.valueDate ?? p.valueCode ?? p.valueString ?? (p.valueInteger !== undefined ? String(p.valueInteger) : undefined)
      ?? (p.valuePositiveInt !== undefined ? String(p.valuePositiveInt) : undefined);
    if (v === undefined) throw badRequest(`Parameter '${p.name.slice(0, 80)}' has no supported value`, p.name);
    params.append(p.name, v);
  }
  return params;
}

/** The `$everything` handler; `level: 'type'` serves `Patient/$everything` for the token's patient. */
export function everything(deps: FhirDeps, level: 'type' | 'instance'): RequestHandler {
  return async (req, res) => {
    const run = deps.repo.everything?.bind(deps.repo);
    if (run === undefined) throw notFound("Unknown operation '$everything'");
    const params = operationParams(req);
    const decision = requireScope(res, 'Patient', 'r');
    let id: string;
    if (level === 'instance') id = idParam(req);
    else {
      const compartment = accessOf(res)?.compartment;
      if (compartment === undefined) throw badRequest('Patient/$everything needs a patient-context token; use Patient/[id]/$everything');
      id = compartment.slice('Patient/'.length);
    }
    const ctx = requestCtx(req, res, deps.config);
    // 404 when not visible (another patient's, for a confined token); 403 outside a granular restriction.
    if (decision.constraints !== undefined) assertSatisfies(res, deps.registry, decision, await deps.repo.read(ctx, 'Patient', id));
    const bundle: Bundle = await run(ctx, id, params);
    const visible = (e: BundleEntry): boolean => e.resource === undefined || entryVisible(res, deps.registry, e.resource);
    const before = bundle.entry?.length ?? 0;
    bundle.entry = (bundle.entry ?? []).filter(visible);
    if (bundle.entry.length !== before) delete bundle.total;
    sendFhir(res, 200, bundle);
  };
}
