/**
 * The token signing key: an ES384 key pair generated on first start and kept as a private JWK file
 * (mode 0600) in DATA_DIR, so tokens survive restarts. https://datatracker.ietf.org/doc/html/rfc7517
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

/** Loads the key from `path`, or generates and persists one when the file does not exist. */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
  }
  if (text !== undefined) return fromPrivateJwk(JSON.parse(text) as JWK, path);
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored: JWK = { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
  await writeFileAtomic(path, JSON.stringify(stored));
  return fromPrivateJwk(stored, path);
}

async function fromPrivateJwk(jwk: JWK, path: string): Promise<SigningKey> {
  if (jwk.kty !== 'EC' || jwk.d === undefined || jwk.kid === undefined) throw new Error(`${path}: not a private EC JWK with kid`);
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { ...pub, alg: SIGNING_ALG, use: 'sig' };
  const privateKey = await importJWK(jwk, SIGNING_ALG);
  const publicKey = await importJWK(publicJwk, SIGNING_ALG);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error(`${path}: symmetric key`);
  return { kid: jwk.kid, privateKey, publicKey, publicJwk };
}
