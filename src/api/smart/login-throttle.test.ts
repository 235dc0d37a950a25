/** Failed sign-in throttling on the SMART login form, over HTTP (supertest) with the real auth service. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { openAuthService, type AuthService } from '../../auth/auth-service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { MemoryClientStore } from '../../auth/memory-client-store.js';
import { createIndexExtractor } from '../../core/search/extract.js';
import { loadSearchParamRegistry } from '../../core/search/registry.js';
import { silentLogger } from '../../log/logger.js';
import { FhirRepository } from '../../repository/fhir-repository.js';
import { SqliteFhirStore } from '../../store/sqlite/sqlite-fhir-store.js';
import { createSchemaValidator } from '../../validation/index.js';
import { hiddenFields, location, pkce, register } from '../../../test/e2e/support/smart-flow.js';

const REDIRECT = 'https://app.example/callback';
const BASE = 'http://gateway.test';
let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);
let dataDir: string;
let app: Express;
/** The same gateway behind one reverse proxy (TRUST_PROXY=1); its own throttle state. */
let proxiedApp: Express;
let auth: AuthService;
let clientId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lyfe-throttle-'));
  const registry = loadSearchParamRegistry();
  const extractor = createIndexExtractor(registry);
  const store = SqliteFhirStore.open({ path: ':memory:', registry, extractor });
  const repo = new FhirRepository({ store, registry, extractor, validator: createSchemaValidator(), clock, ids: () => crypto.randomUUID() });
  ({ auth } = await openAuthService({
    dataDir, issuer: BASE, tokenTtlSeconds: 300, bootstrapClientId: 'admin', bootstrapClientSecret: 'admin-secret-0123456789', clock,
    clients: new MemoryClientStore(),
  }));
  const makeApp = (trustProxy?: number): Express => createApp({
    repo, registry, auth, logger: silentLogger(), ready: () => store.ping(),
    config: {
      publicBaseUrl: BASE, maxBodyBytes: 64 * 1024,
      loginThrottle: { maxFailures: 3, maxFailuresPerAddress: 6, lockoutSeconds: 60, maxLockoutSeconds: 600, windowSeconds: 900 },
      ...(trustProxy === undefined ? {} : { trustProxy }),
    },
  });
  app = makeApp();
  proxiedApp = makeApp(1);
  const token = await request(app).post('/oauth2/token').auth('admin', 'admin-secret-0123456789').type('form').send({ grant_type: 'client_credentials' });
  const admin = (token.body as { access_token: string }).access_token;
  clientId = (await register(app, admin, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', scope: 'user/*.rs' })).client_id;
  await auth.users.create({ username: 'dr', password: 'doctor-password', fhirUser: 'Practitioner/p1' });
  await auth.users.create({ username: 'nurse', password: 'nurse-password', fhirUser: 'Practitioner/p2' });
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Opens the login form in a new browser; `signIn` posts it (every request comes from the same TCP
 * address; `forwardedFor`, when given, is sent as the X-Forwarded-For a proxy would add).
 */
async function loginForm(target: Express = app, forwardedFor?: string): Promise<(username: string, password: string) => Promise<request.Response>> {
  const agent = request.agent(target);
  if (forwardedFor !== undefined) agent.set('X-Forwarded-For', forwardedFor);
  const q = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: 'user/*.rs', state: 's', aud: `${BASE}/fhir`,
    code_challenge: pkce().challenge, code_challenge_method: 'S256',
  });
  const res = await agent.get(`/oauth2/authorize?${q.toString()}`).expect(303);
  const page = await agent.get(location(res).pathname + location(res).search).expect(200);
  const fields = hiddenFields(page.text);
  return (username, password) => agent.post('/oauth2/authorize/interact').type('form').send({ ...fields, username, password });
}

describe('login throttling', () => {
  it('locks a username after repeated failures, even for the right password, then lets it in after the lockout', async () => {
    offsetMs = 0;
    const signIn = await loginForm();
    for (let i = 0; i < 3; i++) expect((await signIn('dr', 'wrong')).status).toBe(401);
    const locked = await signIn('dr', 'doctor-password');
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.text).toContain('Too many failed sign-in attempts');
    expect(locked.text).toContain('name="password"');
    // Case variants share the count.
    expect((await signIn('DR', 'doctor-password')).status).toBe(429);
    offsetMs = 61_000;
    expect((await signIn('dr', 'doctor-password')).status).toBe(303);
  });

  it('answers an unknown username exactly like a known one (no enumeration)', async () => {
    offsetMs = 2_000_000; // past the failure window of the test before
    const signIn = await loginForm();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) known.push((await signIn('nurse', 'wrong')).status);
    for (let i = 0; i < 4; i++) unknown.push((await signIn('ghost', 'wrong')).status);
    expect(known).toEqual([401, 401, 401, 429]);
    expect(unknown).toEqual(known);
  });

  it('locks the client address after failures across usernames; the lockout doubles', async () => {
    offsetMs = 10_000_000; // every earlier count is forgotten
    const signIn = await loginForm();
    const statuses: number[] = [];
    for (const u of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']) statuses.push((await signIn(u, 'x')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    // A valid account is refused too while the address is locked.
    expect((await signIn('nurse', 'nurse-password')).status).toBe(429);
    offsetMs += 61_000;
    expect((await signIn('a8', 'x')).status).toBe(401);
    const again = await signIn('nurse', 'nurse-password');
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('120');
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  /** Six failures (the per-address limit) with distinct usernames, then the status of a seventh. */
  async function exhaust(signIn: (u: string, p: string) => Promise<request.Response>, prefix: string): Promise<number> {
    for (let i = 0; i < 6; i++) expect((await signIn(`${prefix}${i}`, 'x')).status).toBe(401);
    return (await signIn(`${prefix}-last`, 'x')).status;
  }

  it('with TRUST_PROXY=1 throttles two X-Forwarded-For clients separately', async () => {
    offsetMs = 20_000_000;
    expect(await exhaust(await loginForm(proxiedApp, '203.0.113.1'), 'p')).toBe(429);
    const other = await loginForm(proxiedApp, '203.0.113.2');
    expect((await other('q0', 'x')).status).toBe(401);
    expect((await other('nurse', 'nurse-password')).status).toBe(303);
  });

  it('by default does not trust X-Forwarded-For: every client is the proxy', async () => {
    offsetMs = 30_000_000;
    expect(await exhaust(await loginForm(app, '203.0.113.1'), 'r')).toBe(429);
    const other = await loginForm(app, '203.0.113.2');
    expect((await other('nurse', 'nurse-password')).status).toBe(429);
  });
});

describe('LoginThrottle', () => {
  it('caps the lockout and forgets failures after the window', () => {
    let now = 0;
    const t = new LoginThrottle(() => new Date(now), { maxFailures: 1, maxFailuresPerAddress: 1000, lockoutSeconds: 10, maxLockoutSeconds: 25, windowSeconds: 100 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.failed('u', 'ip');
      waits.push(t.retryAfter('u', 'ip'));
    }
    expect(waits).toEqual([10, 20, 25, 25]);
    now = 101_000;
    expect(t.retryAfter('u', 'ip')).toBe(0);
    t.failed('u', 'ip');
    expect(t.retryAfter('u', 'ip')).toBe(10);
    t.succeeded('u');
    expect(t.retryAfter('u', 'other-ip')).toBe(0);
  });
});
