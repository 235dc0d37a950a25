/**
 * The authorization server's core, independent of HTTP: client authentication, the grants
 * (client_credentials, authorization_code, refresh_token), introspection, revocation, registration,
 * token verification and the published keys.
 * https://datatracker.ietf.org/doc/html/rfc6749, https://hl7.org/fhir/smart-app-launch/
 */
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { ClientStore, OAuthClient } from '../ports/client-store.js';
import { AuthorizationCodes } from './authorization-codes.js';
import { ensureBootstrapClient, type BootstrapResult } from './bootstrap-client.js';
import { ClientAssertionVerifier } from './client-assertion.js';
import { ReplayJournal } from './replay-journal.js';
import { authenticateClientRequest, registeredMethod, type AuthenticatedClient, type ClientAuthInput, type ClientCredentials } from './client-authentication.js';
import { registerClient } from './client-registration.js';
import type { Grant } from './grant.js';
import { JsonFileClientStore } from './json-file-client-store.js';
import { KeyRing } from './key-ring.js';
import { LaunchContexts } from './launch-contexts.js';
import { OAuthError } from './oauth-error.js';
import { RefreshTokens } from './refresh-tokens.js';
import { grantScopes, hasScope, parseScopes } from './scopes.js';
import { verifySecret } from './secret-hash.js';
import { TokenService, type AccessToken, type IssuedToken } from './token-service.js';
import { exchangeCode, refresh, type TokenResponse, type UserGrantDeps } from './user-grants.js';
import { UpstreamIdp, type UpstreamIdpOptions } from './upstream-idp.js';
import { UserStore } from './user-store.js';

export type { ClientCredentials } from './client-authentication.js';

/** Optional parts of the service; defaults keep everything in memory (tests). */
export interface AuthServiceParts {
  readonly users?: UserStore;
  readonly refreshTokens?: RefreshTokens;
  /** Lifetime of `offline_access` refresh tokens (default 30 days). */
  readonly refreshTtlSeconds?: number;
  readonly clock?: () => Date;
  /** An upstream OpenID Provider for the login step (redirect URI derived from the issuer). */
  readonly upstream?: Omit<UpstreamIdpOptions, 'redirectUri'>;
  /** Used client-assertion `jti`s (default: in memory only). */
  readonly replays?: ReplayJournal;
}

/** Default refresh token lifetime. */
export const DEFAULT_REFRESH_TTL_SECONDS = 30 * 86_400;

/** What the HTTP layer needs from the authorization server. */
export class AuthService {
  readonly users: UserStore;
  readonly launches: LaunchContexts;
  readonly codes: AuthorizationCodes;
  readonly refreshTokens: RefreshTokens;
  readonly assertions: ClientAssertionVerifier;
  readonly clock: () => Date;
  /** The upstream identity provider, when configured. */
  readonly upstream: UpstreamIdp | undefined;
  private readonly grantDeps: UserGrantDeps;

  constructor(
    readonly clients: ClientStore,
    readonly tokens: TokenService,
    parts: AuthServiceParts = {},
  ) {
    this.clock = parts.clock ?? (() => new Date());
    this.users = parts.users ?? new UserStore(undefined, this.clock);
    this.launches = new LaunchContexts(this.clock);
    this.codes = new AuthorizationCodes(this.clock);
    this.refreshTokens = parts.refreshTokens ?? new RefreshTokens(undefined, this.clock);
    this.assertions = new ClientAssertionVerifier(this.tokenEndpoint, this.clock, parts.replays);
    this.upstream = parts.upstream === undefined ? undefined
      : new UpstreamIdp({ ...parts.upstream, redirectUri: `${tokens.issuer}/oauth2/authorize/upstream` }, this.users);
    this.grantDeps = {
      tokens,
      codes: this.codes,
      refreshTokens: this.refreshTokens,
      issuer: tokens.issuer,
      refreshTtlSeconds: parts.refreshTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS,
      clock: this.clock,
    };
  }

  /** Releases the files held open (the used-`jti` journal). */
  close(): void {
    this.assertions.close();
  }

  /** Our public base URL (token `iss`). */
  get issuer(): string {
    return this.tokens.issuer;
  }

  /** The FHIR base: the only accepted `aud` of authorization requests. */
  get fhirBase(): string {
    return `${this.tokens.issuer}/fhir`;
  }

  /** The token endpoint URL: the only accepted `aud` of client assertions. */
  get tokenEndpoint(): string {
    return `${this.tokens.issuer}/oauth2/token`;
  }

  /** The client when the secret matches; `invalid_client` otherwise (same answer for unknown ids). */
  async authenticateClient(creds: ClientCredentials): Promise<OAuthClient> {
    const client = await this.clients.get(creds.clientId);
    const ok = client?.secretHash !== undefined && (await verifySecret(creds.clientSecret, client.secretHash));
    if (!client || !ok) throw new OAuthError('invalid_client', 'Client authentication failed');
    return client;
  }

  /** Authenticates a request's client by any supported method (secret, private_key_jwt, none). */
  authenticateRequest(input: ClientAuthInput): Promise<AuthenticatedClient> {
    return authenticateClientRequest(input, this.clients, this.assertions);
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

  /** Issues an authorization code for a consented grant. */
  issueCode(grant: Grant, redirectUri: string, codeChallenge: string, nonce: string | undefined): string {
    return this.codes.issue({ grant, redirectUri, codeChallenge, nonce });
  }

  /** authorization_code grant (PKCE). */
  exchangeCode(client: OAuthClient, form: ReadonlyMap<string, string>): Promise<TokenResponse> {
    return exchangeCode(this.grantDeps, client, form);
  }

  /** refresh_token grant (rotation, narrowing). */
  refresh(client: OAuthClient, form: ReadonlyMap<string, string>): Promise<TokenResponse> {
    return refresh(this.grantDeps, client, form);
  }

  /**
   * The public client a refresh token was issued to, for a refresh request without client
   * authentication (SMART public apps send only the token); `invalid_client` unless that client is public.
   */
  async publicClientOfRefreshToken(token: string): Promise<OAuthClient> {
    const rec = await this.refreshTokens.peek(token);
    const client = rec === undefined ? undefined : await this.clients.get(rec.grant.clientId);
    if (client === undefined) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired');
    if (registeredMethod(client) !== 'none') throw new OAuthError('invalid_client', 'Client authentication is required');
    return client;
  }

  /** RFC 7591 registration; the caller checked the `admin` scope. */
  async register(body: unknown): Promise<Record<string, unknown>> {
    const { client, response } = await registerClient(body, this.clock());
    await this.clients.put(client);
    return response;
  }

  /**
   * RFC 7662 introspection. A client sees its own tokens; a client allowed `admin` sees every token.
   * https://datatracker.ietf.org/doc/html/rfc7662#section-2.2
   */
  async introspect(client: OAuthClient, token: string): Promise<Record<string, unknown>> {
    const maySee = (owner: string): boolean => owner === client.clientId || hasScope(parseScopes(client.scope), 'admin');
    const access = await this.tokens.verify(token);
    if (access !== undefined) {
      if (!maySee(access.clientId)) return { active: false };
      return {
        active: true,
        token_type: 'Bearer',
        scope: access.scope,
        client_id: access.clientId,
        sub: access.subject ?? access.clientId,
        exp: access.expiresAt,
        ...(access.issuedAt !== undefined && { iat: access.issuedAt }),
        iss: this.issuer,
        ...(access.patient !== undefined && { patient: access.patient }),
        ...(access.encounter !== undefined && { encounter: access.encounter }),
        ...(access.fhirUser !== undefined && { fhirUser: `${this.fhirBase}/${access.fhirUser}` }),
      };
    }
    const rt = await this.refreshTokens.peek(token);
    if (rt === undefined || !maySee(rt.grant.clientId)) return { active: false };
    return {
      active: true,
      token_type: 'refresh_token',
      scope: rt.grant.scope,
      client_id: rt.grant.clientId,
      sub: rt.grant.subject,
      exp: rt.expiresAt,
      iss: this.issuer,
      ...(rt.grant.patient !== undefined && { patient: rt.grant.patient }),
      fhirUser: `${this.fhirBase}/${rt.grant.fhirUser}`,
    };
  }

  /**
   * RFC 7009 revocation of an access or refresh token of `client` (others' tokens are left alone; the
   * answer is the same). Revoking a refresh token ends its whole authorization.
   * https://datatracker.ietf.org/doc/html/rfc7009#section-2.1
   */
  async revokeToken(client: OAuthClient, token: string): Promise<void> {
    const access = await this.tokens.verify(token);
    if (access !== undefined) {
      if (access.clientId === client.clientId) this.tokens.revoke(access);
      return;
    }
    await this.refreshTokens.revoke(token, client.clientId);
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
  /** Age after which a new signing key takes over (default 30 days; 0 = never). */
  readonly keyRotationSeconds?: number;
  /** Lifetime of `offline_access` refresh tokens (default 30 days). */
  readonly refreshTtlSeconds?: number;
  /** An upstream OpenID Provider for the login step. */
  readonly upstream?: Omit<UpstreamIdpOptions, 'redirectUri'>;
}

/** Default signing key rotation period. */
export const DEFAULT_KEY_ROTATION_SECONDS = 30 * 86_400;

/**
 * Boots the authorization server from DATA_DIR: signing keys (`signing-keys.json`, adopting an older
 * `signing-key.jwk.json`), clients, users, refresh tokens, used assertion `jti`s (`assertion-jti.log`)
 * and the bootstrap client.
 */
export async function openAuthService(o: OpenAuthOptions): Promise<{ auth: AuthService; bootstrap: BootstrapResult }> {
  const keys = await KeyRing.open({
    path: join(o.dataDir, 'signing-keys.json'),
    legacyPath: join(o.dataDir, 'signing-key.jwk.json'),
    rotationSeconds: o.keyRotationSeconds ?? DEFAULT_KEY_ROTATION_SECONDS,
    // ID tokens and access tokens share the lifetime; a minute of slack for clock skew.
    retainSeconds: o.tokenTtlSeconds + 60,
    clock: o.clock,
  });
  const clients = o.clients ?? new JsonFileClientStore(join(o.dataDir, 'clients.json'));
  const bootstrap = await ensureBootstrapClient({
    store: clients,
    credentialsPath: join(o.dataDir, 'bootstrap-client.json'),
    clientId: o.bootstrapClientId,
    clientSecret: o.bootstrapClientSecret,
    clock: o.clock,
  });
  const tokens = new TokenService({ key: keys, issuer: o.issuer, ttlSeconds: o.tokenTtlSeconds, clock: o.clock });
  const auth = new AuthService(clients, tokens, {
    users: new UserStore(join(o.dataDir, 'users.json'), o.clock),
    refreshTokens: new RefreshTokens(join(o.dataDir, 'refresh-tokens.json'), o.clock),
    clock: o.clock,
    replays: ReplayJournal.open(join(o.dataDir, 'assertion-jti.log'), o.clock),
    ...(o.refreshTtlSeconds !== undefined && { refreshTtlSeconds: o.refreshTtlSeconds }),
    ...(o.upstream !== undefined && { upstream: o.upstream }),
  });
  return { auth, bootstrap };
}
