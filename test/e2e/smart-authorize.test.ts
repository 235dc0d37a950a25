/**
 * SMART App Launch over HTTP (supertest): registration, the authorization endpoint with login, patient
 * picker and consent, the authorization_code and refresh_token grants, introspection and revocation,
 * and the abuse cases (open redirect, redirect_uri mismatch, plain PKCE, CSRF, code reuse, escalation).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { createRemoteJWKSet, decodeJwt, jwtVerify, createLocalJWKSet } from 'jose';
import { startTestApp, PUBLIC_BASE, type TestApp } from './support/test-app.js';
import { choices, formOf, hiddenFields, location, pkce, register } from './support/smart-flow.js';

const REDIRECT = 'https://app.example/callback';
const AUD = `${PUBLIC_BASE}/fhir`;
const APP_SCOPE = 'openid fhirUser launch launch/patient launch/encounter offline_access online_access patient/*.rs user/*.rs';

let t: TestApp;
let admin: string;
let confidential: { client_id: string; client_secret?: string };
let publicApp: { client_id: string };
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token();
  const mk = async (given: string, family: string): Promise<string> => {
    const res = await request(t.app).post('/fhir/Patient').auth(admin, { type: 'bearer' }).send({ resourceType: 'Patient', name: [{ given: [given], family }] }).expect(201);
    return (res.body as { id: string }).id;
  };
  alice = await mk('Alice', 'Smith');
  bob = await mk('Bob', 'Jones');
  await t.auth.users.create({ username: 'dr', password: 'doctor-password', fhirUser: 'Practitioner/p1' });
  await t.auth.users.create({ username: 'alice', password: 'alice-password', fhirUser: `Patient/${alice}` });
  confidential = await register(t.app, admin, {
    client_name: 'Chart App', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic', scope: APP_SCOPE,
  });
  publicApp = await register(t.app, admin, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', scope: APP_SCOPE });
});
afterAll(async () => {
  await t.close();
});

interface FlowOptions {
  readonly clientId?: string;
  readonly scope?: string;
  readonly user?: [string, string];
  readonly pick?: () => string;
  /** Scopes to tick on the consent page (default: as offered). */
  readonly consent?: (offered: { value: string; checked: boolean }[]) => string[];
  readonly extra?: Record<string, string>;
}

/** Walks the browser through authorize → login → picker → consent; returns the redirect and verifier. */
async function authorize(o: FlowOptions = {}): Promise<{ redirect: URL; verifier: string }> {
  const agent = request.agent(t.app);
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams({
    response_type: 'code', client_id: o.clientId ?? confidential.client_id, redirect_uri: REDIRECT, scope: o.scope ?? 'openid fhirUser launch/patient offline_access patient/*.rs',
    state: 'st-1', aud: AUD, code_challenge: challenge, code_challenge_method: 'S256', ...o.extra,
  });
  let res = await agent.get(`/oauth2/authorize?${q.toString()}`).expect(303);
  let page = await agent.get(location(res).pathname + location(res).search).expect(200);
  expect(page.text).toContain('name="password"');
  const [username, password] = o.user ?? ['dr', 'doctor-password'];
  res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), username, password }).expect(303);
  page = await agent.get(location(res).pathname + location(res).search).expect(200);
  if (page.text.includes('Choose a patient')) {
    expect(o.pick).toBeDefined();
    res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), patient: o.pick?.() ?? '' }).expect(303);
    page = await agent.get(location(res).pathname + location(res).search).expect(200);
  }
  expect(page.text).toContain('Allow access?');
  const offered = choices(page.text, 'scope');
  const ticked = o.consent ? o.consent(offered) : offered.filter((c) => c.checked).map((c) => c.value);
  const h = hiddenFields(page.text);
  const body = formOf([...Object.entries(h), ...ticked.map((s) => ['scope', s] as const), ['decision', 'allow']]);
  res = await agent.post('/oauth2/authorize/interact').type('form').send(body).expect(303);
  return { redirect: location(res), verifier };
}

function exchange(code: string, verifier: string, auth = true): request.Test {
  const r = request(t.app).post('/oauth2/token').type('form');
  const form = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT };
  return auth ? r.auth(confidential.client_id, confidential.client_secret ?? '').send(form) : r.send({ ...form, client_id: publicApp.client_id });
}

describe('standalone launch (practitioner, patient picker, consent)', () => {
  it('issues a code, then tokens with patient context, id_token and refresh token', async () => {
    const { redirect, verifier } = await authorize({ pick: () => bob });
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const code = redirect.searchParams.get('code') ?? '';
    const res = await exchange(code, verifier).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, patient: bob, need_patient_banner: true });
    expect(res.body.scope).toBe('openid fhirUser launch/patient offline_access patient/*.rs');
    const jwks = createLocalJWKSet((await request(t.app).get('/oauth2/jwks')).body);
    const { payload } = await jwtVerify(res.body.id_token as string, jwks, { issuer: PUBLIC_BASE, audience: confidential.client_id });
    expect(payload['fhirUser']).toBe(`${AUD}/Practitioner/p1`);
    expect(typeof res.body.refresh_token).toBe('string');
    const at = decodeJwt(res.body.access_token as string);
    expect(at).toMatchObject({ patient: bob, client_id: confidential.client_id, fhirUser: 'Practitioner/p1' });
  });

  it('lets the user untick scopes and pick ?category= sub-scopes instead', async () => {
    const { redirect, verifier } = await authorize({
      scope: 'launch/patient patient/Observation.rs patient/Patient.rs',
      pick: () => alice,
      consent: (offered) => {
        expect(offered.map((o) => o.value)).toContain('patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
        return ['launch/patient', 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory', 'system/*.cruds'];
      },
    });
    const res = await exchange(redirect.searchParams.get('code') ?? '', verifier).expect(200);
    // Patient.rs was unticked; the forged system/*.cruds is ignored.
    expect(res.body.scope).toBe('launch/patient patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.id_token).toBeUndefined();
  });

  it('a Patient user gets their own record without a picker (public client, no secret)', async () => {
    const { redirect, verifier } = await authorize({ clientId: publicApp.client_id, user: ['alice', 'alice-password'], scope: 'launch/patient patient/*.rs online_access' });
    const res = await exchange(redirect.searchParams.get('code') ?? '', verifier, false).expect(200);
    expect(res.body).toMatchObject({ patient: alice, scope: 'launch/patient patient/*.rs online_access' });
    expect(typeof res.body.refresh_token).toBe('string');
  });

  it('a user/ token reads through the FHIR API', async () => {
    const { redirect, verifier } = await authorize({ scope: 'openid fhirUser user/Patient.rs' });
    const res = await exchange(redirect.searchParams.get('code') ?? '', verifier).expect(200);
    await request(t.app).get(`/fhir/Patient/${alice}`).auth(res.body.access_token as string, { type: 'bearer' }).expect(200);
  });
});

describe('EHR launch', () => {
  it('carries patient, encounter and fhirContext from the launch context', async () => {
    const { launch } = t.auth.launches.create({ patient: alice, encounter: 'enc-1', fhirContext: [{ reference: 'DiagnosticReport/dr1' }] });
    const { redirect, verifier } = await authorize({ scope: 'launch openid fhirUser patient/*.rs', extra: { launch } });
    const res = await exchange(redirect.searchParams.get('code') ?? '', verifier).expect(200);
    expect(res.body).toMatchObject({ patient: alice, encounter: 'enc-1', fhirContext: [{ reference: 'DiagnosticReport/dr1' }], need_patient_banner: false });
  });

  it('refuses an unknown launch id with a redirect error', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: confidential.client_id, redirect_uri: REDIRECT, scope: 'launch patient/*.rs', state: 'x', aud: AUD, code_challenge: pkce().challenge, code_challenge_method: 'S256', launch: 'nope' });
    const res = await request(t.app).get(`/oauth2/authorize?${q.toString()}`).expect(303);
    expect(location(res).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('authorization request abuse', () => {
  const base = (): Record<string, string> => ({
    response_type: 'code', client_id: confidential.client_id, redirect_uri: REDIRECT, scope: 'patient/*.rs', state: 's', aud: AUD,
    code_challenge: pkce().challenge, code_challenge_method: 'S256',
  });
  it.each([
    ['redirect_uri not registered (open redirect)', { redirect_uri: 'https://evil.example/cb' }],
    ['redirect_uri prefix match', { redirect_uri: `${REDIRECT}/../evil` }],
    ['redirect_uri with extra query', { redirect_uri: `${REDIRECT}?x=1` }],
    ['unknown client', { client_id: 'nope' }],
  ])('%s → 400 page, no redirect', async (_n, change) => {
    const res = await request(t.app).get(`/oauth2/authorize?${new URLSearchParams({ ...base(), ...change }).toString()}`).expect(400);
    expect(res.headers['location']).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it.each([
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no PKCE', { code_challenge: '', code_challenge_method: '' }, 'invalid_request'],
    ['wrong aud', { aud: 'https://other.example/fhir' }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no grantable scope', { scope: 'system/*.cruds' }, 'invalid_scope'],
  ])('%s → redirect with error', async (_n, change, error) => {
    const res = await request(t.app).get(`/oauth2/authorize?${new URLSearchParams({ ...base(), ...change }).toString()}`).expect(303);
    const loc = location(res);
    expect(loc.origin + loc.pathname).toBe(REDIRECT);
    expect(loc.searchParams.get('error')).toBe(error);
    expect(loc.searchParams.get('state')).toBe('s');
  });

  it('authorize-post works like GET', async () => {
    const res = await request(t.app).post('/oauth2/authorize').type('form').send(base()).expect(303);
    expect(res.headers['location']).toMatch(/^authorize\/interact\?rid=/);
  });

  it('refuses a consent post with a missing or foreign CSRF token', async () => {
    const agent = request.agent(t.app);
    let res = await agent.get(`/oauth2/authorize?${new URLSearchParams({ ...base(), scope: 'user/*.rs' }).toString()}`).expect(303);
    let page = await agent.get(location(res).pathname + location(res).search).expect(200);
    const h = hiddenFields(page.text);
    res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...h, username: 'dr', password: 'doctor-password' }).expect(303);
    page = await agent.get(location(res).pathname + location(res).search).expect(200);
    const fields = hiddenFields(page.text);
    const consent = (csrf: string | undefined) => {
      const pairs: [string, string][] = [['rid', fields['rid'] ?? ''], ['action', 'consent'], ['decision', 'allow'], ['scope', 'user/*.rs']];
      if (csrf !== undefined) pairs.push(['csrf', csrf]);
      return agent.post('/oauth2/authorize/interact').type('form').send(formOf(pairs));
    };
    await consent(undefined).expect(403);
    await consent('forged').expect(403);
    // The CSRF token of the session before login is no longer valid (session regenerated).
    await consent(h['csrf']).expect(403);
    // Another browser (no session cookie) cannot post into this request.
    await request(t.app).post('/oauth2/authorize/interact').type('form').send(formOf([['rid', fields['rid'] ?? ''], ['csrf', fields['csrf'] ?? ''], ['action', 'consent'], ['decision', 'allow']])).expect(400);
    const ok = await consent(fields['csrf']).expect(303);
    expect(location(ok).searchParams.get('code')).toBeTruthy();
  });

  it('wrong password shows the login form again (401)', async () => {
    const agent = request.agent(t.app);
    const res = await agent.get(`/oauth2/authorize?${new URLSearchParams(base()).toString()}`).expect(303);
    const page = await agent.get(location(res).pathname + location(res).search).expect(200);
    const again = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), username: 'dr', password: 'wrong' }).expect(401);
    expect(again.text).toContain('name="password"');
  });

  it('deny → access_denied', async () => {
    const agent = request.agent(t.app);
    let res = await agent.get(`/oauth2/authorize?${new URLSearchParams(base()).toString()}`).expect(303);
    let page = await agent.get(location(res).pathname + location(res).search).expect(200);
    res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), username: 'dr', password: 'doctor-password' }).expect(303);
    page = await agent.get(location(res).pathname + location(res).search).expect(200);
    if (page.text.includes('Choose a patient')) {
      res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), patient: alice }).expect(303);
      page = await agent.get(location(res).pathname + location(res).search).expect(200);
    }
    res = await agent.post('/oauth2/authorize/interact').type('form').send({ ...hiddenFields(page.text), decision: 'deny' }).expect(303);
    expect(location(res).searchParams.get('error')).toBe('access_denied');
  });
});

describe('code and token abuse', () => {
  it('a code works once; reuse is invalid_grant and revokes the first tokens', async () => {
    const { redirect, verifier } = await authorize({ pick: () => alice });
    const code = redirect.searchParams.get('code') ?? '';
    const first = await exchange(code, verifier).expect(200);
    const again = await exchange(code, verifier).expect(400);
    expect(again.body.error).toBe('invalid_grant');
    const intro = await request(t.app).post('/oauth2/introspect').auth(confidential.client_id, confidential.client_secret ?? '').type('form').send({ token: first.body.access_token }).expect(200);
    expect(intro.body).toEqual({ active: false });
    const refreshed = await request(t.app).post('/oauth2/token').auth(confidential.client_id, confidential.client_secret ?? '').type('form').send({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token }).expect(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it.each([
    ['wrong verifier', (v: string) => ({ code_verifier: `${v.slice(0, -1)}A` })],
    ['no verifier', () => ({ code_verifier: '' })],
    ['other redirect_uri', () => ({ redirect_uri: 'https://app.example/other' })],
  ])('%s → invalid_grant', async (_n, change) => {
    const { redirect, verifier } = await authorize({ pick: () => alice });
    const form = { grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', code_verifier: verifier, redirect_uri: REDIRECT, ...change(verifier) };
    const res = await request(t.app).post('/oauth2/token').auth(confidential.client_id, confidential.client_secret ?? '').type('form').send(form).expect(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a confidential client cannot redeem without its secret', async () => {
    const { redirect, verifier } = await authorize({ pick: () => alice });
    const res = await request(t.app).post('/oauth2/token').type('form')
      .send({ grant_type: 'authorization_code', client_id: confidential.client_id, code: redirect.searchParams.get('code') ?? '', code_verifier: verifier, redirect_uri: REDIRECT }).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refresh rotates, narrows, refuses escalation and detects replay', async () => {
    const { redirect, verifier } = await authorize({ scope: 'offline_access patient/*.rs launch/patient', pick: () => alice });
    const first = await exchange(redirect.searchParams.get('code') ?? '', verifier).expect(200);
    const post = (form: Record<string, string>) => request(t.app).post('/oauth2/token').auth(confidential.client_id, confidential.client_secret ?? '').type('form').send({ grant_type: 'refresh_token', ...form });
    const up = await post({ refresh_token: first.body.refresh_token, scope: 'patient/*.cruds' }).expect(400);
    expect(up.body.error).toBe('invalid_scope');
    const narrowed = await post({ refresh_token: first.body.refresh_token, scope: 'patient/Observation.rs' }).expect(200);
    expect(narrowed.body).toMatchObject({ scope: 'patient/Observation.rs', patient: alice });
    expect(narrowed.body.refresh_token).not.toBe(first.body.refresh_token);
    // The rotated token keeps the original grant.
    const full = await post({ refresh_token: narrowed.body.refresh_token }).expect(200);
    expect(full.body.scope).toBe('offline_access patient/*.rs launch/patient');
    // Without client authentication only a public client's token is accepted.
    const anon = await request(t.app).post('/oauth2/token').type('form').send({ grant_type: 'refresh_token', refresh_token: full.body.refresh_token }).expect(401);
    expect(anon.body.error).toBe('invalid_client');
    // Replaying a used refresh token revokes the family.
    expect((await post({ refresh_token: first.body.refresh_token }).expect(400)).body.error).toBe('invalid_grant');
    expect((await post({ refresh_token: full.body.refresh_token }).expect(400)).body.error).toBe('invalid_grant');
  });
});

describe('introspection and revocation', () => {
  it('introspects own tokens; revoked access tokens are refused by the FHIR API', async () => {
    const { redirect, verifier } = await authorize({ scope: 'openid fhirUser user/Patient.rs offline_access' });
    const tok = await exchange(redirect.searchParams.get('code') ?? '', verifier).expect(200);
    const auth = (r: request.Test) => r.auth(confidential.client_id, confidential.client_secret ?? '').type('form');
    const intro = await auth(request(t.app).post('/oauth2/introspect')).send({ token: tok.body.access_token }).expect(200);
    expect(intro.body).toMatchObject({ active: true, client_id: confidential.client_id, scope: tok.body.scope, fhirUser: `${AUD}/Practitioner/p1` });
    expect(typeof intro.body.exp).toBe('number');
    expect(typeof intro.body.iat).toBe('number');
    const rt = await auth(request(t.app).post('/oauth2/introspect')).send({ token: tok.body.refresh_token }).expect(200);
    expect(rt.body).toMatchObject({ active: true, token_type: 'refresh_token' });
    // Another (non-admin) client sees nothing.
    const other = await register(t.app, admin, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_post', scope: 'user/*.rs' });
    const foreign = await request(t.app).post('/oauth2/introspect').type('form').send({ client_id: other.client_id, client_secret: other.client_secret, token: tok.body.access_token }).expect(200);
    expect(foreign.body).toEqual({ active: false });

    await request(t.app).get(`/fhir/Patient/${alice}`).auth(tok.body.access_token as string, { type: 'bearer' }).expect(200);
    await auth(request(t.app).post('/oauth2/revoke')).send({ token: tok.body.access_token, token_type_hint: 'access_token' }).expect(200);
    await request(t.app).get(`/fhir/Patient/${alice}`).auth(tok.body.access_token as string, { type: 'bearer' }).expect(401);
    await auth(request(t.app).post('/oauth2/revoke')).send({ token: tok.body.refresh_token }).expect(200);
    expect((await auth(request(t.app).post('/oauth2/introspect')).send({ token: tok.body.refresh_token })).body).toEqual({ active: false });
    await auth(request(t.app).post('/oauth2/revoke')).send({ token: 'unknown' }).expect(200);
    expect((await request(t.app).post('/oauth2/revoke').type('form').send({ token: 'x' }).expect(401)).body.error).toBe('invalid_client');
  });
});

describe('POST /oauth2/register', () => {
  it('needs an admin token', async () => {
    await request(t.app).post('/oauth2/register').send({ redirect_uris: [REDIRECT], scope: 'user/*.rs' }).expect(401);
    const plain = await t.token('system/*.rs');
    await request(t.app).post('/oauth2/register').auth(plain, { type: 'bearer' }).send({ redirect_uris: [REDIRECT], scope: 'user/*.rs' }).expect(403);
  });

  it('returns a secret only for symmetric clients', async () => {
    const sym = await register(t.app, admin, { redirect_uris: [REDIRECT], scope: 'user/*.rs' });
    expect(typeof sym.client_secret).toBe('string');
    const pub = await register(t.app, admin, { redirect_uris: [REDIRECT], scope: 'user/*.rs', token_endpoint_auth_method: 'none' });
    expect(pub.client_secret).toBeUndefined();
  });

  it.each([
    ['http redirect on a public host', { redirect_uris: ['http://app.example/cb'], scope: 'user/*.rs' }, 'invalid_redirect_uri'],
    ['redirect with fragment', { redirect_uris: ['https://app.example/cb#x'], scope: 'user/*.rs' }, 'invalid_redirect_uri'],
    ['no redirect for authorization_code', { scope: 'user/*.rs' }, 'invalid_redirect_uri'],
    ['bad auth method', { redirect_uris: [REDIRECT], scope: 'user/*.rs', token_endpoint_auth_method: 'tls_client_auth' }, 'invalid_client_metadata'],
    ['private_key_jwt without keys', { grant_types: ['client_credentials'], scope: 'system/*.rs', token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    ['private key material', { grant_types: ['client_credentials'], scope: 'system/*.rs', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'c' }] } }, 'invalid_client_metadata'],
    ['public client_credentials', { grant_types: ['client_credentials'], scope: 'system/*.rs', token_endpoint_auth_method: 'none' }, 'invalid_client_metadata'],
    ['bad scope', { redirect_uris: [REDIRECT], scope: 'patient/*.xyz' }, 'invalid_client_metadata'],
  ])('%s → 400 %s', async (_n, body, error) => {
    const res = await request(t.app).post('/oauth2/register').auth(admin, { type: 'bearer' }).send(body).expect(400);
    expect(res.body.error).toBe(error);
  });
});

describe('discovery', () => {
  it('lists the authorization server endpoints and capabilities', async () => {
    const res = await request(t.app).get('/fhir/.well-known/smart-configuration').expect(200);
    expect(res.body).toMatchObject({
      authorization_endpoint: `${PUBLIC_BASE}/oauth2/authorize`,
      introspection_endpoint: `${PUBLIC_BASE}/oauth2/introspect`,
      revocation_endpoint: `${PUBLIC_BASE}/oauth2/revoke`,
      registration_endpoint: `${PUBLIC_BASE}/oauth2/register`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    });
    expect(res.body.capabilities).toEqual(expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-public', 'client-confidential-asymmetric', 'sso-openid-connect', 'authorize-post']));
    await request(t.app).get('/.well-known/openid-configuration').expect(200);
    expect(createRemoteJWKSet).toBeDefined();
  });
});
