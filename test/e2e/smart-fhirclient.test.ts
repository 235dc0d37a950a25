/**
 * The real `fhirclient` npm package (SMART's reference JS client, Node adapter) against the assembled
 * gateway on a real port: standalone launch and EHR launch with PKCE S256, code exchange, a FHIR read
 * and refresh. The "browser" is fetch with a cookie jar (support/smart-browser.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import smart from 'fhirclient';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startGateway, type RunningGateway } from '../../src/main.js';
import { Browser } from './support/smart-browser.js';

/** fhirclient's Client, as `ready()` resolves it. */
type Client = Awaited<ReturnType<ReturnType<typeof smart>['ready']>>;

const ADMIN_ID = 'fhirclient-admin';
const ADMIN_SECRET = 'fhirclient-admin-secret-0123456789';

let gw: RunningGateway;
let dataDir: string;
let app: Server;
let appUrl: string;
let fhirBase: string;
let admin: string;
let patientId: string;
/** What the app's /callback produced: the fhirclient Client, or the error. */
let lastClient: Promise<Client> | undefined;
/** The options the app's /launch passes to `authorize()`. */
let authorizeOptions: Record<string, unknown> = {};

/** fhirclient's server-side storage, one per test (a real app would use its session). */
function memoryStorage(): { get(k: string): Promise<unknown>; set(k: string, v: unknown): Promise<unknown>; unset(k: string): Promise<boolean> } {
  const m = new Map<string, unknown>();
  return {
    get: (k) => Promise.resolve(m.get(k)),
    set: (k, v) => (m.set(k, v), Promise.resolve(v)),
    unset: (k) => Promise.resolve(m.delete(k)),
  };
}
let storage = memoryStorage();

async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${gw.url}${path}`, { ...init, headers, ...(init.json !== undefined && { body: JSON.stringify(init.json) }) });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lyfe-fhirclient-'));
  gw = await startGateway(
    loadConfig({ PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, BOOTSTRAP_CLIENT_ID: ADMIN_ID, BOOTSTRAP_CLIENT_SECRET: ADMIN_SECRET }),
    silentLogger(),
  );
  // PUBLIC_BASE_URL defaults to http://localhost:<port>; fhirclient and the browser use that base.
  const port = new URL(gw.url).port;
  fhirBase = `http://localhost:${port}/fhir`;
  const tok = await fetch(`${gw.url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  admin = ((await tok.json()) as { access_token: string }).access_token;
  const p = await api('/fhir/Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ given: ['Carla'], family: 'Diaz' }] } });
  patientId = ((await p.json()) as { id: string }).id;
  const user = await api('/admin/api/users', { method: 'POST', json: { username: 'nurse', password: 'nurse-password', fhirUser: 'Practitioner/n1' } });
  expect(user.status).toBe(201);

  // The SMART app: /launch starts authorization, /callback completes it (fhirclient's Node adapter).
  app = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/launch') {
      smart(req, res, storage).authorize(authorizeOptions).catch((e: unknown) => res.writeHead(500).end(String(e)));
    } else if (path === '/callback') {
      lastClient = smart(req, res, storage).ready();
      lastClient.then(() => res.writeHead(200).end('ready'), (e: unknown) => res.writeHead(500).end(String(e)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => app.listen(0, '127.0.0.1', ok));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((ok) => app.close(() => ok()));
  await gw.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function registerApp(method: 'none' | 'client_secret_basic'): Promise<{ client_id: string; client_secret?: string }> {
  const res = await api('/oauth2/register', {
    method: 'POST',
    json: {
      client_name: 'fhirclient test app', redirect_uris: [`${appUrl}/callback`], token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'], scope: 'openid fhirUser launch launch/patient offline_access patient/*.rs user/*.rs',
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { client_id: string; client_secret?: string };
}

describe('fhirclient', () => {
  it('standalone launch (public client, PKCE), FHIR read and refresh', async () => {
    storage = memoryStorage();
    const reg = await registerApp('none');
    authorizeOptions = {
      iss: fhirBase, clientId: reg.client_id, redirectUri: '/callback', pkceMode: 'required',
      scope: 'openid fhirUser launch/patient offline_access user/Patient.rs patient/*.rs',
    };
    const browser = new Browser();
    const start = await browser.get(`${appUrl}/launch`);
    expect(start.url.pathname).toBe('/oauth2/authorize/interact');
    const end = await browser.authorizeThrough(start, ['nurse', 'nurse-password'], patientId);
    expect(end.url.pathname).toBe('/callback');
    expect(end.text).toBe('ready');
    const client = await (lastClient ?? Promise.reject(new Error('no callback')));
    expect(client.patient.id).toBe(patientId);
    expect(client.getFhirUser()).toBe('Practitioner/n1');
    expect(client.state.tokenResponse?.need_patient_banner).toBe(true);
    expect(client.state.tokenResponse?.refresh_token).toBeTruthy();
    const pat = (await client.request(`Patient/${patientId}`)) as { id: string };
    expect(pat.id).toBe(patientId);
    const before = client.state.tokenResponse?.access_token;
    await client.refresh();
    expect(client.state.tokenResponse?.access_token).not.toBe(before);
    expect(client.state.tokenResponse?.patient).toBe(patientId);
  });

  it('EHR launch (confidential client): patient and encounter from the launch context', async () => {
    storage = memoryStorage();
    const reg = await registerApp('client_secret_basic');
    const launch = await api('/admin/api/launch', { method: 'POST', json: { patient: patientId, encounter: 'e-7' } });
    expect(launch.status).toBe(201);
    const { launch: launchId } = (await launch.json()) as { launch: string };
    authorizeOptions = { clientId: reg.client_id, clientSecret: reg.client_secret, redirectUri: '/callback', pkceMode: 'required', scope: 'launch openid fhirUser patient/*.rs user/*.rs' };
    const browser = new Browser();
    const start = await browser.get(`${appUrl}/launch?iss=${encodeURIComponent(fhirBase)}&launch=${encodeURIComponent(launchId)}`);
    const end = await browser.authorizeThrough(start, ['nurse', 'nurse-password']);
    expect(end.text).toBe('ready');
    const client = await (lastClient ?? Promise.reject(new Error('no callback')));
    expect(client.patient.id).toBe(patientId);
    expect(client.encounter.id).toBe('e-7');
    expect(client.state.tokenResponse?.need_patient_banner).toBe(false);
  });
});
