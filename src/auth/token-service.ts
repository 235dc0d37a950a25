/**
 * Access tokens and ID tokens: JWTs signed with our current key (ES256; ES384 keys of older versions
 * still verify until retired — docs/decisions/token-signing-es256.md). Access tokens carry the
 * client id, granted scopes and the SMART launch context (patient, encounter, fhirUser).
 * https://datatracker.ietf.org/doc/html/rfc9068 (JWT profile for OAuth 2.0 access tokens)
 */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JSONWebKeySet, type JWTHeaderParameters } from 'jose';
import { keyObjectOf, signCompact, signCompactSync } from './fast-jws.js';
import { fixedKey, type KeySource } from './key-ring.js';
import { formatScope, parseScopes, type Scope } from './scopes.js';
import { VERIFY_ALGS, type SigningKey } from './signing-key.js';
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
  /** Issued at, epoch seconds. */
  readonly issuedAt?: number;
  /** The end user (local user id) the token acts for; absent for client_credentials tokens. */
  readonly subject?: string;
  /** The user's FHIR resource, relative (`Practitioner/1`, `Patient/2`). */
  readonly fhirUser?: string;
  /** Launch context: the patient id in scope (`patient/` scopes apply to its compartment). */
  readonly patient?: string;
  /** Launch context: the encounter id. */
  readonly encounter?: string;
}

/** The end-user and launch context an access token is issued with. */
export interface TokenContext {
  readonly subject?: string;
  readonly fhirUser?: string;
  readonly patient?: string;
  readonly encounter?: string;
}

/** An issued token, as the token endpoint returns it. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly scope: string;
}

/** Claims of an OpenID Connect ID token. https://openid.net/specs/openid-connect-core-1_0.html#IDToken */
export interface IdTokenClaims {
  readonly clientId: string;
  readonly subject: string;
  /** Absolute URL of the user's FHIR resource. */
  readonly fhirUser: string | undefined;
  readonly nonce: string | undefined;
}

export interface TokenServiceOptions {
  /** One fixed key, or a rotating key ring. */
  readonly key: SigningKey | KeySource;
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
  private readonly keys: KeySource;

  constructor(private readonly options: TokenServiceOptions) {
    this.cache = new VerifiedTokenCache(options.verifiedCacheSize);
    this.keys = 'current' in options.key ? options.key : fixedKey(options.key);
  }

  /** `iss` of our tokens (the public base URL). */
  get issuer(): string {
    return this.options.issuer;
  }

  /** Lifetime of access tokens, seconds. */
  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  /** Signs a token for `clientId` with the (already granted) `scopes` and optional user / launch context. */
  async issue(clientId: string, scopes: readonly Scope[], context: TokenContext = {}): Promise<IssuedToken> {
    const { issuer, ttlSeconds } = this.options;
    const now = this.nowSeconds();
    const scope = scopes.map(formatScope).join(' ');
    const key = await this.keys.current();
    const claims = {
      scope,
      client_id: clientId,
      ...(context.fhirUser !== undefined && { fhirUser: context.fhirUser }),
      ...(context.patient !== undefined && { patient: context.patient }),
      ...(context.encounter !== undefined && { encounter: context.encounter }),
    };
    // node:crypto (see fast-jws.ts); same claims and header as jose's SignJWT. ES256 (our keys) signs in
    // place, cheaper than a thread-pool round trip; older ES384 keys sign on the pool.
    const payload = { ...claims, iss: issuer, aud: issuer, sub: context.subject ?? clientId, iat: now, exp: now + ttlSeconds, jti: randomUUID() };
    const header = { alg: key.alg, kid: key.kid, typ: 'at+jwt' };
    const privateKey = keyObjectOf(key.privateKey);
    const accessToken = key.alg === 'ES256' ? signCompactSync(key.alg, privateKey, header, payload) : await signCompact(key.alg, privateKey, header, payload);
    return { accessToken, expiresIn: ttlSeconds, scope };
  }

  /** Signs an OpenID Connect ID token for the client. https://openid.net/specs/openid-connect-core-1_0.html#IDToken */
  async idToken(c: IdTokenClaims): Promise<string> {
    const now = this.nowSeconds();
    const key = await this.keys.current();
    return new SignJWT({ ...(c.fhirUser !== undefined && { fhirUser: c.fhirUser }), ...(c.nonce !== undefined && { nonce: c.nonce }) })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(c.clientId)
      .setSubject(c.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.ttlSeconds)
      .sign(key.privateKey);
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
    return this.cache.get(token, this.nowSeconds());
  }

  /** Hit / miss counts of the verified-token cache. */
  cacheStats(): { hits: number; misses: number; size: number } {
    return this.cache.stats();
  }

  /**
   * Revokes a verified token: refused from now on until it expires (in this process).
   * https://datatracker.ietf.org/doc/html/rfc7009#section-2.1
   */
  revoke(token: AccessToken): void {
    this.cache.revoke(token.jti, token.expiresAt, this.nowSeconds());
  }

  private nowSeconds(): number {
    return Math.floor(this.options.clock().getTime() / 1000);
  }

  private async verifySignature(token: string): Promise<AccessToken | undefined> {
    const { issuer, clock } = this.options;
    try {
      const keyFor = (header: JWTHeaderParameters) => {
        const k = header.kid === undefined ? undefined : this.keys.byKid(header.kid);
        // Each key verifies only its own algorithm.
        if (k === undefined || k.alg !== header.alg) throw new Error('unknown kid');
        return k.publicKey;
      };
      const { payload } = await jwtVerify(token, keyFor, {
        algorithms: [...VERIFY_ALGS],
        issuer,
        audience: issuer,
        typ: 'at+jwt',
        currentDate: clock(),
        requiredClaims: ['exp', 'sub', 'jti'],
      });
      const str = (k: string): string | undefined => (typeof payload[k] === 'string' ? (payload[k] as string) : undefined);
      const scope = str('scope') ?? '';
      if (payload.sub === undefined || payload.exp === undefined || payload.jti === undefined) return undefined;
      const clientId = str('client_id') ?? payload.sub;
      const fhirUser = str('fhirUser');
      const patient = str('patient');
      const encounter = str('encounter');
      return {
        clientId,
        scope,
        scopes: parseScopes(scope),
        expiresAt: payload.exp,
        jti: payload.jti,
        ...(payload.iat !== undefined && { issuedAt: payload.iat }),
        ...(payload.sub !== clientId && { subject: payload.sub }),
        ...(fhirUser !== undefined && { fhirUser }),
        ...(patient !== undefined && { patient }),
        ...(encounter !== undefined && { encounter }),
      };
    } catch {
      return undefined;
    }
  }

  /** The public keys, for `/oauth2/jwks`. https://datatracker.ietf.org/doc/html/rfc7517#section-5 */
  jwks(): JSONWebKeySet {
    return this.keys.jwks();
  }
}
