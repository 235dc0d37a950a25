/**
 * The authorization server's core, independent of HTTP: client authentication, the
 * client_credentials grant, token verification and the published keys.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-4.4
 */
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ClientStore, OAuthClient } from '../ports/client-store.js';
import { ensureBootstrapClient, type BootstrapResult } from './bootstrap-client.js';
import { JsonFileClientStore } from './json-file-client-store.js';
import { OAuthError } from './oauth-error.js';
import { grantScopes, parseScopes } from './scopes.js';
import { verifySecret } from './secret-hash.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { TokenService, type AccessToken, type IssuedToken } from './token-service.js';

/** Client credentials as presented at the token endpoint. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the HTTP layer needs from the authorization server. */
export class AuthService {
  constructor(
    readonly clients: ClientStore,
    readonly tokens: TokenService,
  ) {}

  /** The client when the secret matches; `invalid_client` otherwise (same answer for unknown ids). */
  async authenticateClient(creds: ClientCredentials): Promise<OAuthClient> {
    const client = await this.clients.get(creds.clientId);
    const ok = client?.secretHash !== undefined && (await verifySecret(creds.clientSecret, client.secretHash));
    if (!client || !ok) throw new OAuthError('invalid_client', 'Client authentication failed');
    return client;
  }

  /**
   * client_credentials grant: granted = requested ∩ allowed (all allowed when `scope` is absent).
   * https://datatracker.ietf.org/doc/html/rfc6749#section-4.4.2
   */
  async clientCredentials(client: OAuthClient, scope: string | undefined): Promise<IssuedToken> {
    if (!client.grantTypes.includes('client_credentials')) {
      throw new OAuthError('unauthorized_client', 'This client may not use the client_credentials grant');
    }
    const allowed = parseScopes(client.scope);
    const requested = scope === undefined ? allowed : parseScopes(scope);
    const granted = grantScopes(requested, allowed);
    if (granted.length === 0) throw new OAuthError('invalid_scope', 'None of the requested scopes can be granted to this client');
    return this.tokens.issue(client.clientId, granted);
  }

  /** Verifies a bearer token. */
  verify(token: string): Promise<AccessToken | undefined> {
    return this.tokens.verify(token);
  }

  /** A token verified before and still valid, without waiting; undefined means "call `verify`". */
  verifyCached(token: string): AccessToken | undefined {
    return this.tokens.verifyCached(token);
  }

  /** Revokes a verified access token for the rest of its lifetime. https://datatracker.ietf.org/doc/html/rfc7009 */
  revoke(token: AccessToken): void {
    this.tokens.revoke(token);
  }

  jwks(): JSONWebKeySet {
    return this.tokens.jwks();
  }
}

export interface OpenAuthOptions {
  readonly dataDir: string;
  readonly issuer: string;
  readonly tokenTtlSeconds: number;
  readonly bootstrapClientId: string | undefined;
  readonly bootstrapClientSecret: string | undefined;
  readonly clock: () => Date;
  /** Defaults to the JSON file `DATA_DIR/clients.json`. */
  readonly clients?: ClientStore;
}

/** Boots the authorization server from DATA_DIR: signing key, client store and bootstrap client. */
export async function openAuthService(o: OpenAuthOptions): Promise<{ auth: AuthService; bootstrap: BootstrapResult }> {
  const key = await loadOrCreateSigningKey(join(o.dataDir, 'signing-key.jwk.json'));
  const clients = o.clients ?? new JsonFileClientStore(join(o.dataDir, 'clients.json'));
  const bootstrap = await ensureBootstrapClient({
    store: clients,
    credentialsPath: join(o.dataDir, 'bootstrap-client.json'),
    clientId: o.bootstrapClientId,
    clientSecret: o.bootstrapClientSecret,
    clock: o.clock,
  });
  const tokens = new TokenService({ key, issuer: o.issuer, ttlSeconds: o.tokenTtlSeconds, clock: o.clock });
  return { auth: new AuthService(clients, tokens), bootstrap };
}
