/**
 * history: instance `GET [base]/[type]/[id]/_history`, type `GET [base]/[type]/_history`, system
 * `GET [base]/_history`; `_since`, `_at`, `_count`. https://hl7.org/fhir/R4/http.html#history
 */
import type { RequestHandler } from 'express';
import { requireScope } from '../middleware/authenticate.js';
import { filterBundle } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, queryParams, requestCtx, sendFhir } from './http.js';

export function history(deps: FhirDeps, level: 'system' | 'type' | 'instance'): RequestHandler {
  return async (req, res) => {
    const type = level === 'system' ? undefined : param(req, 'type');
    const id = level === 'instance' ? idParam(req) : undefined;
    requireScope(res, type ?? '*', 'r');
    const bundle = await deps.repo.history(requestCtx(req, res, deps.config), type, id, queryParams(req));
    if (filterBundle(res, deps.registry, bundle)) delete bundle.total;
    sendFhir(res, 200, bundle);
  };
}
