/**
 * transaction / batch: `POST [base]` with a Bundle. Scopes are checked per entry before anything runs.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { RequestHandler, Response } from 'express';
import { badRequest } from '../../core/outcomes.js';
import type { Permission } from '../../auth/scopes.js';
import { requireScope } from '../middleware/authenticate.js';
import type { FhirDeps } from './deps.js';
import { parsePrefer, requestCtx, resourceBody, sendFhir } from './http.js';

/** The permission and type an entry's `request` needs (`*` when the URL names no type). */
export function entryPermission(method: unknown, url: unknown): { type: string; permission: Permission } {
  const u = typeof url === 'string' ? url : '';
  const path = u.split('?')[0] ?? '';
  const segments = path.split('/').filter((s) => s !== '');
  const first = segments[0];
  const type = first !== undefined && /^[A-Z][A-Za-z]+$/.test(first) ? first : '*';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (segments.includes('_history')) return { type, permission: 'r' };
      // Compartment search `Patient/1/Observation` returns the last segment's type.
      if (segments.length === 3 && /^[A-Z]/.test(segments[2] ?? '')) return { type: segments[2] ?? '*', permission: 's' };
      return { type, permission: segments.length >= 2 && segments[1] !== '_search' ? 'r' : 's' };
    case 'POST':
      return { type, permission: segments[1] === '_search' ? 's' : 'c' };
    case 'PUT':
    case 'PATCH':
      return { type, permission: 'u' };
    case 'DELETE':
      return { type, permission: 'd' };
    default:
      // Unknown methods are rejected by the repository; ask for the widest scope meanwhile.
      return { type: '*', permission: 'd' };
  }
}

/** Checks every entry's interaction against the token's scopes. */
export function requireBundleScopes(res: Response, bundle: Record<string, unknown>): void {
  const entries = bundle['entry'];
  if (entries === undefined) return;
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array', 'Bundle.entry');
  for (const entry of entries as unknown[]) {
    const request = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['request'] : undefined;
    const r = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
    const { type, permission } = entryPermission(r['method'], r['url']);
    requireScope(res, type, permission);
  }
}

export function transaction(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const body = resourceBody(req);
    if (body.resourceType !== 'Bundle') throw badRequest('POST to the base needs a Bundle', 'resourceType');
    if (body['type'] !== 'transaction' && body['type'] !== 'batch') throw badRequest("Bundle.type must be 'transaction' or 'batch'", 'Bundle.type');
    requireBundleScopes(res, body);
    const prefer = parsePrefer(req).return;
    sendFhir(res, 200, await deps.repo.bundle(requestCtx(req, res, deps.config), body, prefer === undefined ? {} : { prefer }));
  };
}
