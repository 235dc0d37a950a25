import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, it, expect, beforeAll } from 'vitest';
import { AuthService } from '../../auth/auth-service.js';
import { MemoryClientStore } from '../../auth/memory-client-store.js';
import { parseScopes } from '../../auth/scopes.js';
import { loadOrCreateSigningKey } from '../../auth/signing-key.js';
import { TokenService } from '../../auth/token-service.js';
import { silentLogger } from '../../log/logger.js';
import { errorHandler } from '../middleware/error-handler.js';
import { launchAdminRoutes } from './launch.js';
import { adminRouter } from './router.js';
import { userAdminRoutes } from './users.js';

let auth: AuthService;
let app: express.Express;
let admin: string;
beforeAll(async () => {
  const key = await loadOrCreateSigningKey(join(await mkdtemp(join(tmpdir(), 'lyfe-admin-users-')), 'k.json'));
  auth = new AuthService(new MemoryClientStore(), new TokenService({ key, issuer: 'http://gw.test', ttlSeconds: 60, clock: () => new Date() }));
  app = express();
  app.use('/admin/api', adminRouter({ auth, maxBodyBytes: 10_000, routes: [userAdminRoutes(auth), launchAdminRoutes(auth)] }));
  app.use(errorHandler(silentLogger()));
  admin = (await auth.tokens.issue('ops', parseScopes('admin'))).accessToken;
});

describe('POST /admin/api/users', () => {
  it('creates a user (201, no hash in the answer) who can then log in', async () => {
    const res = await request(app).post('/admin/api/users').auth(admin, { type: 'bearer' }).send({ username: 'nurse', password: 'nurse-password', fhirUser: 'Practitioner/7' }).expect(201);
    expect(res.body).toMatchObject({ username: 'nurse', fhirUser: 'Practitioner/7' });
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/i);
    expect(await auth.users.login('nurse', 'nurse-password')).toMatchObject({ id: res.body.id });
    const list = await request(app).get('/admin/api/users').auth(admin, { type: 'bearer' }).expect(200);
    expect(list.body.users).toHaveLength(1);
  });

  it.each([
    [{ username: 'a', password: 'short', fhirUser: 'Practitioner/1' }],
    [{ username: 'b', password: 'long-enough-pw', fhirUser: 'Device/1' }],
    [{ password: 'long-enough-pw', fhirUser: 'Patient/1' }],
  ])('400 for %j', async (body) => {
    const res = await request(app).post('/admin/api/users').auth(admin, { type: 'bearer' }).send(body).expect(400);
    expect(res.body.issue[0].code).toBe('invalid');
  });

  it('401 without a token, 403 without admin', async () => {
    await request(app).post('/admin/api/users').send({}).expect(401);
    const plain = (await auth.tokens.issue('c', parseScopes('system/*.rs'))).accessToken;
    await request(app).post('/admin/api/users').auth(plain, { type: 'bearer' }).send({}).expect(403);
  });
});

describe('POST /admin/api/launch', () => {
  it('returns an opaque launch id bound to the context', async () => {
    const res = await request(app).post('/admin/api/launch').auth(admin, { type: 'bearer' }).send({ patient: 'p1', encounter: 'Encounter/e1' }).expect(201);
    expect(res.body).toMatchObject({ patient: 'p1', encounter: 'e1', expires_in: 300 });
    expect(auth.launches.get(res.body.launch as string)).toMatchObject({ patient: 'p1', encounter: 'e1' });
  });

  it('400 without a patient', async () => {
    await request(app).post('/admin/api/launch').auth(admin, { type: 'bearer' }).send({ encounter: 'e1' }).expect(400);
  });
});
