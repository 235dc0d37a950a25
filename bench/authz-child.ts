/**
 * Child process of bench/authz.ts: one repository (SQLite in DATA_DIR) served on two ports in the same
 * process — `auth`: the real fast read path (bearer token, compiled scope policy, compartment) in front
 * of the real app; `open`: the same read and response without any token handling — so the only
 * difference between the two is the authorization check. Seeds `AUTHZ_PATIENTS` patients with
 * Observations and sends `{ type: 'ready', auth, open, paths, tokens }`.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fastRead } from '../src/api/fast-read.js';
import { createApp } from '../src/api/app.js';
import { FHIR_JSON, setVersionHeaders } from '../src/api/fhir/http.js';
import { acceptsJson, hasBody } from '../src/api/middleware/content-negotiation.js';
import { openAuthService } from '../src/auth/auth-service.js';
import { parseScopes } from '../src/auth/scopes.js';
import { createIndexExtractor } from '../src/core/search/extract.js';
import { loadSearchParamRegistry } from '../src/core/search/registry.js';
import { createLogger, logWhenDone, requestIdFrom, runWithLogContext } from '../src/log/logger.js';
import { FhirRepository } from '../src/repository/fhir-repository.js';
import type { RequestContext } from '../src/repository/types.js';
import { SqliteFhirStore } from '../src/store/sqlite/sqlite-fhir-store.js';
import { createSchemaValidator } from '../src/validation/index.js';

const dataDir = process.env['DATA_DIR'] ?? '.';
const patients = Number(process.env['AUTHZ_PATIENTS'] ?? '50');
const perPatient = 20;
const publicBase = 'http://bench.test';
const logger = createLogger({ logLevel: process.env['BENCH_LOG_LEVEL'] ?? 'warn' });
const registry = loadSearchParamRegistry();
const localBaseUrls = [`${publicBase}/fhir`];
const extractor = createIndexExtractor(registry, { localBaseUrls });
const store = SqliteFhirStore.open({ path: join(dataDir, 'authz.sqlite'), registry, extractor });
let n = 0;
const repo = new FhirRepository({ store, registry, extractor, validator: createSchemaValidator(), clock: () => new Date(), ids: () => `g${++n}`, config: { localBaseUrls } });
const { auth } = await openAuthService({ dataDir, issuer: publicBase, tokenTtlSeconds: 3600, bootstrapClientId: 'bench', bootstrapClientSecret: 'bench-secret-0123456789abcdef', clock: () => new Date() });

const admin: RequestContext = { baseUrl: `${publicBase}/fhir`, source: '#bench', lenient: false, patientCompartment: undefined };
const paths: string[] = [];
for (let p = 0; p < patients; p++) {
  await repo.update(admin, 'Patient', `p${p}`, { resourceType: 'Patient', id: `p${p}`, name: [{ family: `F${p}` }] });
  for (let o = 0; o < perPatient; o++) {
    const id = `p${p}-o${o}`;
    await repo.update(admin, 'Observation', id, {
      resourceType: 'Observation', id, status: 'final', subject: { reference: `Patient/p${p}` },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] }, valueQuantity: { value: o, unit: 'mg/dL' },
    });
    // The patient-confined token may only read p0's data: every mode reads the same ids.
    if (p === 0) paths.push(`/fhir/Observation/${id}`);
  }
}

const app = createApp({ repo, registry, auth, logger, config: { publicBaseUrl: publicBase, maxBodyBytes: 1024 * 1024 }, ready: () => store.ping() });
const read = fastRead({ repo, auth, logger, fhirBase: `${publicBase}/fhir`, resourceTypes: registry.resourceTypes() });
const READ_PATH = /^\/fhir\/([A-Z][A-Za-z]{0,63})\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The fast path without any token handling: the same request checks (method, path, served type, no
 * body, JSON accepted, no conditional header or Prefer), the same read, headers and access log. Only
 * the bearer lookup, the policy decision and the compartment check are missing.
 */
const types = new Set(registry.resourceTypes());
const open: RequestListener = (req, res) => {
  const h = req.headers;
  const m = req.method === 'GET' ? READ_PATH.exec(req.url ?? '') : null;
  const type = m?.[1];
  const id = m?.[2];
  if (type === undefined || id === undefined || !types.has(type) || hasBody(h) || !acceptsJson(h.accept)
    || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined || h.prefer !== undefined) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const started = process.hrtime.bigint();
  const context = { requestId: requestIdFrom(h['x-request-id']), clientId: 'none' };
  logWhenDone(logger, context, req, res, started);
  runWithLogContext(context, () => repo.readJson(admin, type, id)).then(({ json, meta }) => {
    res.setHeader('X-Request-Id', context.requestId);
    setVersionHeaders(res, { meta });
    res.setHeader('Content-Type', FHIR_JSON);
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.statusCode = 200;
    res.end(json);
  }, () => {
    res.statusCode = 500;
    res.end();
  });
};

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const authServer = await listen((req, res) => read(req, res, () => app(req, res)));
const openServer = await listen(open);
const issue = async (scope: string, context: { patient?: string } = {}): Promise<string> => (await auth.tokens.issue('bench', parseScopes(scope), context)).accessToken;
const tokens = {
  system: await issue('system/*.rs'),
  patient: await issue('patient/*.rs', { patient: 'p0' }),
};
process.on('message', (m: { type?: string }) => {
  if (m.type === 'rss') process.send?.({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS });
  if (m.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage(), tokenCache: auth.tokens.cacheStats() });
  if (m.type === 'stop') {
    authServer.server.close();
    openServer.server.close();
    authServer.server.closeAllConnections();
    openServer.server.closeAllConnections();
    void store.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', auth: authServer.url, open: openServer.url, paths, tokens });
