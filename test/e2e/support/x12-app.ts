/**
 * The HTTP app with `POST /ingest/x12` over real parts: SqliteInbox and SqliteFhirStore (`:memory:`),
 * the real FhirRepository, registry, extractor and schema validator, and the real auth service.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../../src/api/app.js';
import { x12AdminRoutes } from '../../../src/api/ingest/x12-admin.js';
import { messagesRoutes } from '../../../src/api/admin/messages.js';
import { combinedMessages } from '../../../src/api/admin/messages-sources.js';
import { x12MessagesAdmin } from '../../../src/api/admin/x12-messages.js';
import { notFound } from '../../../src/core/outcomes.js';
import type { AckControlNumbers } from '../../../src/translators/x12/ack/index.js';
import { openAuthService } from '../../../src/auth/auth-service.js';
import { identityCodeMapper } from '../../../src/core/code-mapping.js';
import { createIndexExtractor } from '../../../src/core/search/extract.js';
import { loadSearchParamRegistry } from '../../../src/core/search/registry.js';
import { silentLogger } from '../../../src/log/logger.js';
import { X12Pipeline } from '../../../src/pipeline/x12/x12-pipeline.js';
import { FhirRepository } from '../../../src/repository/fhir-repository.js';
import { SqliteInbox } from '../../../src/store/sqlite/inbox/sqlite-inbox.js';
import { SqliteFhirStore } from '../../../src/store/sqlite/sqlite-fhir-store.js';
import { createSchemaValidator } from '../../../src/validation/index.js';

export const X12_ADMIN_ID = 'x12-admin';
export const X12_ADMIN_SECRET = 'x12-admin-secret-0123456789';
const FHIR_BASE = 'http://gateway.test/fhir';

export interface X12App {
  readonly app: Express;
  readonly repo: FhirRepository;
  readonly inbox: SqliteInbox;
  /** An (HL7 v2) inbox listed beside the X12 one by `/admin/api/messages`. */
  readonly otherInbox: SqliteInbox;
  readonly pipeline: X12Pipeline;
  token(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the app; `aliases` is `X12_PARTNER_ALIASES`; `controlNumbers` the ISA13 / GS06 source. */
export async function startX12App(aliases: Readonly<Record<string, string>> = {}, options: { readonly controlNumbers?: AckControlNumbers } = {}): Promise<X12App> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lyfe-x12-'));
  const registry = loadSearchParamRegistry();
  const extractor = createIndexExtractor(registry, { localBaseUrls: [FHIR_BASE] });
  const store = SqliteFhirStore.open({ path: ':memory:', registry, extractor });
  const clock = (): Date => new Date();
  const repo = new FhirRepository({ store, registry, extractor, validator: createSchemaValidator(), clock, ids: randomUUID, config: { localBaseUrls: [FHIR_BASE] } });
  const inbox = SqliteInbox.open({ path: ':memory:' });
  const otherInbox = SqliteInbox.open({ path: ':memory:' });
  const pipeline = new X12Pipeline({
    inbox, repo, codes: identityCodeMapper, fhirBaseUrl: FHIR_BASE, clock, ids: randomUUID, logger: silentLogger(), owner: `test-${randomUUID()}`, aliases,
    ...(options.controlNumbers === undefined ? {} : { controlNumbers: options.controlNumbers }),
  });
  const refuse = (id: string): Promise<never> => Promise.reject(notFound(`inbox entry ${id} not found`));
  const messages = messagesRoutes(combinedMessages([
    { prefix: '', admin: { inbox: otherInbox, replay: refuse, dryRun: refuse } },
    { prefix: 'x12-', admin: x12MessagesAdmin(inbox, pipeline) },
  ]));
  const { auth } = await openAuthService({
    dataDir, issuer: 'http://gateway.test', tokenTtlSeconds: 300, bootstrapClientId: X12_ADMIN_ID, bootstrapClientSecret: X12_ADMIN_SECRET, clock,
  });
  const app = createApp({
    repo, registry, auth, logger: silentLogger(), config: { publicBaseUrl: 'http://gateway.test', maxBodyBytes: 16 * 1024 * 1024 },
    ready: () => store.ping(), x12Ingest: pipeline, claimSubmit: pipeline, adminRoutes: [x12AdminRoutes(pipeline), messages],
  });
  return {
    app, repo, inbox, otherInbox, pipeline,
    async token() {
      const res = await request(app).post('/oauth2/token').auth(X12_ADMIN_ID, X12_ADMIN_SECRET).type('form').send({ grant_type: 'client_credentials' });
      if (res.status !== 200) throw new Error(`token: ${res.status}`);
      return (res.body as { access_token: string }).access_token;
    },
    async close() {
      await inbox.close();
      await otherInbox.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
