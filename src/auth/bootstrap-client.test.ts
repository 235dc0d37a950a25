import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { openAuthService } from './auth-service.js';
import { JsonFileClientStore } from './json-file-client-store.js';
import { OAuthError } from './oauth-error.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lyfe-boot-'));
  dirs.push(d);
  return d;
}
const clock = (): Date => new Date('2030-01-01T00:00:00Z');
const base = { issuer: 'urn:test', tokenTtlSeconds: 300, clock };

describe('bootstrap client', () => {
  it('is generated once, written with mode 0600, and its secret works', async () => {
    const dataDir = await tempDir();
    const first = await openAuthService({ ...base, dataDir, bootstrapClientId: undefined, bootstrapClientSecret: undefined });
    expect(first.bootstrap.status).toBe('created');
    const path = join(dataDir, 'bootstrap-client.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'clients.json'))).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(await readFile(path, 'utf8')) as { client_id: string; client_secret: string };
    expect(creds.client_id).toBe(first.bootstrap.clientId);
    expect(await readFile(join(dataDir, 'clients.json'), 'utf8')).not.toContain(creds.client_secret);

    const client = await first.auth.authenticateClient({ clientId: creds.client_id, clientSecret: creds.client_secret });
    const token = await first.auth.clientCredentials(client, undefined);
    expect(token.scope).toBe('system/*.cruds admin');

    const second = await openAuthService({ ...base, dataDir, bootstrapClientId: undefined, bootstrapClientSecret: undefined });
    expect(second.bootstrap).toMatchObject({ status: 'existing', clientId: creds.client_id });
    // Tokens from the first boot still verify after a restart (same persisted key).
    expect(await second.auth.verify(token.accessToken)).toMatchObject({ clientId: creds.client_id });
  });

  it('uses configured credentials and rotates the secret when it changes', async () => {
    const dataDir = await tempDir();
    const a = await openAuthService({ ...base, dataDir, bootstrapClientId: 'ops', bootstrapClientSecret: 'first-secret-123456' });
    expect(a.bootstrap).toMatchObject({ status: 'configured', clientId: 'ops' });
    await expect(a.auth.authenticateClient({ clientId: 'ops', clientSecret: 'first-secret-123456' })).resolves.toMatchObject({ clientId: 'ops' });
    const b = await openAuthService({ ...base, dataDir, bootstrapClientId: 'ops', bootstrapClientSecret: 'second-secret-123456' });
    await expect(b.auth.authenticateClient({ clientId: 'ops', clientSecret: 'first-secret-123456' })).rejects.toBeInstanceOf(OAuthError);
    await expect(b.auth.authenticateClient({ clientId: 'ops', clientSecret: 'second-secret-123456' })).resolves.toMatchObject({ clientId: 'ops' });
  });
});

describe('JsonFileClientStore', () => {
  it('persists puts and deletes across instances, even when concurrent', async () => {
    const path = join(await tempDir(), 'clients.json');
    const s = new JsonFileClientStore(path);
    const c = (id: string) => ({ clientId: id, secretHash: undefined, scope: 'system/*.rs', grantTypes: ['client_credentials'], name: id, createdAt: 'x' });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => s.put(c(id))));
    expect(await s.delete('b')).toBe(true);
    expect(await s.delete('zz')).toBe(false);
    const reopened = new JsonFileClientStore(path);
    expect((await reopened.list()).map((x) => x.clientId)).toEqual(['a', 'c', 'd']);
    expect(await reopened.get('c')).toMatchObject({ scope: 'system/*.rs' });
  });
});
