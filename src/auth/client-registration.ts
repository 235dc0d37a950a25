/**
 * Dynamic client registration (RFC 7591) metadata → a stored client. Only an `admin` token may register
 * (checked by the route). Secrets are generated here and returned once, stored only as scrypt hashes.
 * https://datatracker.ietf.org/doc/html/rfc7591#section-2
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { OAuthClient, TokenEndpointAuthMethod } from '../ports/client-store.js';
import { OAuthError } from './oauth-error.js';
import { parseScope } from './scopes.js';
import { hashSecret } from './secret-hash.js';

const METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'];
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A registered client and the response body of `POST /oauth2/register`. */
export interface Registration {
  readonly client: OAuthClient;
  readonly response: Record<string, unknown>;
}

const bad = (text: string): OAuthError => new OAuthError('invalid_client_metadata', text);

/** Validates RFC 7591 metadata and builds the client (with a fresh secret for symmetric methods). */
export async function registerClient(body: unknown, now: Date): Promise<Registration> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The body must be a JSON object');
  const m = body as Record<string, unknown>;
  const method = m['token_endpoint_auth_method'] ?? 'client_secret_basic';
  if (!METHODS.includes(method as TokenEndpointAuthMethod)) throw bad(`token_endpoint_auth_method must be one of ${METHODS.join(', ')}`);
  const authMethod = method as TokenEndpointAuthMethod;
  const grantTypes = stringList(m['grant_types'] ?? ['authorization_code'], 'grant_types');
  for (const g of grantTypes) if (!(GRANTS as readonly string[]).includes(g)) throw bad(`grant_types: '${g.slice(0, 40)}' is not supported`);
  if (grantTypes.includes('client_credentials') && authMethod === 'none') throw bad('A public client (none) cannot use client_credentials');
  const redirectUris = m['redirect_uris'] === undefined ? [] : stringList(m['redirect_uris'], 'redirect_uris');
  for (const u of redirectUris) checkUri(u, 'redirect_uris', 'invalid_redirect_uri');
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) throw new OAuthError('invalid_redirect_uri', 'redirect_uris is required for authorization_code');
  const scope = m['scope'];
  if (typeof scope !== 'string' || scope.trim() === '') throw bad('scope is required (space-separated SMART scopes)');
  for (const t of scope.split(' ').filter((x) => x !== '')) if (parseScope(t) === undefined) throw bad(`scope: '${t.slice(0, 80)}' is not a valid scope`);
  const keys = registeredKeys(m, authMethod);
  const name = m['client_name'];
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) throw bad('client_name must be a string of at most 200 characters');

  const clientId = randomUUID();
  const secret = authMethod === 'client_secret_basic' || authMethod === 'client_secret_post' ? randomBytes(32).toString('base64url') : undefined;
  const client: OAuthClient = {
    clientId,
    secretHash: secret === undefined ? undefined : await hashSecret(secret),
    scope: scope.split(' ').filter((x) => x !== '').join(' '),
    grantTypes,
    name: typeof name === 'string' ? name : undefined,
    createdAt: now.toISOString(),
    redirectUris,
    tokenEndpointAuthMethod: authMethod,
    ...keys,
  };
  const response: Record<string, unknown> = {
    client_id: clientId,
    client_id_issued_at: Math.floor(now.getTime() / 1000),
    ...(secret !== undefined && { client_secret: secret, client_secret_expires_at: 0 }),
    redirect_uris: redirectUris,
    grant_types: grantTypes,
    token_endpoint_auth_method: authMethod,
    scope: client.scope,
    ...(client.name !== undefined && { client_name: client.name }),
    ...(keys.jwks !== undefined && { jwks: keys.jwks }),
    ...(keys.jwksUri !== undefined && { jwks_uri: keys.jwksUri }),
  };
  return { client, response };
}

function stringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length > 20 || !v.every((x): x is string => typeof x === 'string' && x.length <= 2000)) {
    throw bad(`${field} must be an array of at most 20 strings`);
  }
  return [...new Set(v)];
}

/** https for every host; http only for loopback (native and test apps, RFC 8252 §7.3); no fragment. */
function checkUri(u: string, field: string, code: 'invalid_redirect_uri' | 'invalid_client_metadata'): void {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new OAuthError(code, `${field}: '${u.slice(0, 80)}' is not an absolute URI`);
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!ok || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new OAuthError(code, `${field}: '${u.slice(0, 80)}' must be https (http only on loopback), without fragment or credentials`);
  }
}

function registeredKeys(m: Record<string, unknown>, method: TokenEndpointAuthMethod): Pick<OAuthClient, 'jwks' | 'jwksUri'> {
  const jwks = m['jwks'];
  const jwksUri = m['jwks_uri'];
  if (method !== 'private_key_jwt') {
    if (jwks !== undefined || jwksUri !== undefined) throw bad('jwks / jwks_uri are only for private_key_jwt');
    return {};
  }
  if ((jwks === undefined) === (jwksUri === undefined)) throw bad('private_key_jwt needs exactly one of jwks and jwks_uri');
  if (typeof jwksUri === 'string') {
    checkUri(jwksUri, 'jwks_uri', 'invalid_client_metadata');
    return { jwksUri };
  }
  if (jwksUri !== undefined) throw bad('jwks_uri must be a string');
  const keys = typeof jwks === 'object' && jwks !== null && 'keys' in jwks ? jwks.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) throw bad('jwks must be {"keys": [...]} with 1–10 keys');
  const out = keys.map((k: unknown) => {
    if (typeof k !== 'object' || k === null) throw bad('jwks keys must be objects');
    const r = k as Record<string, unknown>;
    if (r['kty'] !== 'RSA' && r['kty'] !== 'EC') throw bad('jwks keys must be RSA or EC public keys');
    if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((f) => f in r)) throw bad('jwks must hold public keys only (private key material found)');
    return r;
  });
  return { jwks: { keys: out } };
}
