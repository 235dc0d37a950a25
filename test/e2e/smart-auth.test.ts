/** SMART discovery, the token endpoint (RFC 6749 errors) and bearer / scope enforcement on /fhir. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { ADMIN_ID, ADMIN_SECRET, READER_ID, READER_SECRET, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('discovery and keys (public)', () => {
  it.each(['/.well-known/smart-configuration', '/fhir/.well-known/smart-configuration'])('%s', async (path) => {
    const res = await request(t.app).get(path).expect(200);
    expect(res.body).toMatchObject({
      token_endpoint: 'http://gateway.test/oauth2/token',
      jwks_uri: 'http://gateway.test/oauth2/jwks',
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      capabilities: expect.arrayContaining(['permission-v1', 'permission-v2']),
    });
  });

  it('publishes the public signing key', async () => {
    const res = await request(t.app).get('/oauth2/jwks').expect(200);
    expect(res.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(res.body.keys[0]).not.toHaveProperty('d');
  });

  it('serves /fhir/metadata without a token', async () => {
    const res = await request(t.app).get('/fhir/metadata').expect(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.body.resourceType).toBe('CapabilityStatement');
  });
});

describe('POST /oauth2/token', () => {
  it('issues a token with HTTP Basic client auth, all allowed scopes by default', async () => {
    const res = await request(t.app).post('/oauth2/token').auth(ADMIN_ID, ADMIN_SECRET).type('form').send({ grant_type: 'client_credentials' }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/*.cruds admin' });
    expect(typeof res.body.access_token).toBe('string');
  });

  it('accepts client_secret_post and narrows the scope to requested ∩ allowed', async () => {
    const res = await request(t.app)
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: READER_ID, client_secret: READER_SECRET, scope: 'system/*.rs system/Patient.write' })
      .expect(200);
    expect(res.body.scope).toBe('system/Patient.rs system/Observation.rs');
  });

  const cases: [string, (r: request.Test) => request.Test, number, string][] = [
    ['wrong secret (Basic)', (r) => r.auth(ADMIN_ID, 'nope').type('form').send({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
    ['unknown client (post)', (r) => r.type('form').send({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }), 401, 'invalid_client'],
    ['no client auth', (r) => r.type('form').send({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
    ['unsupported grant', (r) => r.auth(ADMIN_ID, ADMIN_SECRET).type('form').send({ grant_type: 'password' }), 400, 'unsupported_grant_type'],
    ['missing grant_type', (r) => r.auth(ADMIN_ID, ADMIN_SECRET).type('form').send({ scope: 'admin' }), 400, 'invalid_request'],
    ['ungrantable scope', (r) => r.auth(READER_ID, READER_SECRET).type('form').send({ grant_type: 'client_credentials', scope: 'system/Patient.write admin' }), 400, 'invalid_scope'],
    ['malformed scope', (r) => r.auth(ADMIN_ID, ADMIN_SECRET).type('form').send({ grant_type: 'client_credentials', scope: 'system/Foo.zz' }), 400, 'invalid_scope'],
    ['JSON body', (r) => r.auth(ADMIN_ID, ADMIN_SECRET).send({ grant_type: 'client_credentials' }), 400, 'invalid_request'],
    ['repeated parameter', (r) => r.auth(ADMIN_ID, ADMIN_SECRET).type('form').send('grant_type=client_credentials&grant_type=client_credentials'), 400, 'invalid_request'],
  ];
  it.each(cases)('%s → %i %s', async (_name, build, status, error) => {
    const res = await build(request(t.app).post('/oauth2/token')).expect(status);
    expect(res.body.error).toBe(error);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('asks for Basic auth again after a failed Basic attempt', async () => {
    const res = await request(t.app).post('/oauth2/token').auth(ADMIN_ID, 'bad').type('form').send({ grant_type: 'client_credentials' }).expect(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="oauth2"');
  });

  it('405 for GET', async () => {
    const res = await request(t.app).get('/oauth2/token').expect(405);
    expect(res.headers['allow']).toBe('POST');
  });
});

describe('bearer authentication on /fhir', () => {
  it('401 without a token, with WWW-Authenticate', async () => {
    const res = await request(t.app).get('/fhir/Patient').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="fhir"');
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].code).toBe('login');
  });

  it('401 invalid_token for a bad token', async () => {
    const res = await request(t.app).get('/fhir/Patient').set('Authorization', 'Bearer abc.def.ghi').expect(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('401 for a non-Bearer scheme', async () => {
    await request(t.app).get('/fhir/Patient').auth(ADMIN_ID, ADMIN_SECRET).expect(401);
  });
});

describe('scope enforcement', () => {
  it('a read-only token can search Patient but not create or touch other types (403)', async () => {
    const token = await t.token(undefined, READER_ID, READER_SECRET);
    await request(t.app).get('/fhir/Patient').auth(token, { type: 'bearer' }).expect(200);
    const denied = await request(t.app).post('/fhir/Patient').auth(token, { type: 'bearer' }).send({ resourceType: 'Patient' }).expect(403);
    expect(denied.body.issue[0].code).toBe('forbidden');
    await request(t.app).get('/fhir/Condition').auth(token, { type: 'bearer' }).expect(403);
    await request(t.app).get('/fhir/_history').auth(token, { type: 'bearer' }).expect(403);
    await request(t.app).get('/fhir/Observation?_include=Observation:performer:Practitioner').auth(token, { type: 'bearer' }).expect(403);
  });

  it('checks each transaction entry', async () => {
    const token = await t.token('system/Patient.cruds');
    const bundle = (url: string, method: string) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }, { request: { method, url } }],
    });
    await request(t.app).post('/fhir').auth(token, { type: 'bearer' }).type('application/fhir+json').send(bundle('Observation/1', 'DELETE')).expect(403);
    await request(t.app).post('/fhir').auth(token, { type: 'bearer' }).type('application/fhir+json').send(bundle('Patient?name=x', 'GET')).expect(200);
  });

  it('v1 scopes work like v2', async () => {
    const token = await t.token('system/Patient.read');
    await request(t.app).get('/fhir/Patient').auth(token, { type: 'bearer' }).expect(200);
    await request(t.app).post('/fhir/Patient').auth(token, { type: 'bearer' }).send({ resourceType: 'Patient' }).expect(403);
  });
});
