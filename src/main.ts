/**
 * Composition root: reads the configuration, builds every adapter by hand, serves HTTP and shuts down
 * gracefully. The only module that knows every adapter (DESIGN.md "Layout").
 *
 * `node dist/main.js` (or `npm start`) runs the gateway; `startGateway` is exported for the end-to-end
 * tests and benchmarks, which run the same assembly on an ephemeral port.
 */
import { randomUUID } from 'node:crypto';
import { uuidV7 } from './repository/ids.js';
import { mkdirSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp, servedResourceTypes } from './api/app.js';
import { messagesRoutes } from './api/admin/messages.js';
import { combinedMessages } from './api/admin/messages-sources.js';
import { x12MessagesAdmin } from './api/admin/x12-messages.js';
import { launchAdminRoutes } from './api/admin/launch.js';
import { userAdminRoutes } from './api/admin/users.js';
import { MllpListener } from './channels/mllp/mllp-listener.js';
import { mllpListenerOptions } from './channels/mllp/mllp-settings.js';
import { Hl7v2Pipeline } from './pipeline/hl7v2/hl7v2-pipeline.js';
import { configuredIdentifierSystem } from './pipeline/hl7v2/identifier-system.js';
import { Hl7v2CoverageReport } from './translators/hl7v2/coverage/index.js';
import { hl7v2CoverageRoutes } from './api/admin/hl7v2-coverage.js';
import { startCoveragePersistence } from './pipeline/hl7v2/coverage-file.js';
import { SqliteInbox } from './store/sqlite/inbox/sqlite-inbox.js';
import { X12Pipeline } from './pipeline/x12/x12-pipeline.js';
import { X12ControlNumbers } from './pipeline/x12/control-numbers.js';
import { x12AdminRoutes } from './api/ingest/x12-admin.js';
import { translateHl7v2 } from './translators/hl7v2/fhir/translate.js';
import type { AdminRoutes } from './api/admin/router.js';
import { terminologyRemapRoutes } from './api/admin/terminology-remap.js';
import { terminologyUnmappedRoutes } from './api/admin/terminology-unmapped.js';
import { fastRead } from './api/fast-read.js';
import { fastToken } from './api/middleware/fast-token.js';
import { createMetricsRegistry, httpMetrics, metricsEndpoint } from './api/ops.js';
import { openAuthService } from './auth/auth-service.js';
import type { BootstrapResult } from './auth/bootstrap-client.js';
import { ConfigError, loadConfigFromEnvironment, type Config } from './config/config.js';
import { createIndexExtractor } from './core/search/extract.js';
import { loadSearchParamRegistry } from './core/search/registry.js';
import type { IndexExtractor, SearchParamRegistry } from './core/search/types.js';
import { createLogger, type Logger } from './log/logger.js';
import type { FhirStore } from './ports/fhir-store.js';
import { FhirRepository } from './repository/fhir-repository.js';
import { RemapJobs } from './repository/remap-jobs.js';
import { SqliteFhirStore } from './store/sqlite/sqlite-fhir-store.js';
import { defaultContentLayers, warmUpContent } from './terminology/content/default-content.js';
import { ImportedSystemsLayer } from './terminology/import/imported-layer.js';
import { importedTerminologyDir } from './terminology/import/system-file.js';
import { TerminologyContent } from './terminology/local/content-registry.js';
import type { LocalTerminologyService } from './terminology/local/local-terminology-service.js';
import { createTerminologyMapping } from './terminology/mapping/index.js';
import { UcumTerminologyService } from './terminology/ucum/ucum-terminology-service.js';
import { createSchemaValidator } from './validation/index.js';
import { codeValidatorFromTerminology, createProfileValidator, loadProfileDefinitions } from './validation/profile/index.js';

/** A started gateway. */
export interface RunningGateway {
  /** `http://host:port` actually bound (the port is real even when PORT=0). */
  readonly url: string;
  readonly server: Server;
  readonly bootstrap: BootstrapResult;
  /** The MLLP port actually bound (real even when MLLP_PORT=0). */
  readonly mllpPort: number;
  /** Stops accepting connections, drains in-flight requests (up to `graceMs`) and closes the store. */
  close(graceMs?: number): Promise<void>;
}

/** Opens the store chosen by the configuration: MongoDB when MONGODB_URL is set, else SQLite in DATA_DIR. */
async function openStore(config: Config, registry: SearchParamRegistry, extractor: IndexExtractor, logger: Logger): Promise<FhirStore> {
  if (config.mongodbUrl === undefined) {
    const path = join(config.dataDir, 'fhir.sqlite');
    logger.info('store: embedded SQLite', { path: resolve(path) });
    return SqliteFhirStore.open({ path, registry, extractor });
  }
  // Loaded only when configured: the driver costs ~0.15 s of boot for SQLite deployments.
  const [{ MongoClient }, { MongoFhirStore }] = await Promise.all([import('mongodb'), import('./store/mongo/mongo-fhir-store.js')]);
  const client = new MongoClient(config.mongodbUrl, { appName: 'lyfeai-gateway' });
  await client.connect();
  logger.info('store: MongoDB', { db: config.mongodbDb });
  try {
    return await MongoFhirStore.open({ client, db: client.db(config.mongodbDb), registry, extractor });
  } catch (e) {
    await client.close();
    throw e;
  }
}

/** The repo's `terminology/` folder (next to `src/` and `dist/`). */
const SHIPPED_TERMINOLOGY_DIR = fileURLToPath(new URL('../terminology', import.meta.url));
/** The repo's `profiles/` folder: the StructureDefinitions writes and `$validate` are checked against. */
const SHIPPED_PROFILES_DIR = fileURLToPath(new URL('../profiles', import.meta.url));

/**
 * Loads the terminology content off the request path once serving has begun (it is lazy otherwise):
 * the shipped content, then the imported code systems in short slices (TERMINOLOGY_WARMUP).
 */
function warmUpLater(terminology: LocalTerminologyService, imported: ImportedSystemsLayer, logger: Logger): void {
  setImmediate(() => {
    try {
      logger.info('terminology content warmed up', { ms: Math.round(warmUpContent(terminology.content)) });
    } catch (e) {
      logger.warn('terminology warm-up failed', { error: e instanceof Error ? e.message : String(e) });
    }
    if (imported.headers().length === 0) return;
    imported.warmUp().then(
      (report) => logger.info('imported code systems loaded', report),
      (e: unknown) => logger.warn('imported code system warm-up failed', { error: e instanceof Error ? e.message : String(e) }),
    );
  });
}

/** Binds the HTTP port; until `setHandler` is called every request gets a 503 "starting". */
async function listen(config: Config): Promise<{ server: Server; port: number; setHandler(h: RequestListener): void }> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"status":"starting"}');
  };
  const server = createServer((req, res) => handler(req, res));
  // Longer than common load-balancer idle timeouts, so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, port, setHandler: (h) => { handler = h; } };
}

/** PUBLIC_BASE_URL, with the real port filled in when PORT=0 left the default pointing at port 0. */
export function effectiveBaseUrl(config: Config, port: number): string {
  return config.port === 0 && config.publicBaseUrl === 'http://localhost:0' ? `http://localhost:${port}` : config.publicBaseUrl;
}

/** Builds and starts the gateway described by `config`. */
export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  mkdirSync(config.dataDir, { recursive: true });
  const { server, port, setHandler } = await listen(config);
  const publicBaseUrl = effectiveBaseUrl(config, port);
  const clock = (): Date => new Date();
  let store: FhirStore | undefined;
  let inbox: SqliteInbox | undefined;
  let x12Inbox: SqliteInbox | undefined;
  let mllp: MllpListener | undefined;
  try {
    // A registry of its own: SearchParameter resources written through the API change it at runtime.
    const registry = loadSearchParamRegistry();
    // References written as absolute URLs on our own base are indexed and resolved as local ones.
    const localBaseUrls = [`${publicBaseUrl}/fhir`];
    const extractor = createIndexExtractor(registry, { localBaseUrls });
    const opened = await openStore(config, registry, extractor, logger);
    store = opened;
    // Content is read lazily (see terminology/content): building the service costs nothing at boot.
    // Code systems imported by `npm run terminology:import` (DATA_DIR/terminology/) come first; UCUM
    // is answered by the UCUM library (terminology/ucum).
    const imported = new ImportedSystemsLayer(importedTerminologyDir(config.dataDir), (path, e) => logger.warn('imported code system unreadable', { path, error: e instanceof Error ? e.message : String(e) }));
    const terminology = new UcumTerminologyService({ content: new TerminologyContent([imported, ...defaultContentLayers({ shippedDir: SHIPPED_TERMINOLOGY_DIR })]), clock });
    const repo = new FhirRepository({
      terminology, terminologyContent: terminology.content,
      store: opened, registry, extractor, clock,
      validator: createSchemaValidator(),
      // Profiles compile on first use; their bindings go through the terminology service.
      profiles: createProfileValidator({ profiles: loadProfileDefinitions(SHIPPED_PROFILES_DIR), validateCode: codeValidatorFromTerminology(terminology) }),
      // Time-ordered ids: new rows append to the store's id-keyed B-trees (repository/ids.ts).
      ids: uuidV7,
      config: {
        referentialIntegrity: config.referentialIntegrity,
        defaultCount: config.searchDefaultCount,
        maxCount: config.searchMaxCount,
        localBaseUrls,
      },
    });
    await repo.loadSearchParameters();
    await repo.loadTerminology();
    // The CodeMapper translators get (per-integration ConceptMaps first), its gap report in DATA_DIR,
    // and the re-map jobs run after a ConceptMap changes (terminology/mapping, repository/remap-jobs).
    const mapping = await createTerminologyMapping({
      terminology, dataDir: config.dataDir, now: () => clock().getTime(),
      onError: (e) => logger.warn('saving the mapping-gap report failed', { error: e instanceof Error ? e.message : String(e) }),
    });
    const remapJobs = new RemapJobs({
      store: opened, registry, repo, maps: terminology.content, terminology, ids: randomUUID, baseUrl: `${publicBaseUrl}/fhir`,
    });
    const adminRoutes: AdminRoutes[] = [terminologyUnmappedRoutes(mapping.gaps), terminologyRemapRoutes(remapJobs)];
    // HL7 v2 ingestion: the durable inbox (DATA_DIR/inbox.sqlite) and the pipeline behind MLLP and
    // POST /ingest/hl7v2 (pipeline/hl7v2).
    const openedInbox = SqliteInbox.open({ path: join(config.dataDir, 'inbox.sqlite') });
    inbox = openedInbox;
    const coverage = new Hl7v2CoverageReport();
    // The coverage report survives restarts: DATA_DIR/hl7v2-coverage.json, loaded now, saved each minute.
    const coverageFile = await startCoveragePersistence({
      report: coverage, path: join(config.dataDir, 'hl7v2-coverage.json'), intervalMs: 60_000,
      onError: (e) => logger.warn('loading or saving the HL7 v2 coverage report failed', { error: e instanceof Error ? e.message : String(e) }),
    });
    adminRoutes.push(hl7v2CoverageRoutes(coverage));
    const pipeline = new Hl7v2Pipeline({
      coverage,
      inbox: openedInbox, repo, translate: translateHl7v2, codes: mapping.mapper, identifierSystem: configuredIdentifierSystem(config.hl7v2IdentifierSystems),
      fhirBaseUrl: `${publicBaseUrl}/fhir`, clock, ids: randomUUID, logger, owner: `${process.pid}-${randomUUID()}`,
      options: { concurrency: config.pipelineConcurrency, maxAttempts: config.inboxMaxAttempts, retentionDays: config.inboxRetentionDays },
    });
    // X12 ingestion (POST /ingest/x12, pipeline/x12): its own inbox file, so neither pipeline's retry
    // worker claims the other's entries.
    const openedX12Inbox = SqliteInbox.open({ path: join(config.dataDir, 'x12-inbox.sqlite') });
    x12Inbox = openedX12Inbox;
    const x12 = new X12Pipeline({
      inbox: openedX12Inbox, repo, codes: mapping.mapper, fhirBaseUrl: `${publicBaseUrl}/fhir`, clock, ids: randomUUID, logger,
      owner: `${process.pid}-${randomUUID()}`, aliases: config.x12PartnerAliases,
      // ISA13 / GS06 of our answers: per partner pair, persisted so a restart never reuses one.
      controlNumbers: X12ControlNumbers.open(join(config.dataDir, 'x12-control-numbers.json')),
    });
    adminRoutes.push(x12AdminRoutes(x12));
    // The inbox admin API lists and replays both inboxes (X12 ids shown as `x12-<id>`).
    adminRoutes.push(messagesRoutes(combinedMessages([
      { prefix: '', admin: { inbox: openedInbox, replay: (id) => pipeline.replay(id), dryRun: (id) => pipeline.dryRun(id) } },
      { prefix: 'x12-', admin: x12MessagesAdmin(openedX12Inbox, x12) },
    ])));
    const { auth, bootstrap } = await openAuthService({
      dataDir: config.dataDir,
      issuer: publicBaseUrl,
      tokenTtlSeconds: config.tokenTtlSeconds,
      keyRotationSeconds: config.signingKeyRotationDays * 86_400,
      refreshTtlSeconds: config.refreshTokenTtlDays * 86_400,
      ...(config.oidcIssuerUrl !== undefined && config.oidcClientId !== undefined && {
        upstream: { issuer: config.oidcIssuerUrl, clientId: config.oidcClientId, clientSecret: config.oidcClientSecret, fhirUserClaim: config.oidcFhirUserClaim },
      }),
      bootstrapClientId: config.bootstrapClientId,
      bootstrapClientSecret: config.bootstrapClientSecret,
      clock,
    });
    logBootstrap(logger, bootstrap);
    adminRoutes.push(userAdminRoutes(auth), launchAdminRoutes(auth));

    const metrics = createMetricsRegistry();
    const app = createApp({
      repo, registry, auth, logger,
      config: {
        publicBaseUrl, maxBodyBytes: config.maxBodyBytes, trustProxy: config.trustProxy,
        loginThrottle: {
          maxFailures: config.loginMaxFailures, maxFailuresPerAddress: config.loginMaxFailuresPerIp, lockoutSeconds: config.loginLockoutSeconds,
          maxLockoutSeconds: config.loginLockoutMaxSeconds, windowSeconds: config.loginFailureWindowSeconds,
        },
      },
      ready: () => opened.ping(),
      metrics: metricsEndpoint(metrics),
      terminology,
      adminRoutes,
      hl7v2Ingest: pipeline,
      x12Ingest: x12,
      claimSubmit: x12,
    });
    // Metrics see every request; plain reads by id skip express (same checks, see api/fast-read.ts).
    const measure = httpMetrics(metrics);
    const read = fastRead({ repo, auth, logger, fhirBase: `${publicBaseUrl}/fhir`, resourceTypes: servedResourceTypes(registry) });
    // Backend Services token requests (client_credentials + private_key_jwt) skip express too (api/middleware/fast-token.ts).
    const token = fastToken({ auth, logger });
    setHandler((req, res) => {
      measure(req, res, () => read(req, res, () => token(req, res, () => app(req, res))));
    });

    const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
    logger.info('listening', { url, fhirBase: `${publicBaseUrl}/fhir` });
    const listener = await MllpListener.start(mllpListenerOptions(config), pipeline, logger);
    mllp = listener;
    pipeline.start();
    void x12.retryDue().catch(() => undefined);
    if (config.terminologyWarmup) warmUpLater(terminology, imported, logger);

    let closing: Promise<void> | undefined;
    const close = (graceMs = 10_000): Promise<void> => {
      closing ??= (async () => {
        // MLLP first: connections get the ACKs they are owed, then the pipeline finishes its queue.
        await listener.close(graceMs);
        await pipeline.close();
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await mapping.close();
        await coverageFile.stop().catch((e: unknown) => logger.warn('saving the HL7 v2 coverage report failed', { error: e instanceof Error ? e.message : String(e) }));
        await openedInbox.close();
        await openedX12Inbox.close();
        await opened.close();
        auth.close();
      })();
      return closing;
    };
    return { url, server, bootstrap, mllpPort: listener.port, close };
  } catch (e) {
    server.close();
    server.closeAllConnections();
    await mllp?.close(0);
    await inbox?.close();
    await x12Inbox?.close();
    await store?.close();
    throw e;
  }
}

function logBootstrap(logger: Logger, b: BootstrapResult): void {
  if (b.status === 'created') {
    logger.info(`bootstrap client created; its id and secret are in ${resolve(b.credentialsPath ?? '')}`, { clientId: b.clientId });
  } else if (b.status === 'existing') {
    logger.info(`bootstrap client ${b.clientId}; credentials file ${resolve(b.credentialsPath ?? '')}`, { clientId: b.clientId });
  } else {
    logger.info('bootstrap client from BOOTSTRAP_CLIENT_ID / BOOTSTRAP_CLIENT_SECRET', { clientId: b.clientId });
  }
}

/** CLI entry: config errors exit 1 with the message; SIGTERM / SIGINT close gracefully. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromEnvironment();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (e) {
    logger.error('startup failed', { err: e });
    process.exitCode = 1;
    return;
  }
  const stop = (signal: string): void => {
    logger.info('shutting down', { signal });
    process.once(signal, () => process.exit(1)); // a second signal forces the exit
    gateway.close().then(
      () => logger.info('stopped'),
      (e: unknown) => {
        logger.error('shutdown failed', { err: e });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) await main();
