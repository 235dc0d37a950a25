/**
 * Token signing keys: EC key pairs kept as private JWKs (mode 0600) in DATA_DIR, so tokens survive
 * restarts. New keys are ES256 (P-256); ES384 (P-384) keys of older versions still load, verify and
 * stay published until retired (see docs/decisions/token-signing-es256.md). `key-ring.ts` rotates them.
 * https://datatracker.ietf.org/doc/html/rfc7517, https://datatracker.ietf.org/doc/html/rfc7518#section-3.4
 */
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { writeFileAtomic } from './atomic-file.js';

/** Algorithm of the tokens we sign with new keys. */
export const SIGNING_ALG = 'ES256';

/** Algorithms of keys we may hold: the current one, and ES384 keys of older versions until retired. */
export type SigningAlg = 'ES256' | 'ES384';

/** Every algorithm our keys may verify (for discovery documents and verification allow-lists). */
export const VERIFY_ALGS: readonly SigningAlg[] = ['ES256', 'ES384'];

const ALG_OF_CURVE: Readonly<Record<string, SigningAlg>> = { 'P-256': 'ES256', 'P-384': 'ES384' };

/** A loaded key pair. */
export interface SigningKey {
  readonly kid: string;
  /** The JWS algorithm of this key (by its curve). */
  readonly alg: SigningAlg;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public JWK as published at `/oauth2/jwks`. */
  readonly publicJwk: JWK;
}

/** Reads a JSON file; undefined when it does not exist. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A new private JWK (with `kid` = its thumbprint, `alg`, `use`). */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
}

/** Loads the key from `path`, or generates and persists one when the file does not exist. */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  const text = await readOptionalFile(path);
  if (text !== undefined) return signingKeyFromJwk(JSON.parse(text) as JWK, path);
  const stored = await generateSigningJwk();
  await writeFileAtomic(path, JSON.stringify(stored));
  return signingKeyFromJwk(stored, path);
}

/** Imports a private EC JWK with `kid`; `where` names its origin in errors. */
export async function signingKeyFromJwk(jwk: JWK, where: string): Promise<SigningKey> {
  if (jwk.kty !== 'EC' || jwk.d === undefined || jwk.kid === undefined) throw new Error(`${where}: not a private EC JWK with kid`);
  const alg = jwk.crv === undefined ? undefined : ALG_OF_CURVE[jwk.crv];
  if (alg === undefined) throw new Error(`${where}: EC curve ${jwk.crv ?? '(none)'} is not P-256 or P-384`);
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { ...pub, alg, use: 'sig' };
  const privateKey = await importJWK({ ...jwk, alg }, alg);
  const publicKey = await importJWK(publicJwk, alg);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error(`${where}: symmetric key`);
  return { kid: jwk.kid, alg, privateKey, publicKey, publicJwk };
}
