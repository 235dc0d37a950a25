/**
 * The node:http fast path for `GET /fhir/{type}/{id}` (src/api/fast-read.ts) against the express
 * route it shortcuts: it serves only the plain success, byte for byte like the full app, and hands
 * every other request over untouched.
 */
import { createServer, type Server } from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastRead } from '../../src/api/fast-read.js';
import { createLogger } from '../../src/log/logger.js';
import { PUBLIC_BASE, READER_ID, READER_SECRET, startTestApp, type TestApp } from './support/test-app.js';

describe('fast read path', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let adminToken: string;
  let readerToken: string;
  let handedOver = 0;
  let patientId: string;
  // The fast path's own access-log lines (the full app's go to its silent logger).
  const logChunks: string[] = [];
  const logLines = (): Record<string, unknown>[] =>
    logChunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    t = await startTestApp();
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => logChunks.push(c.toString('utf8')));
    const fast = fastRead({
      repo: t.repo, auth: t.auth, logger: createLogger({ logLevel: 'info' }, { stream }), fhirBase: `${PUBLIC_BASE}/fhir`, resourceTypes: ['Patient', 'Observation', 'Encounter'],
    });
    server = createServer((req, res) => {
      fast(req, res, () => {
        handedOver++;
        t.app(req, res);
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    adminToken = await t.token();
    readerToken = await t.token(undefined, READER_ID, READER_SECRET);
    const created = await fetch(`${base}/fhir/Patient`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', gender: 'female', birthDate: '1974-12-25' }),
    });
    expect(created.status).toBe(201);
    patientId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    await t.close();
  });

  /** GET with the admin token unless headers say otherwise; returns the response and whether it was handed over. */
  async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const before = handedOver;
    const res = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${adminToken}`, ...headers } });
    const body = await res.text();
    return { res, body, handedOver: handedOver > before };
  }

  const SAME_HEADERS = ['content-type', 'content-length', 'etag', 'last-modified'];

  it('answers a read exactly as the express route does, once the token has been verified', async () => {
    // Neither the admin token nor the reader token has been seen by the bearer middleware yet.
    const slow = await get(`/fhir/Patient/${patientId}`, { Authorization: `Bearer ${readerToken}` });
    expect(slow.handedOver).toBe(true);
    expect(slow.res.status).toBe(200);
    const fast = await get(`/fhir/Patient/${patientId}`, { Authorization: `Bearer ${readerToken}` });
    expect(fast.handedOver).toBe(false);
    expect(fast.res.status).toBe(200);
    expect(fast.body).toBe(slow.body);
    for (const h of SAME_HEADERS) expect([h, fast.res.headers.get(h)]).toEqual([h, slow.res.headers.get(h)]);
    expect(fast.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await get(`/fhir/Patient/${patientId}`, { Authorization: `Bearer ${readerToken}`, 'X-Request-Id': 'abc-123' });
    expect([echoed.handedOver, echoed.res.headers.get('x-request-id')]).toEqual([false, 'abc-123']);
  });

  it('writes one access-log line for what it serves and none for what it hands over', async () => {
    await get(`/fhir/Patient/${patientId}`);
    logChunks.length = 0;
    await get(`/fhir/Patient/${patientId}`, { 'X-Request-Id': 'req-1' });
    await get('/fhir/Patient/does-not-exist', { 'X-Request-Id': 'req-2' });
    await new Promise((ok) => setImmediate(ok));
    expect(logLines()).toEqual([expect.objectContaining({
      message: 'request', requestId: 'req-1', clientId: expect.any(String) as unknown, method: 'GET', path: `/fhir/Patient/${patientId}`, status: 200,
    })]);
    expect(logLines()[0]).not.toHaveProperty('aborted');
  });

  it.each([
    ['an unknown id', () => `/fhir/Patient/does-not-exist`, {}, 'GET', 404],
    ['a query string', () => `/fhir/Patient/${patientId}?_summary=true`, {}, 'GET', 200],
    ['_format=xml', () => `/fhir/Patient/${patientId}?_format=xml`, {}, 'GET', 406],
    ['an XML Accept header', () => `/fhir/Patient/${patientId}`, { Accept: 'application/fhir+xml' }, 'GET', 406],
    ['If-None-Match', () => `/fhir/Patient/${patientId}`, { 'If-None-Match': 'W/"1"' }, 'GET', 304],
    ['If-Modified-Since', () => `/fhir/Patient/${patientId}`, { 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' }, 'GET', 304],
    ['HEAD', () => `/fhir/Patient/${patientId}`, {}, 'HEAD', 200],
    ['an invalid token', () => `/fhir/Patient/${patientId}`, { Authorization: 'Bearer not.a.token' }, 'GET', 401],
    ['no token', () => `/fhir/Patient/${patientId}`, { Authorization: '' }, 'GET', 401],
    ['a type outside the scopes', () => `/fhir/Encounter/x1`, { Authorization: 'READER' }, 'GET', 403],
    ['an abstract or unknown type', () => `/fhir/Resource/${patientId}`, {}, 'GET', 404],
    ['a percent-encoded id', () => `/fhir/Patient/a%2Eb`, {}, 'GET', 404],
    ['a trailing slash', () => `/fhir/Patient/${patientId}/`, {}, 'GET', 200],
  ])('hands %s over to the full app (%#)', async (_name, path, headers: Record<string, string>, method, status) => {
    // Make sure the tokens are cached, so the hand-over is for the reason under test.
    await get(`/fhir/Patient/${patientId}`);
    await get(`/fhir/Patient/${patientId}`, { Authorization: `Bearer ${readerToken}` });
    const h = headers['Authorization'] === 'READER' ? { ...headers, Authorization: `Bearer ${readerToken}` } : headers;
    const r = await get(path(), h, method);
    expect([r.handedOver, r.res.status]).toEqual([true, status]);
  });

  it('hands a deleted resource over (410 from the full app)', async () => {
    const del = await fetch(`${base}/fhir/Patient/${patientId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${adminToken}` } });
    expect(del.status).toBeLessThan(300);
    const r = await get(`/fhir/Patient/${patientId}`);
    expect([r.handedOver, r.res.status]).toEqual([true, 410]);
  });
});
