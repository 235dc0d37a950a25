import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { KeyRing } from './key-ring.js';
import { parseScopes } from './scopes.js';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { generateSigningJwk, signingKeyFromJwk } from './signing-key.js';
import { TokenService } from './token-service.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lyfe-ring-'));
  dirs.push(d);
  return d;
}

describe('KeyRing', () => {
  it('rotates after the period, keeps the old key published and verifying until its tokens expired', async () => {
    const path = join(await tempDir(), 'signing-keys.json');
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = (): Date => now;
    const ring = await KeyRing.open({ path, rotationSeconds: 86_400, retainSeconds: 3600, clock });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const svc = new TokenService({ key: ring, issuer: 'urn:t', ttlSeconds: 3600, clock });
    const first = await svc.issue('c', parseScopes('system/*.rs'));
    const kid1 = ring.jwks().keys[0]?.kid;

    now = new Date('2030-01-02T00:00:01Z'); // past the rotation period
    const second = await svc.issue('c', parseScopes('system/*.rs'));
    const kids = ring.jwks().keys.map((k) => k.kid);
    expect(kids).toHaveLength(2);
    expect(kids[0]).toBe(kid1);
    expect(ring.jwks().keys.every((k) => !('d' in k))).toBe(true);

    // A restart sees the same two keys.
    const reopened = await KeyRing.open({ path, rotationSeconds: 86_400, retainSeconds: 3600, clock });
    expect(reopened.jwks().keys.map((k) => k.kid)).toEqual(kids);

    // The first token was issued a day ago and has expired; tokens of the new key verify.
    expect(await svc.verify(second.accessToken)).toBeDefined();
    now = new Date('2030-01-02T00:30:00Z');
    expect(ring.jwks().keys).toHaveLength(2);
    now = new Date('2030-01-02T01:00:02Z'); // retired + retainSeconds passed
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([kids[1]]);
    expect(await new TokenService({ key: ring, issuer: 'urn:t', ttlSeconds: 3600, clock }).verify(first.accessToken)).toBeUndefined();
  });

  it('a token signed by a retired key still verifies within the retention window', async () => {
    const path = join(await tempDir(), 'k.json');
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = (): Date => now;
    const ring = await KeyRing.open({ path, rotationSeconds: 0, retainSeconds: 600, clock });
    const svc = new TokenService({ key: ring, issuer: 'urn:t', ttlSeconds: 300, clock, verifiedCacheSize: 0 });
    const old = await svc.issue('c', parseScopes('system/*.rs'));
    await ring.rotate();
    now = new Date('2030-01-01T00:01:00Z');
    expect(await svc.verify(old.accessToken)).toMatchObject({ clientId: 'c' });
  });

  it('adopts the single key file of an older version', async () => {
    const dir = await tempDir();
    const legacy = await generateSigningJwk();
    await writeFile(join(dir, 'signing-key.jwk.json'), JSON.stringify(legacy));
    const ring = await KeyRing.open({ path: join(dir, 'signing-keys.json'), legacyPath: join(dir, 'signing-key.jwk.json'), rotationSeconds: 0, retainSeconds: 60, clock: () => new Date() });
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([legacy.kid]);
    expect(await readFile(join(dir, 'signing-keys.json'), 'utf8')).toContain(legacy.kid ?? 'x');
  });
  it('an ES384 ring of an older version: an ES256 key takes over, the ES384 key verifies until retired', async () => {
    const path = join(await tempDir(), 'signing-keys.json');
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = (): Date => now;
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const oldJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES384', use: 'sig' };
    await writeFile(path, JSON.stringify({ keys: [{ jwk: oldJwk, createdAt: now.getTime() - 1000 }] }), { mode: 0o600 });
    const oldKey = await signingKeyFromJwk(oldJwk, 'test');
    expect(oldKey.alg).toBe('ES384');
    const before = await new TokenService({ key: oldKey, issuer: 'urn:t', ttlSeconds: 300, clock }).issue('c', parseScopes('system/*.rs'));
    expect(decodeProtectedHeader(before.accessToken).alg).toBe('ES384');

    const ring = await KeyRing.open({ path, rotationSeconds: 86_400, retainSeconds: 360, clock });
    expect(ring.jwks().keys.map((k) => [k.kid, k.alg, k.crv])).toEqual([[oldJwk.kid, 'ES384', 'P-384'], [expect.any(String), 'ES256', 'P-256']]);
    const svc = new TokenService({ key: ring, issuer: 'urn:t', ttlSeconds: 300, clock, verifiedCacheSize: 0 });
    const after = await svc.issue('c', parseScopes('system/*.rs'));
    expect(decodeProtectedHeader(after.accessToken)).toMatchObject({ alg: 'ES256', kid: ring.jwks().keys[1]?.kid });
    expect(await svc.verify(before.accessToken)).toMatchObject({ clientId: 'c' });
    expect(await svc.verify(after.accessToken)).toMatchObject({ clientId: 'c' });
    // A reopened ring keeps ES256 current (no second rotation).
    expect((await KeyRing.open({ path, rotationSeconds: 86_400, retainSeconds: 360, clock })).jwks().keys).toHaveLength(2);
    now = new Date('2030-01-01T00:06:01Z'); // retired + retainSeconds passed
    expect(ring.jwks().keys.map((k) => k.alg)).toEqual(['ES256']);
  });
});
