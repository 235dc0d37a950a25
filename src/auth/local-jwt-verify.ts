/**
 * JWT verification against an inline (already imported) key set with `node:crypto` on the thread pool:
 * the same checks jose's `jwtVerify` makes for a client assertion (allowed alg, key selection by kid /
 * kty / crv / use / key_ops / alg, no `crit`, signature, iss, sub, aud, exp, nbf, iat, required claims),
 * with the keys imported once per registered key set instead of once per request.
 * https://datatracker.ietf.org/doc/html/rfc7519#section-7.2, https://datatracker.ietf.org/doc/html/rfc7517#section-4
 */
import type { KeyObject } from 'node:crypto';
import { publicKeyFromJwk, verifyCompactSignature, type FastJwsAlg } from './fast-jws.js';

/** A registered public key, imported. */
export interface ImportedJwk {
  readonly jwk: Readonly<Record<string, unknown>>;
  readonly key: KeyObject | undefined;
}

/** Imports every key of a JWK Set (unusable ones are kept with `key` undefined and never match). */
export function importJwks(keys: readonly Readonly<Record<string, unknown>>[]): ImportedJwk[] {
  return keys.map((jwk) => ({ jwk, key: publicKeyFromJwk(jwk) }));
}

export interface LocalJwtVerifyOptions {
  readonly algorithms: readonly FastJwsAlg[];
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  /** Epoch seconds. */
  readonly now: number;
  readonly requiredClaims: readonly string[];
}

/** The verified payload; throws an Error (message says why) when anything is wrong. */
export async function verifyJwtLocal(token: string, keys: readonly ImportedJwk[], o: LocalJwtVerifyOptions): Promise<Record<string, unknown>> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) throw new Error('Invalid Compact JWS');
  const [h = '', p = '', s = ''] = parts;
  const header = jsonObject(h, 'JWS Protected Header');
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(o.algorithms as readonly string[]).includes(alg)) throw new Error('"alg" (Algorithm) Header Parameter value not allowed');
  if (header['crit'] !== undefined || header['b64'] !== undefined) throw new Error('Unsupported "crit" / "b64" JWS Header Parameter');
  const candidates = keys.filter((k) => matches(k.jwk, header, alg as FastJwsAlg));
  if (candidates.length === 0) throw new Error('no applicable key found in the JSON Web Key Set');
  let ok = false;
  for (const c of candidates) {
    if (c.key !== undefined && (await verifyCompactSignature(alg as FastJwsAlg, c.key, `${h}.${p}`, s))) {
      ok = true;
      break;
    }
  }
  if (!ok) throw new Error('signature verification failed');
  const payload = jsonObject(p, 'JWT Claims Set');
  for (const c of o.requiredClaims) if (!(c in payload)) throw new Error(`missing required "${c}" claim`);
  if (payload['iss'] !== o.issuer) throw new Error('unexpected "iss" claim value');
  if (payload['sub'] !== o.subject) throw new Error('unexpected "sub" claim value');
  const aud = payload['aud'];
  if (!(aud === o.audience || (Array.isArray(aud) && aud.includes(o.audience)))) throw new Error('unexpected "aud" claim value');
  for (const c of ['exp', 'nbf', 'iat']) {
    if (payload[c] !== undefined && typeof payload[c] !== 'number') throw new Error(`"${c}" claim must be a number`);
  }
  const exp = payload['exp'];
  if (typeof exp === 'number' && exp <= o.now) throw new Error('"exp" claim timestamp check failed');
  const nbf = payload['nbf'];
  if (typeof nbf === 'number' && nbf > o.now) throw new Error('"nbf" claim timestamp check failed');
  if (payload['jti'] !== undefined && typeof payload['jti'] !== 'string') throw new Error('"jti" claim must be a string');
  return payload;
}

/** jose's JWK Set key selection (createLocalJWKSet): kid, kty/crv for the alg, use, key_ops, alg. */
function matches(jwk: Readonly<Record<string, unknown>>, header: Record<string, unknown>, alg: FastJwsAlg): boolean {
  if (header['kid'] !== undefined && jwk['kid'] !== header['kid']) return false;
  if (alg === 'ES384' ? jwk['kty'] !== 'EC' || jwk['crv'] !== 'P-384' : jwk['kty'] !== 'RSA') return false;
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return false;
  const ops = jwk['key_ops'];
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) return false;
  return jwk['alg'] === undefined || jwk['alg'] === alg;
}

function jsonObject(part: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}
