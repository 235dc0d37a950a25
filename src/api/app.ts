/**
 * The HTTP application: ops probes, SMART discovery, the OAuth 2.0 endpoints and the FHIR REST API,
 * with one error mapper at the end. https://hl7.org/fhir/R4/http.html
 */
import express, { type Express } from 'express';
import { httpLogMiddleware } from '../log/logger.js';
import { adminRouter } from './admin/router.js';
import { hl7v2IngestRouter } from './ingest/hl7v2.js';
import { x12IngestRouter } from './ingest/x12.js';
import { claimSubmitRouter } from './ingest/x12-submit.js';
import { errorHandler } from './middleware/error-handler.js';
import { methodNotAllowed, unknownRoute } from './middleware/routing-errors.js';
import { fhirRouter } from './fhir/router.js';
import { oauthRouter } from './smart/oauth-router.js';
import { openidConfiguration, smartConfiguration } from './smart/smart-configuration.js';
import type { AppDeps } from './types.js';

export type { AppDeps, ApiConfig } from './types.js';

/** Abstract types the registry knows but that cannot be instantiated. */
const ABSTRACT_TYPES = new Set(['Resource', 'DomainResource']);

/** The concrete resource types the FHIR API serves (the registry's, without the abstract ones). */
export function servedResourceTypes(registry: AppDeps['registry']): string[] {
  return registry.resourceTypes().filter((t) => !ABSTRACT_TYPES.has(t));
}

/** Builds the express 5 application. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy: req.ip (login throttle) is the client's, not the proxy's.
  const trustProxy = deps.config.trustProxy ?? false;
  app.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  // Versioned ETags are set by the handlers; express' body hashes would be wrong for FHIR.
  app.set('etag', false);

  // Scraped every few seconds: not worth an access-log line each.
  if (deps.metrics !== undefined) app.get('/metrics', deps.metrics);

  // Request id (X-Request-Id in/out), log context and the access log line.
  app.use(httpLogMiddleware(deps.logger));

  app.route('/healthz').get((_req, res) => {
    res.status(200).json({ status: 'ok' });
  }).all(methodNotAllowed(['GET']));
  app.route('/readyz').get(async (_req, res) => {
    try {
      await deps.ready();
      res.status(200).json({ status: 'ready' });
    } catch (e) {
      deps.logger.warn('not ready', { error: e instanceof Error ? e.message : String(e) });
      res.status(503).json({ status: 'unavailable' });
    }
  }).all(methodNotAllowed(['GET']));

  const smart = smartConfiguration(deps.config);
  app.route('/.well-known/smart-configuration').get(smart).all(methodNotAllowed(['GET']));
  app.route('/.well-known/openid-configuration').get(openidConfiguration(deps.config)).all(methodNotAllowed(['GET']));
  app.use('/oauth2', oauthRouter(deps.auth, { repo: deps.repo, ...(deps.config.loginThrottle !== undefined && { loginThrottle: deps.config.loginThrottle }) }));
  if (deps.claimSubmit !== undefined) {
    app.use('/fhir/Claim/$submit', claimSubmitRouter({ auth: deps.auth, submitter: deps.claimSubmit, maxBodyBytes: deps.config.maxBodyBytes }));
  }
  app.use(
    '/fhir',
    fhirRouter({
      repo: deps.repo,
      registry: deps.registry,
      config: deps.config,
      auth: deps.auth,
      resourceTypes: servedResourceTypes(deps.registry),
      smartConfiguration: smart,
      now: new Date(),
      ...(deps.terminology !== undefined && { terminology: deps.terminology }),
    }),
  );
  if (deps.hl7v2Ingest !== undefined) {
    app.use('/ingest/hl7v2', hl7v2IngestRouter({ auth: deps.auth, receiver: deps.hl7v2Ingest, maxBodyBytes: deps.config.maxBodyBytes }));
  }
  if (deps.x12Ingest !== undefined) {
    app.use('/ingest/x12', x12IngestRouter({ auth: deps.auth, receiver: deps.x12Ingest, maxBodyBytes: deps.config.maxBodyBytes }));
  }
  if (deps.adminRoutes !== undefined && deps.adminRoutes.length > 0) {
    app.use('/admin/api', adminRouter({ auth: deps.auth, maxBodyBytes: deps.config.maxBodyBytes, routes: deps.adminRoutes }));
  }
  app.use(unknownRoute());
  app.use(errorHandler(deps.logger));
  return app;
}
