/**
 * Access tokens: JWTs signed with our ES384 key (`jose`), carrying the client id and granted scopes.
 * https://datatracker.ietf.org/doc/html/rfc9068 (JWT profile for OAuth 2.0 access tokens)
 */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { formatScope, parseScopes, type Scope } from './scopes.js';
import { SIGNING_ALG, type SigningKey } from './signing-key.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** A verified access token. */
export interface AccessToken {
  readonly clientId: string;
  readonly scopes: readonly Scope[];
  /** The scope string as granted. */
  readonly scope: string;
  /** Expiry, epoch seconds. */
  readonly expiresAt: number;
  readonly jti: string;
}

/** An issued token, as the token endpoint returns it. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly scope: string;
}

export interface TokenServiceOptions {
  readonly key: SigningKey;
  /** `iss` and `aud` of our tokens (a stable name for this gateway). */
  readonly issuer: string;
  readonly ttlSeconds: number;
  readonly clock: () => Date;
  /** How many verified tokens to remember (default 10,000; 0 turns the cache off). */
  readonly verifiedCacheSize?: number;
}

/** Issues and verifies access tokens. */
export class TokenService {
  private readonly cache: VerifiedTokenCache;

  constructor(private readonly options: TokenServiceOptions) {
    this.cache = new VerifiedTokenCache(options.verifiedCacheSize);
  }

  /** Signs a token for `clientId` with the (already granted) `scopes`. */
  async issue(clientId: string, scopes: readonly Scope[]): Promise<IssuedToken> {
    const { key, issuer, ttlSeconds, clock } = this.options;
    const now = Math.floor(clock().getTime() / 1000);
    const scope = scopes.map(formatScope).join(' ');
    const accessToken = await new SignJWT({ scope, client_id: clientId })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(issuer)
      .setSubject(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { accessToken, expiresIn: ttlSeconds, scope };
  }

  /**
   * The token's claims when its signature, issuer, audience and expiry are good and it was not revoked;
   * otherwise undefined. A token verified before is answered from the cache until its `exp`.
   */
  async verify(token: string): Promise<AccessToken | undefined> {
    const cached = this.verifyCached(token);
    if (cached !== undefined) return cached;
    const verified = await this.verifySignature(token);
    if (verified === undefined || this.cache.isRevoked(verified.jti)) return undefined;
    if (this.options.verifiedCacheSize !== 0) this.cache.set(token, verified);
    return verified;
  }

  /**
   * Synchronous lookup of a token verified before and still valid (unexpired, not revoked); undefined
   * means "not known here", not "invalid": call `verify` then.
   */
  verifyCached(token: string): AccessToken | undefined {
    return this.cache.get(token, Math.floor(this.options.clock().getTime() / 1000));
  }

  /**
   * Revokes a verified token: refused from now on until it expires (in this process).
   * https://datatracker.ietf.org/doc/html/rfc7009#section-2.1
   */
  revoke(token: AccessToken): void {
    this.cache.revoke(token.jti, token.expiresAt, Math.floor(this.options.clock().getTime() / 1000));
  }

  private async verifySignature(token: string): Promise<AccessToken | undefined> {
    const { key, issuer, clock } = this.options;
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [SIGNING_ALG],
        issuer,
        audience: issuer,
        typ: 'at+jwt',
        currentDate: clock(),
        requiredClaims: ['exp', 'sub', 'jti'],
      });
      const scope = typeof payload['scope'] === 'string' ? payload['scope'] : '';
      if (payload.sub === undefined || payload.exp === undefined || payload.jti === undefined) return undefined;
      return { clientId: payload.sub, scope, scopes: parseScopes(scope), expiresAt: payload.exp, jti: payload.jti };
    } catch {
      return undefined;
    }
  }

  /** The public keys, for `/oauth2/jwks`. https://datatracker.ietf.org/doc/html/rfc7517#section-5 */
  jwks(): JSONWebKeySet {
    return { keys: [this.options.key.publicJwk] };
  }
}
