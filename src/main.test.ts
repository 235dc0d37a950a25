import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config/config.js';
import { silentLogger } from './log/logger.js';
import { startGateway, type RunningGateway } from './main.js';

/** The README walkthrough, over real HTTP against the assembled gateway. */
describe('startGateway (embedded SQLite)', () => {
  let dir: string;
  let gw: RunningGateway;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyfeai-main-'));
    gw = await startGateway(loadConfig({ PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }), silentLogger());
  });
  afterAll(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the bootstrap client on first start, in a 0600 file', () => {
    expect(gw.bootstrap.status).toBe('created');
    const path = join(dir, 'bootstrap-client.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ client_id: gw.bootstrap.clientId });
  });

  it('serves the ops endpoints without a token', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${gw.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const metrics = await fetch(`${gw.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain('http_requests_total');
    expect((await fetch(`${gw.url}/fhir/metadata`)).status).toBe(200);
  });

  it('needs a bearer token for the FHIR API', async () => {
    const res = await fetch(`${gw.url}/fhir/Patient`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('issues a token to the bootstrap client, then creates and finds a Patient', async () => {
    const creds = JSON.parse(readFileSync(join(dir, 'bootstrap-client.json'), 'utf8')) as { client_id: string; client_secret: string };
    const tokenRes = await fetch(`${gw.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${creds.client_id}:${creds.client_secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(tokenRes.status).toBe(200);
    token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' };
    const created = await fetch(`${gw.url}/fhir/Patient`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Chalmers', given: ['Peter'] }], birthDate: '1974-12-25' }),
    });
    expect(created.status).toBe(201);
    // PORT=0: links use the real port, not 0.
    expect(created.headers.get('location')).toMatch(new RegExp(`^http://localhost:${new URL(gw.url).port}/fhir/Patient/[^/]+/_history/1$`));
    const found = await fetch(`${gw.url}/fhir/Patient?family=chalmers&birthdate=1974-12-25`, { headers });
    expect(found.status).toBe(200);
    const bundle = (await found.json()) as { total?: number; entry?: unknown[] };
    expect(bundle.entry).toHaveLength(1);
  });

  it('serves the terminology operations over the shipped content', async () => {
    const url = encodeURIComponent('http://hl7.org/fhir/ValueSet/administrative-gender');
    const res = await fetch(`${gw.url}/fhir/ValueSet/$expand?url=${url}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const vs = (await res.json()) as { expansion?: { contains?: { code?: string }[] } };
    expect(vs.expansion?.contains?.map((c) => c.code)).toContain('female');
  });
});

describe('main (CLI)', () => {
  it('exits 1 naming the variable when a setting is invalid', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toMatch(/expected/);
  });
});
