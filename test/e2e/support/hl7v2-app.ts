/**
 * The HTTP app with HL7 v2 ingest and the inbox admin API over the pipeline harness (real SQLite inbox
 * and store, real repository, real auth service), plus the MLLP listener on an ephemeral port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { messagesRoutes } from '../../../src/api/admin/messages.js';
import { createApp } from '../../../src/api/app.js';
import { openAuthService } from '../../../src/auth/auth-service.js';
import { MemoryClientStore } from '../../../src/auth/memory-client-store.js';
import { hashSecret } from '../../../src/auth/secret-hash.js';
import { MllpListener } from '../../../src/channels/mllp/mllp-listener.js';
import { loadSearchParamRegistry } from '../../../src/core/search/registry.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startHl7v2Harness, type HarnessOptions, type Hl7v2Harness } from './hl7v2-harness.js';

export const ADMIN_ID = 'hl7-admin';
export const ADMIN_SECRET = 'hl7-admin-secret-0123456789';
export const SENDER_ID = 'hl7-sender';
export const SENDER_SECRET = 'hl7-sender-secret-0123456789';

export interface Hl7v2App {
  readonly app: Express;
  readonly harness: Hl7v2Harness;
  readonly mllp: MllpListener;
  token(clientId?: string, secret?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHl7v2App(options: HarnessOptions = {}): Promise<Hl7v2App> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lyfe-hl7-'));
  const harness = startHl7v2Harness(options);
  const clients = new MemoryClientStore();
  await clients.put({
    clientId: SENDER_ID, secretHash: await hashSecret(SENDER_SECRET), scope: 'system/Patient.rs',
    grantTypes: ['client_credentials'], name: 'sender', createdAt: new Date().toISOString(),
  });
  const { auth } = await openAuthService({
    dataDir, issuer: 'http://gateway.test', tokenTtlSeconds: 300, bootstrapClientId: ADMIN_ID, bootstrapClientSecret: ADMIN_SECRET,
    clock: () => new Date(), clients,
  });
  const app = createApp({
    repo: harness.repo, registry: loadSearchParamRegistry(), auth, logger: silentLogger(),
    config: { publicBaseUrl: 'http://gateway.test', maxBodyBytes: 1024 * 1024 },
    ready: () => harness.store.ping(),
    hl7v2Ingest: harness.pipeline,
    adminRoutes: [messagesRoutes({ inbox: harness.inbox, replay: (id) => harness.pipeline.replay(id), dryRun: (id) => harness.pipeline.dryRun(id) })],
  });
  const mllp = await MllpListener.start({
    host: '127.0.0.1', port: 0, maxConnections: 20, maxFrameBytes: 1024 * 1024, idleTimeoutMs: 30_000, maxPendingFrames: 16,
  }, harness.pipeline, silentLogger());
  return {
    app, harness, mllp,
    async token(clientId = ADMIN_ID, secret = ADMIN_SECRET) {
      const res = await request(app).post('/oauth2/token').auth(clientId, secret).type('form').send({ grant_type: 'client_credentials' });
      if (res.status !== 200) throw new Error(`token: ${res.status}`);
      return (res.body as { access_token: string }).access_token;
    },
    async close() {
      await mllp.close(100);
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
