/**
 * Client authentication at the token, introspection and revocation endpoints: `client_secret_basic`,
 * `client_secret_post`, `private_key_jwt` and `none` (public clients, which only identify themselves).
 * https://datatracker.ietf.org/doc/html/rfc6749#section-2.3, https://datatracker.ietf.org/doc/html/rfc7523#section-2.2
 */
import type { ClientStore, OAuthClient, TokenEndpointAuthMethod } from '../ports/client-store.js';
import { assertionIssuer, JWT_BEARER_ASSERTION, type ClientAssertionVerifier } from './client-assertion.js';
import { OAuthError } from './oauth-error.js';
import { verifySecret } from './secret-hash.js';

/** Client credentials as presented with a secret. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What an endpoint received: the Authorization header and the form parameters. */
export interface ClientAuthInput {
  readonly authorization: string | undefined;
  readonly form: ReadonlyMap<string, string>;
}

/** An authenticated (or, for `none`, identified) client. */
export interface AuthenticatedClient {
  readonly client: OAuthClient;
  readonly method: TokenEndpointAuthMethod;
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

/** The method a client registered (older records: secret-based when they have a secret). */
export function registeredMethod(client: OAuthClient): TokenEndpointAuthMethod {
  return client.tokenEndpointAuthMethod ?? (client.secretHash !== undefined ? 'client_secret_basic' : 'none');
}

const FAILED = 'Client authentication failed';

/** Authenticates the client of a request; `invalid_client` (401) on any failure, one message for all. */
export async function authenticateClientRequest(
  input: ClientAuthInput,
  clients: ClientStore,
  assertions: ClientAssertionVerifier,
): Promise<AuthenticatedClient> {
  const { authorization, form } = input;
  const postId = form.get('client_id');
  const postSecret = form.get('client_secret');
  const assertionType = form.get('client_assertion_type');
  const assertion = form.get('client_assertion');
  const methods = [authorization !== undefined, postSecret !== undefined, assertion !== undefined || assertionType !== undefined].filter(Boolean).length;
  if (methods > 1) throw new OAuthError('invalid_request', 'Use one client authentication method, not two');

  if (authorization !== undefined) {
    const creds = basicCredentials(authorization);
    if (!creds) throw new OAuthError('invalid_client', 'Malformed HTTP Basic client credentials');
    if (postId !== undefined && postId !== creds.clientId) throw new OAuthError('invalid_request', 'client_id does not match the authenticated client');
    return { client: await bySecret(clients, creds), method: 'client_secret_basic' };
  }
  if (postSecret !== undefined) {
    if (postId === undefined) throw new OAuthError('invalid_client', FAILED);
    return { client: await bySecret(clients, { clientId: postId, clientSecret: postSecret }), method: 'client_secret_post' };
  }
  if (assertion !== undefined || assertionType !== undefined) {
    if (assertionType !== JWT_BEARER_ASSERTION || assertion === undefined) throw new OAuthError('invalid_client', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
    const iss = assertionIssuer(assertion);
    if (iss === undefined || (postId !== undefined && postId !== iss)) throw new OAuthError('invalid_client', FAILED);
    const client = await clients.get(iss);
    if (!client || registeredMethod(client) !== 'private_key_jwt') throw new OAuthError('invalid_client', FAILED);
    await assertions.verify(client, assertion);
    return { client, method: 'private_key_jwt' };
  }
  if (postId === undefined) throw new OAuthError('invalid_client', 'Client authentication is required');
  const client = await clients.get(postId);
  // A confidential client must prove itself; only clients registered as public may just name themselves.
  if (!client || registeredMethod(client) !== 'none') throw new OAuthError('invalid_client', FAILED);
  return { client, method: 'none' };
}

async function bySecret(clients: ClientStore, creds: ClientCredentials): Promise<OAuthClient> {
  const client = await clients.get(creds.clientId);
  const ok = client?.secretHash !== undefined && (await verifySecret(creds.clientSecret, client.secretHash));
  if (!client || !ok) throw new OAuthError('invalid_client', FAILED);
  return client;
}
