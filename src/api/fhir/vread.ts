/**
 * vread: `GET [base]/[type]/[id]/_history/[vid]`. https://hl7.org/fhir/R4/http.html#vread
 */
import type { RequestHandler } from 'express';
import { badRequest } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, requestCtx } from './http.js';
import { sendResource } from './read.js';
import { assertSatisfies } from './enforce.js';

export function vread(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'r');
    const vid = param(req, 'vid');
    if (!/^[1-9]\d{0,14}$/.test(vid)) throw badRequest(`Invalid version id '${vid.slice(0, 40)}'`);
    const resource = await deps.repo.vread(requestCtx(req, res, deps.config), type, idParam(req), vid);
    assertSatisfies(res, deps.registry, decision, resource);
    sendResource(req, res, resource);
  };
}
