/**
 * Token endpoint `POST /oauth2/token`: `client_credentials` with the client secret via HTTP Basic or
 * in the form body. Errors are RFC 6749 §5.2 JSON. https://datatracker.ietf.org/doc/html/rfc6749#section-4.4
 */
import type { Request, RequestHandler } from 'express';
import type { AuthService, ClientCredentials } from '../../auth/auth-service.js';
import { OAuthError } from '../../auth/oauth-error.js';

/** Form parameters; a repeated parameter is an `invalid_request` (RFC 6749 §3.2). */
function formParams(req: Request): Map<string, string> {
  if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') {
    throw new OAuthError('invalid_request', 'The token request must be application/x-www-form-urlencoded');
  }
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(req.body)) {
    if (out.has(k)) throw new OAuthError('invalid_request', `Parameter ${k} is repeated`);
    out.set(k, v);
  }
  return out;
}

/** Decodes HTTP Basic client credentials (form-urlencoded id and secret, RFC 6749 §2.3.1). */
export function basicCredentials(header: string): ClientCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  try {
    const dec = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: dec(decoded.slice(0, i)), clientSecret: dec(decoded.slice(i + 1)) };
  } catch {
    return undefined;
  }
}

function clientCredentials(req: Request, form: Map<string, string>, markBasic: () => void): ClientCredentials {
  const header = req.get('authorization');
  const postId = form.get('client_id');
  const postSecret = form.get('client_secret');
  if (header !== undefined) {
    markBasic();
    if (postSecret !== undefined) throw new OAuthError('invalid_request', 'Use one client authentication method, not two');
    const creds = basicCredentials(header);
    if (!creds) throw new OAuthError('invalid_client', 'Malformed HTTP Basic client credentials');
    if (postId !== undefined && postId !== creds.clientId) throw new OAuthError('invalid_request', 'client_id does not match the authenticated client');
    return creds;
  }
  if (postId === undefined || postSecret === undefined) throw new OAuthError('invalid_client', 'Client authentication is required');
  return { clientId: postId, clientSecret: postSecret };
}

export function tokenEndpoint(auth: AuthService): RequestHandler {
  return async (req, res) => {
    const form = formParams(req);
    const creds = clientCredentials(req, form, () => {
      res.locals['basicAuthAttempted'] = true;
    });
    const client = await auth.authenticateClient(creds);
    const grantType = form.get('grant_type');
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', `grant_type '${grantType.slice(0, 60)}' is not supported`);
    const token = await auth.clientCredentials(client, form.get('scope'));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.status(200).json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope });
  };
}
