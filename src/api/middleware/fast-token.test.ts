import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_BASE, ADMIN_ID, ADMIN_SECRET, startTestApp, type TestApp } from '../../../test/e2e/support/test-app.js';
import { JWT_BEARER_ASSERTION } from '../../auth/client-assertion.js';
import { signCompact } from '../../auth/fast-jws.js';
import { silentLogger } from '../../log/logger.js';
import { fastToken } from './fast-token.js';

const TOKEN_URL = `${PUBLIC_BASE}/oauth2/token`;

let t: TestApp;
let fastServer: Server;
let fullServer: Server;
let fastBase: string;
let fullBase: string;
let handedOver = 0;
let clientId: string;
let key: KeyObject;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  t = await startTestApp();
  const pair = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  key = pair.privateKey;
  const reg = await t.auth.register({
    grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/Patient.rs',
    jwks: { keys: [{ ...pair.publicKey.export({ format: 'jwk' }), alg: 'ES384', kid: 'k1' }] },
  });
  clientId = String(reg['client_id']);
  const fast = fastToken({ auth: t.auth, logger: silentLogger() });
  fastServer = createServer((req, res) => fast(req, res, () => {
    handedOver++;
    t.app(req, res);
  }));
  fullServer = createServer(t.app);
  fastBase = await listen(fastServer);
  fullBase = await listen(fullServer);
});

afterAll(async () => {
  await new Promise((ok) => fastServer.close(ok));
  await new Promise((ok) => fullServer.close(ok));
  await t.close();
});

interface Claims { iss?: string; sub?: string; aud?: string; exp?: number; jti?: string }

function assertion(c: Claims = {}): Promise<string> {
  return signCompact('ES384', key, { kid: 'k1', typ: 'JWT' }, {
    iss: c.iss ?? clientId, sub: c.sub ?? clientId, aud: c.aud ?? TOKEN_URL, exp: c.exp ?? Math.floor(Date.now() / 1000) + 120, jti: c.jti ?? randomUUID(),
  });
}

async function form(extra: Record<string, string> = {}, claims: Claims = {}): Promise<string> {
  return new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion(claims), ...extra }).toString();
}

interface Answer { status: number; body: Record<string, unknown>; headers: Record<string, string | undefined>; handedOver: boolean }

/** POSTs `body` to /oauth2/token (a chunked body when `chunked`). */
function post(base: string, body: string, headers: Record<string, string> = {}, chunked = false): Promise<Answer> {
  const before = handedOver;
  return new Promise((ok, fail) => {
    const req = httpRequest(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = (n: string): string | undefined => (res.headers[n] === undefined ? undefined : String(res.headers[n]));
        ok({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          headers: { 'content-type': h('content-type'), 'cache-control': h('cache-control'), pragma: h('pragma'), 'x-request-id': h('x-request-id') },
          handedOver: handedOver > before,
        });
      });
    });
    req.on('error', fail);
    if (chunked) req.write(body.slice(0, 10));
    req.end(chunked ? body.slice(10) : body);
  });
}

/** What must match between the fast path and the express route. */
const comparable = (a: Answer) => ({
  status: a.status, error: a.body['error'], description: a.body['error_description'], tokenType: a.body['token_type'], scope: a.body['scope'],
  contentType: a.headers['content-type'], cacheControl: a.headers['cache-control'], pragma: a.headers.pragma,
});

describe('fast token path', () => {
  it('issues a client_credentials token for a private_key_jwt assertion as the express route does', async () => {
    const fast = await post(fastBase, await form());
    const full = await post(fullBase, await form());
    expect(fast.handedOver).toBe(false);
    expect(fast.status).toBe(200);
    expect(comparable(fast)).toEqual(comparable(full));
    expect(fast.body['expires_in']).toBe(full.body['expires_in']);
    expect(fast.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const token = await t.auth.verify(String(fast.body['access_token']));
    expect([token?.clientId, token?.scope]).toEqual([clientId, 'system/Patient.rs']);
  });

  it('echoes a valid X-Request-Id', async () => {
    const fast = await post(fastBase, await form(), { 'X-Request-Id': 'req-42' });
    expect([fast.handedOver, fast.headers['x-request-id']]).toEqual([false, 'req-42']);
  });

  it('refuses a replayed assertion (its jti is spent) as the express route does', async () => {
    const body = await form();
    expect((await post(fastBase, body)).status).toBe(200);
    const fastReplay = await post(fastBase, body);
    const fullReplay = await post(fullBase, body);
    expect(fastReplay.handedOver).toBe(false);
    expect(fastReplay.body['error']).toBe('invalid_client');
    expect(comparable(fastReplay)).toEqual(comparable(fullReplay));
  });

  it.each([
    ['wrong aud', {}, { aud: `${PUBLIC_BASE}/elsewhere` }],
    ['sub is not the client', {}, { sub: 'someone-else' }],
    ['expired', {}, { exp: Math.floor(Date.now() / 1000) - 10 }],
    ['exp too far ahead', {}, { exp: Math.floor(Date.now() / 1000) + 3600 }],
    ['scope the client may not have', { scope: 'system/Observation.rs' }, {}],
    ['unknown client', {}, { iss: 'nobody', sub: 'nobody' }],
    ['wrong assertion type', { client_assertion_type: 'urn:other' }, {}],
  ] as [string, Record<string, string>, Claims][])('answers %s as the express route does', async (_name, extra, claims) => {
    const fast = await post(fastBase, await form(extra, claims));
    const full = await post(fullBase, await form(extra, claims));
    expect(fast.handedOver).toBe(false);
    expect(fast.status).toBeGreaterThanOrEqual(400);
    expect(comparable(fast)).toEqual(comparable(full));
  });

  it('answers a bad signature with invalid_client', async () => {
    const [h, p] = (await assertion()).split('.');
    const forged = `${h}.${p}.${Buffer.alloc(96, 1).toString('base64url')}`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: forged }).toString();
    const fast = await post(fastBase, body);
    expect([fast.handedOver, fast.status, fast.body['error']]).toEqual([false, 401, 'invalid_client']);
  });

  it.each([
    ['HTTP Basic (client secret)', async () => ({ body: 'grant_type=client_credentials', headers: { Authorization: `Basic ${Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString('base64')}` } }), 200],
    ['a repeated parameter', async () => ({ body: `${await form()}&grant_type=client_credentials` }), 400],
    ['another grant type', async () => ({ body: await form({ grant_type: 'refresh_token', refresh_token: 'x' }) }), 400],
    ['no assertion', async () => ({ body: `grant_type=client_credentials&client_id=${clientId}` }), 401],
    ['a latin-1 charset', async () => ({ body: await form(), headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=iso-8859-1' } }), 200],
    ['a chunked body', async () => ({ body: await form(), chunked: true }), 200],
    ['a JSON body', async () => ({ body: '{}', headers: { 'Content-Type': 'application/json' } }), 400],
  ] as [string, () => Promise<{ body: string; headers?: Record<string, string>; chunked?: boolean }>, number][])(
    'hands %s over to the express route, which answers it',
    async (_name, make, status) => {
      const r = await make();
      const fast = await post(fastBase, r.body, r.headers, r.chunked);
      expect([fast.handedOver, fast.status]).toEqual([true, status]);
    },
  );
});
