/**
 * `private_key_jwt` client authentication (SMART Backend Services): a JWT signed with the client's key
 * (RS384 or ES384), checked against its registered JWK Set (inline, or fetched from `jwks_uri` and
 * cached). iss = sub = client_id, aud = our token endpoint, exp at most 5 minutes ahead, jti never reused.
 * Key selection (kid, kty, alg, use, key_ops) is jose's JWK Set logic, each key imported once; the
 * signature is checked with node:crypto on the libuv thread pool (`fast-jws.ts`), off the event loop:
 * an ES384 check costs about 1.3 ms of CPU, the largest part of a client_credentials request.
 * https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html
 */
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { webcrypto } from 'node:crypto';
import type { OAuthClient } from '../ports/client-store.js';
import { keyObjectOf, verifyCompactSignature } from './fast-jws.js';
import { ReplayJournal } from './replay-journal.js';
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
  const first = assertion.indexOf('.');
  const second = first < 0 ? -1 : assertion.indexOf('.', first + 1);
  if (second < 0) return undefined;
  try {
    const { iss } = jsonSegment(assertion.slice(first + 1, second), 'JWT claims set');
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** A verification failure (its message becomes the `invalid_client` description). */
class AssertionInvalid extends Error {}

type AssertionAlg = (typeof ASSERTION_ALGS)[number];

function isAssertionAlg(alg: unknown): alg is AssertionAlg {
  return typeof alg === 'string' && (ASSERTION_ALGS as readonly string[]).includes(alg);
}

/** A base64url JSON object segment, or an `AssertionInvalid` naming `what`. */
function jsonSegment(segment: string | undefined, what: string): Record<string, unknown> {
  if (segment === undefined || segment === '' || !/^[A-Za-z0-9_-]+$/.test(segment)) throw new AssertionInvalid(`malformed ${what}`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AssertionInvalid(`${what} is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AssertionInvalid(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

/** Verifies client assertions; remembers used `jti`s until their expiry. */
export class ClientAssertionVerifier {
  private readonly remote = new Map<string, JWTVerifyGetKey>();
  private readonly local = new Map<string, { jwks: object; json: string; set: JWTVerifyGetKey }>();

  constructor(
    /** Absolute URL of our token endpoint: the only accepted `aud`. */
    private readonly tokenEndpoint: string,
    private readonly clock: () => Date,
    /**
     * Used `jti`s (persisted by `openAuthService`, so a restart does not reopen the replay window). Its
     * 1,000,000 entries cover 3,000 assertions/s for their 5-minute lifetime; beyond, refuse rather than forget.
     */
    private readonly replays: ReplayJournal = ReplayJournal.inMemory(clock),
  ) {}

  /** Closes the `jti` journal's file. */
  close(): void {
    this.replays.close();
  }

  /** Throws `invalid_client` unless `assertion` authenticates `client`. */
  async verify(client: OAuthClient, assertion: string): Promise<void> {
    let payload: { exp: number; jti: string };
    try {
      payload = await this.check(client, assertion);
    } catch (e) {
      if (e instanceof OAuthError) throw e;
      const why = e instanceof Error ? e.message.slice(0, 120) : 'invalid';
      throw new OAuthError('invalid_client', `The client assertion is not valid: ${why}`);
    }
    const now = Math.floor(this.clock().getTime() / 1000);
    const { exp, jti } = payload;
    if (exp - now > MAX_EXP_AHEAD_SECONDS) throw new OAuthError('invalid_client', 'The client assertion expires more than 5 minutes ahead');
    // Checked and recorded synchronously after the signature: two concurrent uses cannot both pass.
    const claim = this.replays.claim(`${client.clientId} ${jti}`, exp + 60);
    if (claim === 'replay') throw new OAuthError('invalid_client', 'The client assertion jti was already used');
    if (claim === 'full') throw new OAuthError('invalid_client', 'Too many recent client assertions; retry shortly');
  }

  /**
   * The compact JWS checks jose's `jwtVerify` made (RFC 7515 §5.2, RFC 7519 §7.2): header (alg in the
   * allow-list, no `crit`), claims (iss, sub, aud, exp, nbf, iat, jti), then the key and the signature.
   * The cheap claim checks come first, so junk costs no signature check.
   */
  private async check(client: OAuthClient, assertion: string): Promise<{ exp: number; jti: string }> {
    const parts = assertion.split('.');
    if (parts.length !== 3) throw new AssertionInvalid('Invalid Compact JWS');
    const [h, p, signature] = parts as [string, string, string];
    const header = jsonSegment(h, 'protected header');
    if (header['crit'] !== undefined) throw new AssertionInvalid('Extension Header Parameter "crit" is not supported');
    if (header['b64'] !== undefined) throw new AssertionInvalid('the "b64" header parameter is not supported');
    const alg = header['alg'];
    if (!isAssertionAlg(alg)) throw new AssertionInvalid('"alg" (Algorithm) Header Parameter value not allowed');
    const claims = jsonSegment(p, 'JWT claims set');
    const now = Math.floor(this.clock().getTime() / 1000);
    for (const c of ['iss', 'sub', 'aud', 'exp', 'jti'] as const) {
      if (claims[c] === undefined) throw new AssertionInvalid(`missing required "${c}" claim`);
    }
    if (claims['iss'] !== client.clientId) throw new AssertionInvalid('unexpected "iss" claim value');
    if (claims['sub'] !== client.clientId) throw new AssertionInvalid('unexpected "sub" claim value');
    const aud = claims['aud'];
    if (!(aud === this.tokenEndpoint || (Array.isArray(aud) && aud.includes(this.tokenEndpoint)))) throw new AssertionInvalid('unexpected "aud" claim value');
    const { exp, nbf, iat, jti } = claims;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AssertionInvalid('"exp" claim must be a number');
    if (exp <= now) throw new AssertionInvalid('"exp" claim timestamp check failed');
    if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) throw new AssertionInvalid('"nbf" claim must be a number');
    if (typeof nbf === 'number' && nbf > now) throw new AssertionInvalid('"nbf" claim timestamp check failed');
    if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) throw new AssertionInvalid('"iat" claim must be a number');
    if (typeof jti !== 'string' || jti === '') throw new OAuthError('invalid_client', 'The client assertion jti must be a non-empty string');
    for (const key of await this.candidateKeys(client, header as { alg: string }, p, signature)) {
      if (await verifyCompactSignature(alg, keyObjectOf(key), `${h}.${p}`, signature)) return { exp, jti };
    }
    throw new AssertionInvalid('signature verification failed');
  }

  /**
   * The client's keys that may have signed (jose's JWK Set selection: kid, kty / crv for alg, use,
   * key_ops; each key imported once): one, or all candidates when several match (no `kid`), as jose does.
   */
  private async candidateKeys(client: OAuthClient, header: { alg: string }, payload: string, signature: string): Promise<webcrypto.CryptoKey[]> {
    const asCrypto = (k: unknown): webcrypto.CryptoKey => {
      if (k instanceof Uint8Array || typeof k !== 'object' || k === null) throw new AssertionInvalid('no applicable key found in the JSON Web Key Set');
      return k as webcrypto.CryptoKey;
    };
    try {
      return [asCrypto(await this.keysOf(client)(header, { payload, signature }))];
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' && Symbol.asyncIterator in e)) throw e;
      const keys: webcrypto.CryptoKey[] = [];
      for await (const k of e as unknown as AsyncIterable<unknown>) keys.push(asCrypto(k));
      return keys;
    }
  }

  private keysOf(client: OAuthClient): JWTVerifyGetKey {
    if (client.jwks !== undefined) {
      // Imported keys are kept per client (and dropped when its registered keys change). The store
      // hands out the same record until it changes, so the serialized comparison is rarely needed.
      const hit = this.local.get(client.clientId);
      if (hit?.jwks === client.jwks) return hit.set;
      const json = JSON.stringify(client.jwks);
      if (hit?.json === json) {
        this.local.set(client.clientId, { ...hit, jwks: client.jwks });
        return hit.set;
      }
      const set = createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
      this.local.set(client.clientId, { jwks: client.jwks, json, set });
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
