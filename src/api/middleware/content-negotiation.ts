/**
 * Content negotiation for the FHIR API: JSON only. XML (`Accept` / `_format` → 406, `Content-Type`
 * → 415) is refused with an OperationOutcome; see docs/decisions/xml-not-supported.md.
 * https://hl7.org/fhir/R4/http.html#mime-type
 */
import type { RequestHandler } from 'express';
import { fail } from '../../core/outcomes.js';

const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir', 'json', '*/*', 'application/*']);
const XML_TYPES = new Set(['application/fhir+xml', 'application/xml', 'text/xml', 'application/xml+fhir', 'xml']);

/** Media ranges of an Accept header with q > 0, lower-cased, without parameters. */
function acceptedRanges(accept: string): string[] {
  const out: string[] = [];
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!range) continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    out.push(range);
  }
  return out;
}

function answersJson(wanted: readonly string[]): boolean {
  return wanted.length === 0 || wanted.some((t) => JSON_TYPES.has(t));
}

/** True when a request with this `Accept` header (and no `_format`) may be answered with FHIR JSON. */
export function acceptsJson(accept: string | undefined): boolean {
  // The common cases without parsing.
  if (accept === undefined || accept === 'application/fhir+json' || accept === 'application/json' || accept === '*/*') return true;
  return answersJson(acceptedRanges(accept));
}

/** Decides whether the response can be JSON; throws 406 otherwise. `_format` wins over `Accept`. */
export function negotiateResponse(): RequestHandler {
  return (req, _res, next) => {
    const i = req.originalUrl.indexOf('?');
    const format = i < 0 ? null : new URLSearchParams(req.originalUrl.slice(i + 1)).get('_format');
    const accept = req.get('accept');
    const wanted = format !== null ? [format.trim().toLowerCase()] : acceptsJson(accept) ? [] : acceptedRanges(accept ?? '*/*');
    if (answersJson(wanted)) {
      next();
      return;
    }
    if (wanted.some((t) => XML_TYPES.has(t))) throw fail('not-acceptable', 'XML is not supported by this server; use application/fhir+json');
    throw fail('not-acceptable', `Cannot produce ${wanted.join(', ').slice(0, 100)}; this server answers application/fhir+json`);
  };
}

/** Media types a request body may have, by purpose. */
export const BODY_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir', 'application/json-patch+json', 'application/x-www-form-urlencoded'];

/** Refuses request bodies that are not JSON (or form data): 415, with a clear word for XML. */
export function checkRequestType(): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers)) {
      next();
      return;
    }
    const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (BODY_TYPES.includes(type)) {
      next();
      return;
    }
    if (XML_TYPES.has(type)) throw fail('unsupported-media-type', 'XML is not supported by this server; send application/fhir+json');
    throw fail('unsupported-media-type', type === '' ? 'Content-Type is required' : `Unsupported Content-Type '${type.slice(0, 80)}'`);
  };
}

/** True when the request carries a body (per RFC 9112 §6.3). */
export function hasBody(headers: { 'transfer-encoding'?: string | undefined; 'content-length'?: string | undefined }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
