/**
 * Token introspection `POST /oauth2/introspect` (RFC 7662) and revocation `POST /oauth2/revoke`
 * (RFC 7009), both for authenticated clients (any registered method).
 * https://datatracker.ietf.org/doc/html/rfc7662, https://datatracker.ietf.org/doc/html/rfc7009
 */
import type { RequestHandler } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { formParams } from './form-params.js';

const HINTS = new Set(['access_token', 'refresh_token']);

async function clientAndToken(auth: AuthService, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) {
  const form = formParams(req);
  const authorization = req.get('authorization');
  if (authorization !== undefined) res.locals['basicAuthAttempted'] = true;
  const { client } = await auth.authenticateRequest({ authorization, form });
  const token = form.get('token');
  if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is required');
  const hint = form.get('token_type_hint');
  // RFC 7009 §2.2.1: an unknown hint is an error for revocation; we treat it alike for introspection.
  if (hint !== undefined && !HINTS.has(hint)) throw new OAuthError('unsupported_token_type', `token_type_hint '${hint.slice(0, 40)}' is not supported`);
  return { client, token };
}

/** `POST /oauth2/introspect`. */
export function introspectEndpoint(auth: AuthService): RequestHandler {
  return async (req, res) => {
    const { client, token } = await clientAndToken(auth, req, res);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(await auth.introspect(client, token));
  };
}

/** `POST /oauth2/revoke`: 200 with an empty body whether or not the token was known. */
export function revokeEndpoint(auth: AuthService): RequestHandler {
  return async (req, res) => {
    const { client, token } = await clientAndToken(auth, req, res);
    await auth.revokeToken(client, token);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end();
  };
}
