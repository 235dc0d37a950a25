/**
 * SMART Backend Services: client_credentials with private_key_jwt (RS384 / ES384), keys inline or
 * fetched from a jwks_uri served by a real local HTTP server, and the assertion checks
 * (iss = sub = client_id, aud = token endpoint, exp ≤ 5 min ahead, jti never reused, signature, alg).
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { startTestApp, PUBLIC_BASE, type TestApp } from './support/test-app.js';
import { register } from './support/smart-flow.js';

const TOKEN_URL = `${PUBLIC_BASE}/oauth2/token`;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let t: TestApp;
let jwksServer: Server;
let es: { id: string; key: CryptoKey };
let rs: { id: string; key: CryptoKey };
let jwksHits = 0;

async function keyPair(alg: 'ES384' | 'RS384'): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), alg, kid: randomUUID() } };
}

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.token();
  const esKeys = await keyPair('ES384');
  const rsKeys = await keyPair('RS384');
  jwksServer = createServer((_req, res) => {
    jwksHits++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [rsKeys.jwk] }));
  });
  await new Promise<void>((ok) => jwksServer.listen(0, '127.0.0.1', ok));
  const port = (jwksServer.address() as AddressInfo).port;
  const inline = await register(t.app, admin, {
    grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/Patient.rs system/Observation.rs', jwks: { keys: [esKeys.jwk] },
  });
  const remote = await register(t.app, admin, {
    grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/*.rs', jwks_uri: `http://127.0.0.1:${port}/jwks.json`,
  });
  es = { id: inline.client_id, key: esKeys.privateKey };
  rs = { id: remote.client_id, key: rsKeys.privateKey };
});
afterAll(async () => {
  await new Promise<void>((ok) => jwksServer.close(() => ok()));
  await t.close();
});

interface AssertionOptions {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string;
  readonly expIn?: number;
  readonly jti?: string;
}

function assertion(c: { id: string; key: CryptoKey }, alg: 'ES384' | 'RS384', o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setIssuer(o.iss ?? c.id)
    .setSubject(o.sub ?? c.id)
    .setAudience(o.aud ?? TOKEN_URL)
    .setExpirationTime(now + (o.expIn ?? 240))
    .setJti(o.jti ?? randomUUID())
    .sign(c.key);
}

function tokenRequest(jwt: string, scope = 'system/Patient.rs'): request.Test {
  return request(t.app).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', scope, client_assertion_type: JWT_BEARER, client_assertion: jwt });
}

describe('private_key_jwt', () => {
  it('ES384 with inline JWKS → token usable on the FHIR API', async () => {
    const res = await tokenRequest(await assertion(es, 'ES384')).expect(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'system/Patient.rs' });
    await request(t.app).get('/fhir/Patient').auth(res.body.access_token as string, { type: 'bearer' }).expect(200);
  });

  it('RS384 with jwks_uri, fetched once and cached', async () => {
    const before = jwksHits;
    await tokenRequest(await assertion(rs, 'RS384'), 'system/Observation.rs').expect(200);
    await tokenRequest(await assertion(rs, 'RS384'), 'system/Observation.rs').expect(200);
    expect(jwksHits - before).toBeLessThanOrEqual(1);
  });

  it('a jti is never accepted twice', async () => {
    const jwt = await assertion(es, 'ES384');
    await tokenRequest(jwt).expect(200);
    const again = await tokenRequest(jwt).expect(401);
    expect(again.body.error).toBe('invalid_client');
  });

  const bad: [string, () => Promise<string>][] = [
    ['aud is not the token endpoint', () => assertion(es, 'ES384', { aud: `${PUBLIC_BASE}/fhir` })],
    ['exp more than 5 minutes ahead', () => assertion(es, 'ES384', { expIn: 600 })],
    ['expired', () => assertion(es, 'ES384', { expIn: -10 })],
    ['sub differs from iss', () => assertion(es, 'ES384', { sub: 'someone-else' })],
    ['iss of another client (signed with our key)', () => assertion({ id: rs.id, key: es.key }, 'ES384')],
    ['unknown client', () => assertion({ id: 'nobody', key: es.key }, 'ES384')],
    ['alg none', () => Promise.resolve(new UnsecuredJWT({}).setIssuer(es.id).setSubject(es.id).setAudience(TOKEN_URL).setExpirationTime('2m').setJti(randomUUID()).encode())],
    ['tampered payload', async () => {
      const [h, , s] = (await assertion(es, 'ES384')).split('.');
      const p = Buffer.from(JSON.stringify({ iss: es.id, sub: es.id, aud: TOKEN_URL, exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID() })).toString('base64url');
      return `${h ?? ''}.${p}.${s ?? ''}`;
    }],
    ['not a JWT', () => Promise.resolve('abc')],
  ];
  it.each(bad)('%s → 401 invalid_client', async (_n, make) => {
    const res = await tokenRequest(await make()).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('a wrong client_assertion_type is refused', async () => {
    const res = await request(t.app).post('/oauth2/token').type('form')
      .send({ grant_type: 'client_credentials', client_assertion_type: 'urn:x', client_assertion: await assertion(es, 'ES384') }).expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('scopes beyond the registration are not granted', async () => {
    const res = await tokenRequest(await assertion(es, 'ES384'), 'system/Condition.rs').expect(400);
    expect(res.body.error).toBe('invalid_scope');
  });
});
