/**
 * `$meta`, `$meta-add`, `$meta-delete` on an instance (and `$meta` on a version): read, add or remove
 * profiles, tags and security labels. https://hl7.org/fhir/R4/resource-operation-meta.html
 */
import type { RequestHandler } from 'express';
import type { Parameters } from 'fhir/r4.js';
import { badRequest } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, requestCtx, sendFhir } from './http.js';
import { parameter } from './validate.js';

/** `$meta` at type level (`GET|POST [base]/[type]/$meta`) or system level (`[base]/$meta`): the meta in use. */
export function metaInUse(deps: FhirDeps, level: 'type' | 'system'): RequestHandler {
  return async (req, res) => {
    const type = level === 'type' ? param(req, 'type') : undefined;
    requireScope(res, type ?? '*', 's');
    sendFhir(res, 200, await deps.repo.metaInUse(requestCtx(req, res, deps.config), type));
  };
}

export function meta(deps: FhirDeps, op: '$meta' | '$meta-add' | '$meta-delete'): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const id = idParam(req);
    const decision = requireScope(res, type, op === '$meta' ? 'r' : 'u');
    const ctx = requestCtx(req, res, deps.config);
    if (decision.constraints !== undefined) assertSatisfies(res, deps.registry, decision, await deps.repo.read(ctx, type, id));
    if (op === '$meta') {
      const vid: unknown = req.params['vid'];
      if (vid !== undefined && (typeof vid !== 'string' || !/^[1-9]\d{0,14}$/.test(vid))) throw badRequest('Invalid version id');
      sendFhir(res, 200, await deps.repo.meta(ctx, type, id, typeof vid === 'string' ? vid : undefined));
      return;
    }
    const body: unknown = req.body;
    const change = typeof body === 'object' && body !== null && (body as { resourceType?: unknown }).resourceType === 'Parameters'
      ? parameter(body as Parameters, 'meta')?.valueMeta
      : undefined;
    if (change === undefined) throw badRequest(`${op} needs a Parameters body with a "meta" parameter (valueMeta)`);
    const result = op === '$meta-add' ? await deps.repo.metaAdd(ctx, type, id, change) : await deps.repo.metaDelete(ctx, type, id, change);
    sendFhir(res, 200, result);
  };
}
