/**
 * read: `GET [base]/[type]/[id]`, with `If-None-Match` / `If-Modified-Since` → 304.
 * https://hl7.org/fhir/R4/http.html#read
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import { requireScope } from '../middleware/authenticate.js';
import { assertSatisfies } from './enforce.js';
import type { FhirDeps } from './deps.js';
import { idParam, param, requestCtx, sendFhir, setVersionHeaders, versionFromEtag } from './http.js';

/** True when the client's cached copy is current (`If-None-Match` first, else `If-Modified-Since`). */
export function notModified(req: Request, resource: Resource): boolean {
  const inm = req.get('if-none-match');
  const vid = resource.meta?.versionId;
  if (inm !== undefined) {
    return inm.split(',').some((t) => t.trim() === '*' || (vid !== undefined && versionFromEtag(t) === Number(vid)));
  }
  const ims = req.get('if-modified-since');
  const lu = resource.meta?.lastUpdated;
  if (ims !== undefined && lu !== undefined) {
    const since = Date.parse(ims);
    // HTTP dates have second precision: compare at that precision.
    return !Number.isNaN(since) && Math.floor(Date.parse(lu) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** Sends a resource with its version headers, or 304. */
export function sendResource(req: Request, res: Response, resource: Resource): void {
  setVersionHeaders(res, resource);
  if (notModified(req, resource)) {
    sendFhir(res, 304, undefined);
    return;
  }
  sendFhir(res, 200, resource);
}

export function read(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    const type = param(req, 'type');
    const decision = requireScope(res, type, 'r');
    const resource = await deps.repo.read(requestCtx(req, res, deps.config), type, idParam(req));
    assertSatisfies(res, deps.registry, decision, resource);
    sendResource(req, res, resource);
  };
}
