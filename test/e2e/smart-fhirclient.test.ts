/**
 * The real `fhirclient` npm package (SMART's reference JS client, Node adapter) against the assembled
 * gateway on a real port: standalone launch and EHR launch with PKCE S256, code exchange, a FHIR read
 * and refresh. The "browser" is fetch with a cookie jar (support/smart-browser.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Browser } from './support/smart-browser.js';
import { startFhirclientApp, startSmartGateway, type FhirclientApp, type SmartGateway } from './support/smart-gateway.js';

const APP_SCOPE = 'openid fhirUser launch launch/patient offline_access patient/*.rs user/*.rs';

let g: SmartGateway;
let app: FhirclientApp;
let patientId: string;

beforeAll(async () => {
  g = await startSmartGateway('fhirclient');
  const p = await g.api('/fhir/Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ given: ['Carla'], family: 'Diaz' }] } });
  patientId = ((await p.json()) as { id: string }).id;
  const user = await g.api('/admin/api/users', { method: 'POST', json: { username: 'nurse', password: 'nurse-password', fhirUser: 'Practitioner/n1' } });
  expect(user.status).toBe(201);
  app = await startFhirclientApp(g);
}, 60_000);

afterAll(async () => {
  await app.close();
  await g.close();
});

describe('fhirclient', () => {
  it('standalone launch (public client, PKCE), FHIR read and refresh', async () => {
    const reg = await app.register('none', 'fhirclient test app', APP_SCOPE);
    app.prepareLaunch({
      iss: g.fhirBase, clientId: reg.client_id, redirectUri: '/callback', pkceMode: 'required',
      scope: 'openid fhirUser launch/patient offline_access user/Patient.rs patient/*.rs',
    });
    const browser = new Browser();
    const start = await browser.get(`${app.url}/launch`);
    expect(start.url.pathname).toBe('/oauth2/authorize/interact');
    const end = await browser.authorizeThrough(start, ['nurse', 'nurse-password'], patientId);
    expect(end.url.pathname).toBe('/callback');
    expect(end.text).toBe('ready');
    const client = await app.client();
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
    const reg = await app.register('client_secret_basic', 'fhirclient test app', APP_SCOPE);
    const launch = await g.api('/admin/api/launch', { method: 'POST', json: { patient: patientId, encounter: 'e-7' } });
    expect(launch.status).toBe(201);
    const { launch: launchId } = (await launch.json()) as { launch: string };
    app.prepareLaunch({ clientId: reg.client_id, clientSecret: reg.client_secret, redirectUri: '/callback', pkceMode: 'required', scope: 'launch openid fhirUser patient/*.rs user/*.rs' });
    const browser = new Browser();
    const start = await browser.get(`${app.url}/launch?iss=${encodeURIComponent(g.fhirBase)}&launch=${encodeURIComponent(launchId)}`);
    const end = await browser.authorizeThrough(start, ['nurse', 'nurse-password']);
    expect(end.text).toBe('ready');
    const client = await app.client();
    expect(client.patient.id).toBe(patientId);
    expect(client.encounter.id).toBe('e-7');
    expect(client.state.tokenResponse?.need_patient_banner).toBe(false);
  });
});
