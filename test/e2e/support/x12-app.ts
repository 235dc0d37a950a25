/**
 * The HTTP app with `POST /ingest/x12` over real parts: SqliteInbox and SqliteFhirStore (`:memory:`),
 * the real FhirRepository, registry, extractor and schema validator, and the real auth service; and
 * what the X12 end-to-end files share: `useX12App()` (one app per file, started and closed by the
 * file's hooks, with its admin token), `freshControlNumbers()` (fixture interchanges renumbered so
 * each has its own idempotency key) and small readers of the answers' segments.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Bundle } from 'fhir/r4.js';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
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

/** `POST /ingest/x12{query}` of `body` (application/edi-x12) with bearer `token`; `query` e.g. `?async=true`. */
export function postX12(app: Express, token: string, body: string, query = ''): request.Test {
  return request(app).post(`/ingest/x12${query}`).set('Authorization', `Bearer ${token}`).type('application/edi-x12').send(body);
}

/** One test file's app: started (with its admin token) in `beforeAll`, closed in `afterAll`. */
export interface X12Session {
  /** The running app (inboxes, pipeline, repository); only inside tests and hooks. */
  readonly started: X12App;
  /** The express app. */
  readonly app: Express;
  /** The admin client's `client_credentials` token (`system/*.cruds admin`). */
  readonly token: string;
  /** Adds the admin bearer token to `test`. */
  auth(test: request.Test): request.Test;
  /** `GET path` with the admin token. */
  get(path: string): request.Test;
  /** `POST /ingest/x12{query}` of `body` with the admin token. */
  post(body: string, query?: string): request.Test;
  /** `GET /fhir/{query}`, expecting 200: the search Bundle. */
  search(query: string): Promise<Bundle>;
  /** `POST /fhir/Claim/$submit` (Da Vinci PAS) of `bundle` with the admin token. */
  submit(bundle: object): request.Test;
}

/** Registers the hooks of a file that shares one app; call at the top level of the file. */
export function useX12App(): X12Session {
  let running: X12App | undefined;
  let token = '';
  beforeAll(async () => {
    running = await startX12App();
    token = await running.token();
  });
  afterAll(async () => {
    await running?.close();
  });
  const started = (): X12App => {
    if (running === undefined) throw new Error('useX12App: the app starts in beforeAll');
    return running;
  };
  const auth = (test: request.Test): request.Test => test.set('Authorization', `Bearer ${token}`);
  const get = (path: string): request.Test => auth(request(started().app).get(path));
  return {
    get started() { return started(); },
    get app() { return started().app; },
    get token() { return token; },
    auth,
    get,
    post: (body, query = '') => postX12(started().app, token, body, query),
    search: async (query) => (await get(`/fhir/${query}`).expect(200)).body as Bundle,
    submit: (bundle) => auth(request(started().app).post('/fhir/Claim/$submit')).type('application/fhir+json').send(bundle),
  };
}

/**
 * `text`, a fixture interchange (ISA13 = IEA02 = 000000001, ISA06 `SENDER`), with ISA13 / IEA02 =
 * `control` and, when given, ISA06 = `sender` (padded to 15).
 */
export function withControlNumber(text: string, control: number, sender?: string): string {
  const n = String(control).padStart(9, '0');
  const out = text.replace('*000000001*0*T*', `*${n}*0*T*`).replace('IEA*1*000000001', `IEA*1*${n}`);
  return sender === undefined ? out : out.replace('ZZ*SENDER         ', `ZZ*${sender.padEnd(15, ' ')}`);
}

/** A `fresh(text, sender?)` giving each interchange the next control number from `first` on (its own idempotency key). */
export function freshControlNumbers(first: number): (text: string, sender?: string) => string {
  let next = first;
  return (text, sender) => withControlNumber(text, next++, sender);
}

/** The segments of an X12 answer, each split into its elements. */
export const segments = (text: string): string[][] => text.split('~').map((s) => s.trim()).filter((s) => s !== '').map((s) => s.split('*'));

/** The first three elements (`ID*e1*e2`) of each segment of `text` whose id is one of `wanted`. */
export const segmentIds = (text: string, wanted: readonly string[]): string[] =>
  segments(text).filter((s) => wanted.includes(s[0] ?? '')).map((s) => s.slice(0, 3).join('*'));
