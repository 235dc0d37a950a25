/**
 * Token signing keys: ES384 key pairs kept as private JWKs (mode 0600) in DATA_DIR, so tokens survive
 * restarts. `key-ring.ts` rotates them. https://datatracker.ietf.org/doc/html/rfc7517
 */
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { writeFileAtomic } from './atomic-file.js';

/** Algorithm of every token we sign. */
export const SIGNING_ALG = 'ES384';

/** A loaded key pair. */
export interface SigningKey {
  readonly kid: string;
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
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { ...pub, alg: SIGNING_ALG, use: 'sig' };
  const privateKey = await importJWK(jwk, SIGNING_ALG);
  const publicKey = await importJWK(publicJwk, SIGNING_ALG);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error(`${where}: symmetric key`);
  return { kid: jwk.kid, privateKey, publicKey, publicJwk };
}
