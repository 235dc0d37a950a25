/**
 * Form parameters of the OAuth endpoints (`application/x-www-form-urlencoded`, kept as text by the body
 * parser). A repeated parameter is an `invalid_request` (RFC 6749 §3.1, §3.2).
 */
import type { Request } from 'express';
import { OAuthError } from '../../auth/oauth-error.js';

/** Parameters of a query or form string; throws `invalid_request` when one is repeated. */
export function uniqueParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(text)) {
    if (out.has(k)) throw new OAuthError('invalid_request', `Parameter ${k.slice(0, 40)} is repeated`);
    out.set(k, v);
  }
  return out;
}

/** The form body of a POST to an OAuth endpoint. */
export function formParams(req: Request): Map<string, string> {
  if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded');
  }
  return uniqueParams(req.body);
}

/** The query string of a request (without the `?`). */
export function queryString(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i < 0 ? '' : req.originalUrl.slice(i + 1);
}
