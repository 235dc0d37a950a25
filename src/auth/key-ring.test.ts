import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { KeyRing } from './key-ring.js';
import { parseScopes } from './scopes.js';
import { generateSigningJwk } from './signing-key.js';
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
});
