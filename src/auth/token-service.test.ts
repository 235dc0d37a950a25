import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { parseScopes } from './scopes.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { TokenService } from './token-service.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lyfe-auth-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('signing key', () => {
  it('is created once with mode 0600 and reloaded with the same kid', async () => {
    const path = join(await tempDir(), 'key.json');
    const a = await loadOrCreateSigningKey(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const b = await loadOrCreateSigningKey(path);
    expect(b.kid).toBe(a.kid);
    expect(a.publicJwk).not.toHaveProperty('d');
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty('d');
  });
});

describe('TokenService', () => {
  it('issues tokens that verify, and refuses expired, foreign or tampered ones', async () => {
    const dir = await tempDir();
    const key = await loadOrCreateSigningKey(join(dir, 'k.json'));
    let now = new Date('2030-01-01T00:00:00Z');
    const svc = new TokenService({ key, issuer: 'urn:test', ttlSeconds: 60, clock: () => now });
    const issued = await svc.issue('client-1', parseScopes('system/*.rs admin'));
    expect(issued).toMatchObject({ expiresIn: 60, scope: 'system/*.rs admin' });

    const ok = await svc.verify(issued.accessToken);
    expect(ok).toMatchObject({ clientId: 'client-1', scope: 'system/*.rs admin' });

    const other = new TokenService({ key: await loadOrCreateSigningKey(join(dir, 'k2.json')), issuer: 'urn:test', ttlSeconds: 60, clock: () => now });
    expect(await other.verify(issued.accessToken)).toBeUndefined();
    const wrongIssuer = new TokenService({ key, issuer: 'urn:other', ttlSeconds: 60, clock: () => now });
    expect(await wrongIssuer.verify(issued.accessToken)).toBeUndefined();
    expect(await svc.verify(`${issued.accessToken.slice(0, -2)}AA`)).toBeUndefined();
    expect(await svc.verify('not-a-jwt')).toBeUndefined();

    now = new Date('2030-01-01T00:01:01Z');
    expect(await svc.verify(issued.accessToken)).toBeUndefined();
  });

  it('publishes the public key only', async () => {
    const key = await loadOrCreateSigningKey(join(await tempDir(), 'k.json'));
    const svc = new TokenService({ key, issuer: 'urn:test', ttlSeconds: 60, clock: () => new Date() });
    const jwks = svc.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.kid });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('TokenService verified-token cache', () => {
  it('answers repeated verifications from the cache until exp, and honours revocation', async () => {
    const dir = await tempDir();
    const key = await loadOrCreateSigningKey(join(dir, 'k.json'));
    let now = new Date('2030-01-01T00:00:00Z');
    const svc = new TokenService({ key, issuer: 'urn:test', ttlSeconds: 60, clock: () => now });
    const issued = await svc.issue('client-1', parseScopes('system/*.rs'));
    expect(svc.verifyCached(issued.accessToken)).toBeUndefined();
    const first = await svc.verify(issued.accessToken);
    expect(first).toMatchObject({ clientId: 'client-1' });
    expect(svc.verifyCached(issued.accessToken)).toEqual(first);
    expect(await svc.verify(issued.accessToken)).toEqual(first);

    // exp is exclusive, as jose has it: at exp the token is refused, cached or not.
    now = new Date('2030-01-01T00:01:00Z');
    expect(svc.verifyCached(issued.accessToken)).toBeUndefined();
    expect(await svc.verify(issued.accessToken)).toBeUndefined();

    now = new Date('2030-01-01T00:00:00Z');
    const again = await svc.verify(issued.accessToken);
    expect(again).toBeDefined();
    if (again === undefined) return;
    svc.revoke(again);
    expect(svc.verifyCached(issued.accessToken)).toBeUndefined();
    expect(await svc.verify(issued.accessToken)).toBeUndefined();
    const other = await svc.issue('client-1', parseScopes('system/*.rs'));
    expect(await svc.verify(other.accessToken)).toMatchObject({ clientId: 'client-1' });
  });

  it('stays bounded, evicting the least recently used token', async () => {
    const key = await loadOrCreateSigningKey(join(await tempDir(), 'k.json'));
    const svc = new TokenService({ key, issuer: 'urn:test', ttlSeconds: 60, clock: () => new Date(), verifiedCacheSize: 2 });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => svc.issue('c', parseScopes('system/*.rs'))));
    if (!a || !b || !c) throw new Error('tokens');
    await svc.verify(a.accessToken);
    await svc.verify(b.accessToken);
    expect(svc.verifyCached(a.accessToken)).toBeDefined(); // a is now the most recent
    await svc.verify(c.accessToken);
    expect(svc.verifyCached(b.accessToken)).toBeUndefined();
    expect(svc.verifyCached(a.accessToken)).toBeDefined();
    expect(svc.verifyCached(c.accessToken)).toBeDefined();
  });
});
