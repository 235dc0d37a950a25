/**
 * delete: `DELETE [base]/[type]/[id]` (204; 200 with an OperationOutcome when asked by `Prefer`), and
 * conditional delete `DELETE [base]/[type]?query`. https://hl7.org/fhir/R4/http.html#delete
 */
import type { Request, RequestHandler, Response } from 'express';
import { allOk } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies, refuseRestricted } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { conditionalQuery, idParam, param, parsePrefer, requestCtx, sendFhir, writeOptions } from './http.js';

function sendDeleted(req: Request, res: Response, message: string): void {
  if (parsePrefer(req).return === 'OperationOutcome') sendFhir(res, 200, allOk(message));
  else sendFhir(res, 204, undefined);
}

export function deleteResource(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'd');
    const id = idParam(req);
    const ctx = requestCtx(req, res, deps.config);
    if (decision.constraints !== undefined) assertSatisfies(res, deps.registry, decision, await deps.repo.read(ctx, type, id));
    await deps.repo.delete(ctx, type, id, writeOptions(req));
    sendDeleted(req, res, `Deleted ${type}/${id}`);
  };
}

export function conditionalDelete(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    refuseRestricted(res, requireScope(res, type, 'd'), 'Conditional delete');
    const { deleted } = await deps.repo.conditionalDelete(requestCtx(req, res, deps.config), type, conditionalQuery(req));
    sendDeleted(req, res, `Deleted ${deleted} ${type} resource(s)`);
  };
}
