/**
 * HTTP helpers shared by the FHIR interaction handlers: response writing, versioning headers,
 * preconditions, `Prefer`, and the RequestContext built from a request.
 * https://hl7.org/fhir/R4/http.html
 */
import type { Request, Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import { allOk, badRequest, notFound } from '../../core/outcomes.js';
import type { RequestContext, WriteOptions, WriteResult } from '../../repository/types.js';
import type { ApiConfig } from '../types.js';
import { authOf } from '../middleware/auth-state.js';
import { accessOf } from '../middleware/authenticate.js';

/** The one FHIR response media type. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Writes a FHIR JSON body (or nothing for `undefined`). */
export function sendFhir(res: Response, status: number, body: unknown): void {
  res.status(status);
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', FHIR_JSON);
  res.send(JSON.stringify(body));
}

/** A route parameter that express guarantees to be present. */
export function param(req: Request, name: string): string {
  const v: unknown = req.params[name];
  if (typeof v !== 'string') throw badRequest(`Missing path parameter ${name}`);
  return v;
}

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** A logical id from the path; 400 when it is not a valid FHIR id. https://hl7.org/fhir/R4/datatypes.html#id */
export function idParam(req: Request, name = 'id'): string {
  const id = param(req, name);
  if (id.startsWith('$')) throw notFound(`Unknown operation '${id.slice(0, 80)}'`);
  if (!ID_RE.test(id)) throw badRequest(`Invalid resource id '${id.slice(0, 80)}'`);
  return id;
}

/** `{base}/fhir`, from the configured public URL or the request. */
export function fhirBase(req: Request, config: ApiConfig): string {
  return `${config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}/fhir`;
}

/** Parsed `Prefer` header. https://hl7.org/fhir/R4/http.html#ops */
export interface Prefer {
  readonly return: 'minimal' | 'representation' | 'OperationOutcome' | undefined;
  readonly lenient: boolean;
}

export function parsePrefer(req: Request): Prefer {
  let ret: Prefer['return'];
  let lenient = false;
  for (const part of (req.get('prefer') ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'return' && (v === 'minimal' || v === 'representation' || v === 'OperationOutcome')) ret = v;
    if (k === 'handling') lenient = v === 'lenient';
  }
  return { return: ret, lenient };
}

/** The interaction context for the repository, confined to the Patient compartment the token's decisions need. */
export function requestCtx(req: Request, res: Response, config: ApiConfig): RequestContext {
  const auth = authOf(res);
  return {
    baseUrl: fhirBase(req, config),
    source: auth ? `#${auth.clientId}` : undefined,
    lenient: parsePrefer(req).lenient,
    patientCompartment: accessOf(res)?.compartment,
  };
}

/** The version in a `W/"n"` (or `"n"`) entity tag, or undefined when it is not one. */
export function versionFromEtag(tag: string): number | undefined {
  const m = /^(?:W\/)?"(\d{1,15})"$/.exec(tag.trim());
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** `If-Match` → `ifMatch`; a malformed value is a 400. `If-None-Exist` → `ifNoneExist`. */
export function writeOptions(req: Request): WriteOptions {
  const out: { ifMatch?: number; ifNoneExist?: string } = {};
  const ifMatch = req.get('if-match');
  if (ifMatch !== undefined) {
    const v = versionFromEtag(ifMatch);
    if (v === undefined) throw badRequest(`If-Match must be a version ETag like W/"3", got '${ifMatch.slice(0, 40)}'`);
    out.ifMatch = v;
  }
  const ifNoneExist = req.get('if-none-exist');
  if (ifNoneExist !== undefined) out.ifNoneExist = ifNoneExist.replace(/^[^?]*\?/, '');
  return out;
}

/** Sets ETag and Last-Modified from `meta`. */
export function setVersionHeaders(
  res: { setHeader(name: string, value: string): unknown },
  resource: { readonly meta?: { readonly versionId?: string | undefined; readonly lastUpdated?: string | undefined } | undefined },
): void {
  const vid = resource.meta?.versionId;
  if (vid !== undefined) res.setHeader('ETag', `W/"${vid}"`);
  const lu = resource.meta?.lastUpdated;
  if (lu !== undefined) {
    const d = new Date(lu);
    if (!Number.isNaN(d.getTime())) res.setHeader('Last-Modified', d.toUTCString());
  }
}

/** `{base}/Type/id/_history/n`. */
export function versionUrl(base: string, resource: Resource): string {
  const vid = resource.meta?.versionId;
  return `${base}/${resource.resourceType}/${resource.id ?? ''}${vid !== undefined ? `/_history/${vid}` : ''}`;
}

/** Writes a create / update / patch result, honouring `Prefer: return`. */
export function sendWriteResult(req: Request, res: Response, result: WriteResult, base: string): void {
  setVersionHeaders(res, result.resource);
  const loc = versionUrl(base, result.resource);
  if (result.created) res.setHeader('Location', loc);
  res.setHeader('Content-Location', loc);
  const status = result.created ? 201 : 200;
  switch (parsePrefer(req).return) {
    case 'minimal':
      sendFhir(res, status, undefined);
      return;
    case 'OperationOutcome':
      sendFhir(res, status, result.outcome ?? allOk(result.created ? 'Created' : result.changed ? 'Updated' : 'No change'));
      return;
    case 'representation':
    case undefined:
      sendFhir(res, status, result.resource);
      return;
  }
}

/** The JSON body as an object with `resourceType`; 400 otherwise. */
export function resourceBody(req: Request): Record<string, unknown> & { resourceType: string } {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Request body must be a FHIR resource (JSON object)');
  const rt: unknown = (body as Record<string, unknown>)['resourceType'];
  if (typeof rt !== 'string') throw badRequest('Request body has no resourceType', 'resourceType');
  return body as Record<string, unknown> & { resourceType: string };
}

/** Query string of the request as URLSearchParams (order kept), without HTTP-only `_format` / `_pretty`. */
export function queryParams(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  const params = new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
  params.delete('_format');
  params.delete('_pretty');
  return params;
}

/** Raw query string after `?` (for conditional operations), without `_format` / `_pretty`. */
export function conditionalQuery(req: Request): string {
  const q = queryParams(req).toString();
  if (q === '') throw badRequest('A conditional operation needs search parameters');
  return q;
}

/** 404 for an unknown resource type. */
export function unknownType(type: string): never {
  throw notFound(`Unknown resource type '${type.slice(0, 80)}'`);
}
