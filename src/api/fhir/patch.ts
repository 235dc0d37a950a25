/**
 * patch: `PATCH [base]/[type]/[id]` (and conditional `PATCH [base]/[type]?query`) with a JSON Patch
 * (`application/json-patch+json`) or a FHIRPath Patch (a `Parameters` body, `application/fhir+json`).
 * https://hl7.org/fhir/R4/http.html#patch
 */
import type { Request, RequestHandler } from 'express';
import type { Parameters } from 'fhir/r4.js';
import { badRequest, fail } from '../../core/outcomes.js';
import type { PatchBody } from '../../repository/types.js';
import { requireScope } from '../middleware/authenticate.js';
import { refuseRestricted } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { conditionalQuery, idParam, param, requestCtx, sendWriteResult, writeOptions } from './http.js';

/** The patch document by Content-Type. */
export function patchBody(req: Request): PatchBody {
  const body: unknown = req.body;
  if (req.is('application/json-patch+json')) {
    if (!Array.isArray(body)) throw badRequest('A JSON Patch body must be an array of operations');
    return { kind: 'json-patch', operations: body };
  }
  if (req.is(['application/fhir+json', 'application/json', 'application/json+fhir'])) {
    if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'Parameters') {
      throw badRequest('A FHIRPath Patch body must be a Parameters resource');
    }
    return { kind: 'fhirpath-patch', parameters: body as Parameters };
  }
  throw fail('unsupported-media-type', 'PATCH needs application/json-patch+json (JSON Patch) or application/fhir+json (FHIRPath Patch)');
}

export function patch(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    refuseRestricted(res, requireScope(res, type, 'u'), 'Patch');
    const ctx = requestCtx(req, res, deps.config);
    const result = await deps.repo.patch(ctx, type, idParam(req), patchBody(req), writeOptions(req));
    sendWriteResult(req, res, result, ctx.baseUrl);
  };
}

export function conditionalPatch(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    refuseRestricted(res, requireScope(res, type, 'u'), 'Conditional patch');
    const ctx = requestCtx(req, res, deps.config);
    const result = await deps.repo.conditionalPatch(ctx, type, conditionalQuery(req), patchBody(req), writeOptions(req));
    sendWriteResult(req, res, result, ctx.baseUrl);
  };
}
