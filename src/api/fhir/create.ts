/**
 * create: `POST [base]/[type]`, conditional with `If-None-Exist` (200 when a match exists).
 * https://hl7.org/fhir/R4/http.html#create
 */
import type { RequestHandler } from 'express';
import { badRequest } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { param, requestCtx, resourceBody, sendWriteResult, writeOptions } from './http.js';

export function create(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'c');
    const body = resourceBody(req);
    if (body.resourceType !== type) throw badRequest(`Resource type '${body.resourceType}' does not match the URL (${type})`, 'resourceType');
    assertSatisfies(res, deps.registry, decision, body);
    const ctx = requestCtx(req, res, deps.config);
    const { ifMatch: _ignored, ...options } = writeOptions(req);
    const result = await deps.repo.create(ctx, body, options);
    sendWriteResult(req, res, result, ctx.baseUrl);
  };
}
