import { describe, it, expect, beforeAll } from 'vitest';
import express from 'express';
import request from 'supertest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../auth/token-service.js';
import { AuthService } from '../../auth/auth-service.js';
import { MemoryClientStore } from '../../auth/memory-client-store.js';
import { loadOrCreateSigningKey } from '../../auth/signing-key.js';
import { parseScopes } from '../../auth/scopes.js';
import { silentLogger } from '../../log/logger.js';
import { errorHandler } from './error-handler.js';
import { requireAdmin, requireBearer } from './authenticate.js';

let auth: AuthService;
let app: express.Express;
beforeAll(async () => {
  const key = await loadOrCreateSigningKey(join(await mkdtemp(join(tmpdir(), 'lyfe-authn-')), 'k.json'));
  auth = new AuthService(new MemoryClientStore(), new TokenService({ key, issuer: 'urn:t', ttlSeconds: 60, clock: () => new Date() }));
  app = express();
  app.get('/admin', requireBearer(auth), requireAdmin(), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(silentLogger()));
});

describe('requireAdmin', () => {
  it('lets an admin token through and refuses others with 403', async () => {
    const admin = await auth.tokens.issue('c', parseScopes('admin'));
    const plain = await auth.tokens.issue('c', parseScopes('system/*.cruds'));
    await request(app).get('/admin').auth(admin.accessToken, { type: 'bearer' }).expect(200);
    const res = await request(app).get('/admin').auth(plain.accessToken, { type: 'bearer' }).expect(403);
    expect(res.body.issue[0].code).toBe('forbidden');
    expect(res.headers['www-authenticate']).toContain('insufficient_scope');
    await request(app).get('/admin').expect(401);
  });
});
