/**
 * A clinician's patient-scoped SMART session, end to end with the real `fhirclient` package against the
 * assembled gateway on a real port. Standalone launch as a local user whose fhirUser is a Practitioner,
 * patient p1 picked in the patient picker, scopes `launch/patient patient/*.rs openid fhirUser
 * offline_access`: p1's data is readable, p2's is not (read 404, searches narrowed, `$everything`
 * confined), and refresh keeps the patient context. An EHR launch whose launch context names p2 sees
 * only p2. The "browser" is fetch with a cookie jar (support/smart-browser.ts).
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Bundle, CapabilityStatement, Resource } from 'fhir/r4.js';
import { Browser } from './support/smart-browser.js';
import { startFhirclientApp, startSmartGateway, type FhirClient as Client, type FhirclientApp, type SmartGateway } from './support/smart-gateway.js';

const STANDALONE_SCOPE = 'launch/patient patient/*.rs openid fhirUser offline_access';
const APP_SCOPE = 'openid fhirUser launch launch/patient offline_access patient/*.rs';

let g: SmartGateway;
let app: FhirclientApp;
let fhirBase: string;

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
  g = await startSmartGateway('patient-flow');
  fhirBase = g.fhirBase;
  for (const r of seed()) {
    const res = await g.api(`/fhir/${String(r['resourceType'])}/${String(r['id'])}`, { method: 'PUT', json: r });
    expect(res.status, String(r['id'])).toBe(201);
  }
  const user = await g.api('/admin/api/users', { method: 'POST', json: { username: 'house', password: 'house-password', fhirUser: 'Practitioner/dr1' } });
  expect(user.status).toBe(201);
  app = await startFhirclientApp(g);
}, 60_000);

afterAll(async () => {
  await app.close();
  await g.close();
});

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
    const reg = await app.register('none', 'patient flow app', APP_SCOPE);
    app.prepareLaunch({ iss: fhirBase, clientId: reg.client_id, redirectUri: '/callback', pkceMode: 'required', scope: STANDALONE_SCOPE });
    const browser = new Browser();
    const start = await browser.get(`${app.url}/launch`);
    const end = await browser.authorizeThrough(start, ['house', 'house-password'], 'p1');
    expect(end.text).toBe('ready');
    const client = await app.client();
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
    const reg = await app.register('client_secret_basic', 'patient flow app', APP_SCOPE);
    const launch = await g.api('/admin/api/launch', { method: 'POST', json: { patient: 'p2' } });
    expect(launch.status).toBe(201);
    const { launch: launchId } = (await launch.json()) as { launch: string };
    app.prepareLaunch({ clientId: reg.client_id, clientSecret: reg.client_secret, redirectUri: '/callback', pkceMode: 'required', scope: 'launch patient/*.rs openid fhirUser' });
    const browser = new Browser();
    const start = await browser.get(`${app.url}/launch?iss=${encodeURIComponent(fhirBase)}&launch=${encodeURIComponent(launchId)}`);
    const end = await browser.authorizeThrough(start, ['house', 'house-password']);
    expect(end.text).toBe('ready');
    const client = await app.client();
    expect(client.patient.id).toBe('p2');
    await expectConfinedTo(client, 'p2', 'p1');
    const bundle = (await client.request('Patient/p2/$everything?_type=Observation&_count=1')) as Bundle;
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(['Observation']);
    expect(bundle.link?.find((l) => l.relation === 'next')?.url).toContain('/Patient/p2/$everything?');
  });
});
