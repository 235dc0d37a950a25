/**
 * transaction / batch: `POST [base]` with a Bundle. Every entry's interaction is authorized before
 * anything runs: a refused entry makes a transaction 403 as a whole, and answers 403 for just that entry
 * of a batch (the others run). Read entries are then filtered by the token's granular restrictions.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { RequestHandler, Response } from 'express';
import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { badRequest, forbidden, type OperationOutcomeError } from '../../core/outcomes.js';
import type { Permission } from '../../auth/scopes.js';
import type { SearchParamRegistry } from '../../core/search/types.js';
import { accessOf, insufficientScope } from '../middleware/authenticate.js';
import type { FhirDeps } from './deps.js';
import { entryVisible, filterBundle } from './enforce.js';
import { parsePrefer, requestCtx, resourceBody, sendFhir } from './http.js';
import { satisfies } from '../../auth/policy/constraint-match.js';
import { createIndexExtractor } from '../../core/search/extract.js';

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

const extractors = new WeakMap<SearchParamRegistry, ReturnType<typeof createIndexExtractor>>();

/** The reason entry `i` is refused, or undefined when the token allows it. */
function entryRefusal(res: Response, registry: SearchParamRegistry, entry: unknown): string | undefined {
  const e = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const request = e['request'];
  const r = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
  const { type, permission } = entryPermission(r['method'], r['url']);
  const d = accessOf(res)?.check(type, permission);
  if (d === undefined) return 'A bearer access token is required';
  if (!d.allowed) return d.reason;
  if (d.constraints === undefined || permission === 'r' || permission === 's') return undefined;
  // Under a restricted scope only a create whose content matches the restriction can be checked.
  if (permission !== 'c') return `${String(r['method'])} entries are not allowed under a restricted (?param=) scope`;
  let extractor = extractors.get(registry);
  if (extractor === undefined) {
    extractor = createIndexExtractor(registry);
    extractors.set(registry, extractor);
  }
  const resource = e['resource'];
  const ok = typeof resource === 'object' && resource !== null && satisfies(extractor, resource as Parameters<typeof satisfies>[1], d.constraints);
  return ok ? undefined : `The entry's ${type} does not match the access token's restricted scope`;
}

/** Checks every entry (transaction: throws 403 on the first refusal). Answers the refusals by entry index. */
export function requireBundleScopes(res: Response, bundle: Record<string, unknown>, registry: SearchParamRegistry, atomic = true): Map<number, string> {
  const entries = bundle['entry'];
  const refused = new Map<number, string>();
  if (entries === undefined) return refused;
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array', 'Bundle.entry');
  for (const [i, entry] of (entries as unknown[]).entries()) {
    const reason = entryRefusal(res, registry, entry);
    if (reason === undefined) continue;
    if (atomic) insufficientScope(res, `Bundle.entry[${i}]: ${reason}`);
    refused.set(i, reason);
  }
  return refused;
}

/** Read entries' results narrowed to what the token's granular restrictions cover. */
function filterResponse(res: Response, registry: SearchParamRegistry, response: Bundle): void {
  response.entry = response.entry?.map((e): BundleEntry => {
    const r = e.resource;
    if (r === undefined) return e;
    if (r.resourceType === 'Bundle' && (r.type === 'searchset' || r.type === 'history')) {
      if (filterBundle(res, registry, r)) delete r.total;
      return e;
    }
    return entryVisible(res, registry, r) ? e : refusedEntry(forbidden(`${r.resourceType} is outside the access token's restricted scope`));
  });
}

function refusedEntry(error: OperationOutcomeError): BundleEntry {
  return { response: { status: '403', outcome: error.outcome } };
}

export function transaction(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const body = resourceBody(req);
    if (body.resourceType !== 'Bundle') throw badRequest('POST to the base needs a Bundle', 'resourceType');
    if (body['type'] !== 'transaction' && body['type'] !== 'batch') throw badRequest("Bundle.type must be 'transaction' or 'batch'", 'Bundle.type');
    const batch = body['type'] === 'batch';
    const refused = requireBundleScopes(res, body, deps.registry, !batch);
    const prefer = parsePrefer(req).return;
    const options = prefer === undefined ? {} : { prefer };
    const entries = Array.isArray(body['entry']) ? (body['entry'] as unknown[]) : undefined;
    const run = refused.size === 0 || entries === undefined ? body : { ...body, entry: entries.filter((_e, i) => !refused.has(i)) };
    const response = await deps.repo.bundle(requestCtx(req, res, deps.config), run, options);
    if (refused.size > 0 && entries !== undefined) {
      // Put the refused entries back in their places.
      const ran = response.entry ?? [];
      let k = 0;
      response.entry = entries.map((_e, i) => {
        const reason = refused.get(i);
        return reason !== undefined ? refusedEntry(forbidden(reason)) : (ran[k++] ?? { response: { status: '200 OK' } });
      });
    }
    filterResponse(res, deps.registry, response);
    sendFhir(res, 200, response);
  };
}
