/**
 * update: `PUT [base]/[type]/[id]` (also create with a client id), `If-Match` for version-aware
 * updates, `If-None-Match: *` for create-only; conditional update `PUT [base]/[type]?query`.
 * https://hl7.org/fhir/R4/http.html#update
 */
import type { RequestHandler } from 'express';
import type { Resource } from 'fhir/r4.js';
import { badRequest, isOperationOutcomeError, preconditionFailed } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies, refuseRestricted } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { conditionalQuery, idParam, param, requestCtx, resourceBody, sendWriteResult, writeOptions } from './http.js';

export function update(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'u');
    const id = idParam(req);
    const body = resourceBody(req);
    if (body.resourceType !== type) throw badRequest(`Resource type '${body.resourceType}' does not match the URL (${type})`, 'resourceType');
    if (body['id'] !== id) throw badRequest(`Resource id must be present and equal the URL id (${id})`, 'id');
    const ctx = requestCtx(req, res, deps.config);
    if (decision.constraints !== undefined) {
      // Both the new content and the version it replaces must be within the restriction.
      assertSatisfies(res, deps.registry, decision, body);
      const current = await currentOf(deps, ctx, type, id);
      if (current !== undefined) assertSatisfies(res, deps.registry, decision, current);
    }
    const inm = req.get('if-none-match');
    if (inm !== undefined) {
      if (inm.trim() !== '*') throw badRequest('On update, If-None-Match supports only *');
      if (await exists(deps, ctx, type, id)) throw preconditionFailed(`${type}/${id} already exists (If-None-Match: *)`);
    }
    const result = await deps.repo.update(ctx, type, id, body, writeOptions(req));
    sendWriteResult(req, res, result, ctx.baseUrl);
  };
}

/** `PUT [base]/[type]?query`. */
export function conditionalUpdate(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    refuseRestricted(res, requireScope(res, type, 'u'), 'Conditional update');
    const body = resourceBody(req);
    if (body.resourceType !== type) throw badRequest(`Resource type '${body.resourceType}' does not match the URL (${type})`, 'resourceType');
    const ctx = requestCtx(req, res, deps.config);
    const result = await deps.repo.conditionalUpdate(ctx, type, conditionalQuery(req), body, writeOptions(req));
    sendWriteResult(req, res, result, ctx.baseUrl);
  };
}

async function exists(deps: FhirDeps, ctx: Parameters<FhirDeps['repo']['read']>[0], type: string, id: string): Promise<boolean> {
  return (await currentOf(deps, ctx, type, id)) !== undefined;
}

async function currentOf(deps: FhirDeps, ctx: Parameters<FhirDeps['repo']['read']>[0], type: string, id: string): Promise<Resource | undefined> {
  try {
    return await deps.repo.read(ctx, type, id);
  } catch (e) {
    if (isOperationOutcomeError(e) && (e.category === 'not-found' || e.category === 'gone')) return undefined;
    throw e;
  }
}
