/**
 * `$validate` at type (`POST [base]/[type]/$validate`) and instance level
 * (`POST|GET [base]/[type]/[id]/$validate`), body a Parameters (`resource`, `mode`, `profile`) or the
 * raw resource. Always 200 with the outcome: a 4xx means validation could not run.
 * Scope: `r` on the type (it writes nothing, but reference checks reveal what exists).
 * https://hl7.org/fhir/R4/resource-operation-validate.html
 */
import type { Request, RequestHandler } from 'express';
import type { Parameters, ParametersParameter } from 'fhir/r4.js';
import { badRequest } from '../../core/outcomes.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, queryParams, requestCtx, sendFhir } from './http.js';

type Mode = 'create' | 'update' | 'delete' | undefined;

/** A named parameter of a Parameters body. */
export function parameter(p: Parameters, name: string): ParametersParameter | undefined {
  return p.parameter?.find((x) => x.name === name);
}

function parseMode(value: string | undefined): Mode {
  if (value === undefined || value === 'create' || value === 'update' || value === 'delete') return value;
  throw badRequest(`Unsupported $validate mode '${value.slice(0, 40)}'`, 'mode');
}

interface ValidateInput {
  resource: unknown;
  mode: Mode;
  profile: string | undefined;
}

function readInput(req: Request, type: string): ValidateInput {
  const q = queryParams(req);
  const body: unknown = req.body;
  let resource: unknown;
  let mode = q.get('mode') ?? undefined;
  let profile = q.get('profile') ?? undefined;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const obj = body as { resourceType?: unknown };
    if (obj.resourceType === 'Parameters' && type !== 'Parameters') {
      const p = body as Parameters;
      resource = parameter(p, 'resource')?.resource;
      mode = parameter(p, 'mode')?.valueCode ?? mode;
      profile = parameter(p, 'profile')?.valueUri ?? parameter(p, 'profile')?.valueCanonical ?? profile;
    } else {
      resource = body;
    }
  }
  if (resource !== undefined && (resource as { resourceType?: unknown }).resourceType !== type) {
    throw badRequest(`The resource to validate must be a ${type}`, 'resource');
  }
  return { resource, mode: parseMode(mode), profile };
}

export function validate(deps: FhirDeps, level: 'type' | 'instance'): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'r');
    const ctx = requestCtx(req, res, deps.config);
    const input = readInput(req, type);
    if (level === 'instance') {
      const id = idParam(req);
      input.mode ??= input.resource === undefined ? 'delete' : 'update';
      if (input.resource === undefined) input.resource = await deps.repo.read(ctx, type, id);
      else if (decision.constraints !== undefined) assertSatisfies(res, deps.registry, decision, await deps.repo.read(ctx, type, id));
      assertSatisfies(res, deps.registry, decision, input.resource);
    }
    if (input.resource === undefined) throw badRequest('$validate needs a resource (the body, or a Parameters with "resource")');
    sendFhir(res, 200, await deps.repo.validate(ctx, input.resource, input.mode, input.profile));
  };
}
