/**
 * `private_key_jwt` client authentication (SMART Backend Services): a JWT signed with the client's key
 * (RS384 or ES384), checked against its registered JWK Set (inline, or fetched from `jwks_uri` and
 * cached). iss = sub = client_id, aud = our token endpoint, exp at most 5 minutes ahead, jti never reused.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { OAuthClient } from '../ports/client-store.js';
import { ExpiringMap } from './expiring-map.js';
import { importJwks, verifyJwtLocal, type ImportedJwk } from './local-jwt-verify.js';
import { OAuthError } from './oauth-error.js';

/** `client_assertion_type` of a JWT assertion (RFC 7523 §2.2). */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Signature algorithms accepted on client assertions. */
export const ASSERTION_ALGS = ['RS384', 'ES384'] as const;

/** Claims every assertion must carry (SMART Backend Services, "Authentication JWT"). */
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'jti'] as const;

/** Longest accepted assertion lifetime ahead of now (SMART: "no more than five minutes in the future"). */
const MAX_EXP_AHEAD_SECONDS = 300;
/** How long a fetched `jwks_uri` is reused before it is fetched again. */
const JWKS_CACHE_MS = 10 * 60_000;

/** The client id an assertion claims (`iss`), unverified; undefined when it is not a JWT. */
export function assertionIssuer(assertion: string): string | undefined {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies client assertions; remembers used `jti`s until their expiry. */
export class ClientAssertionVerifier {
  private readonly seen: ExpiringMap<true>;
  private readonly remote = new Map<string, JWTVerifyGetKey>();
  private readonly local = new Map<string, { jwks: unknown; json: string; keys: ImportedJwk[] }>();

  constructor(
    /** Absolute URL of our token endpoint: the only accepted `aud`. */
    private readonly tokenEndpoint: string,
    private readonly clock: () => Date,
  ) {
    // 1,000,000 jtis cover 3,000 assertions/s for their 5-minute lifetime; beyond, refuse rather than forget.
    this.seen = new ExpiringMap(clock, 1_000_000, false);
  }

  /** Throws `invalid_client` unless `assertion` authenticates `client`. */
  async verify(client: OAuthClient, assertion: string): Promise<void> {
    let payload: { exp?: unknown; jti?: unknown };
    try {
      payload = client.jwks !== undefined ? await this.verifyInline(client, assertion) : await this.verifyRemote(client, assertion);
    } catch (e) {
      if (e instanceof OAuthError) throw e;
      const why = e instanceof Error ? e.message.slice(0, 120) : 'invalid';
      throw new OAuthError('invalid_client', `The client assertion is not valid: ${why}`);
    }
    const now = Math.floor(this.clock().getTime() / 1000);
    const exp = typeof payload.exp === 'number' ? payload.exp : 0;
    if (exp - now > MAX_EXP_AHEAD_SECONDS) throw new OAuthError('invalid_client', 'The client assertion expires more than 5 minutes ahead');
    if (typeof payload.jti !== 'string') throw new OAuthError('invalid_client', 'The client assertion jti must be a string');
    const key = `${client.clientId} ${payload.jti}`;
    if (this.seen.get(key) !== undefined) throw new OAuthError('invalid_client', 'The client assertion jti was already used');
    if (!this.seen.set(key, true, exp - now + 60)) throw new OAuthError('invalid_client', 'Too many recent client assertions; retry shortly');
  }

  /** Inline JWKS: keys imported once per registered key set, checked with node:crypto (local-jwt-verify.ts). */
  private verifyInline(client: OAuthClient, assertion: string): Promise<Record<string, unknown>> {
    return verifyJwtLocal(assertion, this.inlineKeys(client), {
      algorithms: ASSERTION_ALGS,
      issuer: client.clientId,
      subject: client.clientId,
      audience: this.tokenEndpoint,
      now: Math.floor(this.clock().getTime() / 1000),
      requiredClaims: REQUIRED_CLAIMS,
    });
  }

  private async verifyRemote(client: OAuthClient, assertion: string): Promise<{ exp?: unknown; jti?: unknown }> {
    const { payload } = await jwtVerify(assertion, this.remoteKeys(client), {
      algorithms: [...ASSERTION_ALGS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: this.tokenEndpoint,
      currentDate: this.clock(),
      requiredClaims: [...REQUIRED_CLAIMS],
    });
    return payload;
  }

  private inlineKeys(client: OAuthClient): ImportedJwk[] {
    // Imported keys are kept per client (and dropped when its registered keys change).
    const jwks = client.jwks;
    const hit = this.local.get(client.clientId);
    if (hit !== undefined && hit.jwks === jwks) return hit.keys;
    const json = JSON.stringify(jwks);
    if (hit !== undefined && hit.json === json) {
      this.local.set(client.clientId, { ...hit, jwks });
      return hit.keys;
    }
    const keys = importJwks(jwks?.keys ?? []);
    this.local.set(client.clientId, { jwks, json, keys });
    return keys;
  }

  private remoteKeys(client: OAuthClient): JWTVerifyGetKey {
    if (client.jwksUri === undefined) throw new OAuthError('invalid_client', 'The client has no registered keys');
    let set = this.remote.get(client.jwksUri);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(client.jwksUri), { cacheMaxAge: JWKS_CACHE_MS, cooldownDuration: 30_000, timeoutDuration: 5_000 });
      this.remote.set(client.jwksUri, set);
    }
    return set;
  }
}
