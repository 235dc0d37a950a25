/**
 * A clinician's patient-scoped SMART session, end to end with the real `fhirclient` package against the
 * assembled gateway on a real port. Standalone launch as a local user whose fhirUser is a Practitioner,
 * patient p1 picked in the patient picker, scopes `launch/patient patient/*.rs openid fhirUser
 * offline_access`: p1's data is readable, p2's is not (read 404, searches narrowed, `$everything`
 * confined), and refresh keeps the patient context. An EHR launch whose launch context names p2 sees
 * only p2. The "browser" is fetch with a cookie jar (support/smart-browser.ts).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import smart from 'fhirclient';
import type { Bundle, CapabilityStatement, Resource } from 'fhir/r4.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startGateway, type RunningGateway } from '../../src/main.js';
import { Browser } from './support/smart-browser.js';

/** fhirclient's Client, as `ready()` resolves it. */
type Client = Awaited<ReturnType<ReturnType<typeof smart>['ready']>>;

const ADMIN_ID = 'patient-flow-admin';
const ADMIN_SECRET = 'patient-flow-admin-secret-0123456789';
const STANDALONE_SCOPE = 'launch/patient patient/*.rs openid fhirUser offline_access';

let gw: RunningGateway;
let dataDir: string;
let app: Server;
let appUrl: string;
let fhirBase: string;
let admin: string;
let lastClient: Promise<Client> | undefined;
let authorizeOptions: Record<string, unknown> = {};

function memoryStorage(): { get(k: string): Promise<unknown>; set(k: string, v: unknown): Promise<unknown>; unset(k: string): Promise<boolean> } {
  const m = new Map<string, unknown>();
  return { get: (k) => Promise.resolve(m.get(k)), set: (k, v) => (m.set(k, v), Promise.resolve(v)), unset: (k) => Promise.resolve(m.delete(k)) };
}
let storage = memoryStorage();

async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
  if (init.json !== undefined) headers['content-type'] = 'application/fhir+json';
  return fetch(`${gw.url}${path}`, { ...init, headers, ...(init.json !== undefined && { body: JSON.stringify(init.json) }) });
}

/** Two patients with the same kinds of data, and shared resources outside the compartment. */
function seed(): Record<string, unknown>[] {
  const shared = [
    { resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'House' }] },
    { resourceType: 'Organization', id: 'org1', name: 'General' },
    { resourceType: 'Medication', id: 'med1', code: { text: 'salbutamol' } },
  ];
  const of = (p: string): Record<string, unknown>[] => {
    const subject = { reference: `Patient/${p}` };
    return [
      { resourceType: 'Patient', id: p, name: [{ family: p === 'p1' ? 'Alpha' : 'Beta' }], managingOrganization: { reference: 'Organization/org1' } },
      { resourceType: 'Encounter', id: `${p}-enc`, status: 'finished', class: { code: 'AMB' }, subject },
      ...[1, 2, 3].map((n) => ({
        resourceType: 'Observation', id: `${p}-obs${n}`, status: 'final', code: { text: `obs ${n}` }, subject,
        encounter: { reference: `Encounter/${p}-enc` }, performer: [{ reference: 'Practitioner/dr1' }],
      })),
      { resourceType: 'MedicationRequest', id: `${p}-mr`, status: 'active', intent: 'order', subject, medicationReference: { reference: 'Medication/med1' } },
    ];
  };
  return [...shared, ...of('p1'), ...of('p2')];
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lyfe-patient-flow-'));
  gw = await startGateway(
    loadConfig({ PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, BOOTSTRAP_CLIENT_ID: ADMIN_ID, BOOTSTRAP_CLIENT_SECRET: ADMIN_SECRET }),
    silentLogger(),
  );
  fhirBase = `http://localhost:${new URL(gw.url).port}/fhir`;
  const tok = await fetch(`${gw.url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  admin = ((await tok.json()) as { access_token: string }).access_token;
  for (const r of seed()) {
    const res = await api(`/fhir/${String(r['resourceType'])}/${String(r['id'])}`, { method: 'PUT', json: r });
    expect(res.status, String(r['id'])).toBe(201);
  }
  const user = await api('/admin/api/users', { method: 'POST', json: { username: 'house', password: 'house-password', fhirUser: 'Practitioner/dr1' } });
  expect(user.status).toBe(201);

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
      client_name: 'patient flow app', redirect_uris: [`${appUrl}/callback`], token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'], scope: 'openid fhirUser launch launch/patient offline_access patient/*.rs',
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { client_id: string; client_secret?: string };
}

/** The status of a failed fhirclient request (its HttpError), or 200 when it succeeded. */
async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode ?? -1;
  }
}

/** Every resource of a (multi-page, followed by fhirclient) search result. */
async function all(client: Client, url: string): Promise<Resource[]> {
  const out = (await client.request(url, { pageLimit: 0, flat: true })) as Resource[];
  return out;
}

/** The patient a resource belongs to (subject / patient / itself), or undefined outside the compartment. */
function ownerOf(r: Resource): string | undefined {
  if (r.resourceType === 'Patient') return `Patient/${r.id ?? ''}`;
  const o = r as { subject?: { reference?: string }; patient?: { reference?: string } };
  return o.subject?.reference ?? o.patient?.reference;
}

const owners = (rs: readonly Resource[]): string[] => [...new Set(rs.map(ownerOf).filter((o): o is string => o !== undefined))];
const keys = (rs: readonly Resource[]): string[] => rs.map((r) => `${r.resourceType}/${r.id ?? ''}`).sort();

/** What a client confined to `p` (the other being `q`) may and may not see. */
async function expectConfinedTo(client: Client, p: string, q: string): Promise<void> {
  expect((await client.request(`Observation/${p}-obs1`)) as Resource).toMatchObject({ id: `${p}-obs1` });
  expect(await statusOf(client.request(`Observation/${q}-obs1`))).toBe(404);
  expect(await statusOf(client.request(`Patient/${q}`))).toBe(404);
  const obs = await all(client, 'Observation?_count=2');
  expect(keys(obs)).toEqual([`Observation/${p}-obs1`, `Observation/${p}-obs2`, `Observation/${p}-obs3`]);
  expect(keys(await all(client, `Observation?subject=Patient/${q}`))).toEqual([]);
  // fhirclient's patient-scoped helper adds `patient=` itself.
  expect(owners((await client.patient.request('Observation', { pageLimit: 0, flat: true })) as Resource[])).toEqual([`Patient/${p}`]);

  for (const url of [`Patient/${p}/$everything?_count=3`, 'Patient/$everything']) {
    const everything = await all(client, url);
    expect(owners(everything), url).toEqual([`Patient/${p}`]);
    expect(keys(everything.filter((r) => ownerOf(r) !== undefined))).toEqual(
      [`Encounter/${p}-enc`, `MedicationRequest/${p}-mr`, `Observation/${p}-obs1`, `Observation/${p}-obs2`, `Observation/${p}-obs3`, `Patient/${p}`],
    );
    expect(keys(everything)).toEqual(expect.arrayContaining(['Practitioner/dr1', 'Organization/org1', 'Medication/med1']));
    expect(JSON.stringify(everything)).not.toMatch(new RegExp(`\\b${q}\\b`));
  }
  expect(await statusOf(client.request(`Patient/${q}/$everything`))).toBe(404);
}

describe('discovery', () => {
  it('lists permission-patient with the other capabilities, and $everything in the CapabilityStatement', async () => {
    const res = await fetch(`${fhirBase}/.well-known/smart-configuration`);
    const body = (await res.json()) as { capabilities: string[] };
    expect([...body.capabilities].sort()).toEqual([
      'authorize-post', 'client-confidential-asymmetric', 'client-confidential-symmetric', 'client-public', 'context-ehr-encounter',
      'context-ehr-patient', 'context-standalone-patient', 'launch-ehr', 'launch-standalone', 'permission-offline', 'permission-online',
      'permission-patient', 'permission-user', 'permission-v1', 'permission-v2', 'sso-openid-connect',
    ]);
    const cs = (await (await fetch(`${fhirBase}/metadata`)).json()) as CapabilityStatement;
    const patient = cs.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.operation).toContainEqual({ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' });
  });
});

describe('a Practitioner user with patient/ scopes (fhirclient)', () => {
  it('standalone launch, picks p1: sees only p1 (read, search, $everything), refresh keeps p1', async () => {
    storage = memoryStorage();
    const reg = await registerApp('none');
    authorizeOptions = { iss: fhirBase, clientId: reg.client_id, redirectUri: '/callback', pkceMode: 'required', scope: STANDALONE_SCOPE };
    const browser = new Browser();
    const start = await browser.get(`${appUrl}/launch`);
    const end = await browser.authorizeThrough(start, ['house', 'house-password'], 'p1');
    expect(end.text).toBe('ready');
    const client = await (lastClient ?? Promise.reject(new Error('no callback')));
    expect(client.patient.id).toBe('p1');
    expect(client.getFhirUser()).toBe('Practitioner/dr1');
    expect(client.state.tokenResponse?.scope?.split(' ').sort()).toEqual(STANDALONE_SCOPE.split(' ').sort());
    await expectConfinedTo(client, 'p1', 'p2');

    const before = client.state.tokenResponse?.access_token;
    await client.refresh();
    expect(client.state.tokenResponse?.access_token).not.toBe(before);
    expect(client.state.tokenResponse?.patient).toBe('p1');
    expect(client.patient.id).toBe('p1');
    await expectConfinedTo(client, 'p1', 'p2');
    // The refreshed access token, used directly, carries the same confinement.
    const direct = await fetch(`${fhirBase}/Patient/p2/$everything`, { headers: { authorization: `Bearer ${client.state.tokenResponse?.access_token ?? ''}` } });
    expect(direct.status).toBe(404);
  });

  it('EHR launch with a launch context for p2: sees only p2', async () => {
    storage = memoryStorage();
    const reg = await registerApp('client_secret_basic');
    const launch = await api('/admin/api/launch', { method: 'POST', json: { patient: 'p2' } });
    expect(launch.status).toBe(201);
    const { launch: launchId } = (await launch.json()) as { launch: string };
    authorizeOptions = { clientId: reg.client_id, clientSecret: reg.client_secret, redirectUri: '/callback', pkceMode: 'required', scope: 'launch patient/*.rs openid fhirUser' };
    const browser = new Browser();
    const start = await browser.get(`${appUrl}/launch?iss=${encodeURIComponent(fhirBase)}&launch=${encodeURIComponent(launchId)}`);
    const end = await browser.authorizeThrough(start, ['house', 'house-password']);
    expect(end.text).toBe('ready');
    const client = await (lastClient ?? Promise.reject(new Error('no callback')));
    expect(client.patient.id).toBe('p2');
    await expectConfinedTo(client, 'p2', 'p1');
    const bundle = (await client.request('Patient/p2/$everything?_type=Observation&_count=1')) as Bundle;
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(['Observation']);
    expect(bundle.link?.find((l) => l.relation === 'next')?.url).toContain('/Patient/p2/$everything?');
  });
});
