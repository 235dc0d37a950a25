/**
 * Client secret hashing with scrypt (node:crypto), a per-secret random salt and a timing-safe compare.
 * Format: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`. https://www.rfc-editor.org/rfc/rfc7914
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LEN, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes `secret` with a fresh 16-byte salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` matches `stored`; false for any malformed hash. Constant-time on the key bytes. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const N = Number(n);
  const rr = Number(r);
  const pp = Number(p);
  if (![N, rr, pp].every((x) => Number.isInteger(x) && x > 0) || N > 1 << 20 || saltB64 === undefined || keyB64 === undefined) return false;
  const expected = Buffer.from(keyB64, 'base64url');
  if (expected.length !== KEY_LEN) return false;
  const actual = await derive(secret, Buffer.from(saltB64, 'base64url'), { N, r: rr, p: pp });
  return timingSafeEqual(actual, expected);
}
