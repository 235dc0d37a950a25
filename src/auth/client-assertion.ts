/**
 * `private_key_jwt` client authentication (SMART Backend Services): a JWT signed with the client's key
 * (RS384 or ES384), checked against its registered JWK Set (inline, or fetched from `jwks_uri` and
 * cached). iss = sub = client_id, aud = our token endpoint, exp at most 5 minutes ahead, jti never reused.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { OAuthClient } from '../ports/client-store.js';
import { ExpiringMap } from './expiring-map.js';
import { OAuthError } from './oauth-error.js';

/** `client_assertion_type` of a JWT assertion (RFC 7523 §2.2). */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Signature algorithms accepted on client assertions. */
export const ASSERTION_ALGS = ['RS384', 'ES384'] as const;

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
  private readonly local = new Map<string, { json: string; set: JWTVerifyGetKey }>();

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
    const keys = this.keysOf(client);
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, keys, {
        algorithms: [...ASSERTION_ALGS],
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.tokenEndpoint,
        currentDate: this.clock(),
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
      }));
    } catch (e) {
      const why = e instanceof Error ? e.message.slice(0, 120) : 'invalid';
      throw new OAuthError('invalid_client', `The client assertion is not valid: ${why}`);
    }
    const now = Math.floor(this.clock().getTime() / 1000);
    const exp = payload.exp ?? 0;
    if (exp - now > MAX_EXP_AHEAD_SECONDS) throw new OAuthError('invalid_client', 'The client assertion expires more than 5 minutes ahead');
    if (typeof payload.jti !== 'string' || payload.jti === '') throw new OAuthError('invalid_client', 'The client assertion jti must be a non-empty string');
    const key = `${client.clientId} ${payload.jti}`;
    if (this.seen.get(key) !== undefined) throw new OAuthError('invalid_client', 'The client assertion jti was already used');
    if (!this.seen.set(key, true, exp - now + 60)) throw new OAuthError('invalid_client', 'Too many recent client assertions; retry shortly');
  }

  private keysOf(client: OAuthClient): JWTVerifyGetKey {
    if (client.jwks !== undefined) {
      // Imported keys are kept per client (and dropped when its registered keys change).
      const json = JSON.stringify(client.jwks);
      const hit = this.local.get(client.clientId);
      if (hit?.json === json) return hit.set;
      const set = createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
      this.local.set(client.clientId, { json, set });
      return set;
    }
    if (client.jwksUri === undefined) throw new OAuthError('invalid_client', 'The client has no registered keys');
    let set = this.remote.get(client.jwksUri);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(client.jwksUri), { cacheMaxAge: JWKS_CACHE_MS, cooldownDuration: 30_000, timeoutDuration: 5_000 });
      this.remote.set(client.jwksUri, set);
    }
    return set;
  }
}
