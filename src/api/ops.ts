/**
 * Ops endpoint `/metrics` (Prometheus text exposition format 0.0.4) and the HTTP metrics middleware
 * feeding it: request count and duration by method, coarse route and status. `/healthz` and `/readyz`
 * are in `app.ts`. https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * Route labels are coarse (`/fhir/{type}/{id}`, with the resource type as its own label) so the label
 * set stays bounded whatever clients send; ids and query strings never become labels.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const TYPE = /^[A-Z][A-Za-z]{1,63}$/;

/** `{ route, resourceType }` labels for a request path. */
export function routeLabels(path: string): { route: string; resourceType: string } {
  const s = path.split('?')[0]?.split('/').filter((x) => x !== '') ?? [];
  if (s[0] !== 'fhir') {
    const known = ['healthz', 'readyz', 'metrics', 'oauth2', '.well-known', 'admin', 'ingest', 'api'];
    const head = s[0] !== undefined && known.includes(s[0]) ? `/${s[0]}` : s.length === 0 ? '/' : '/{other}';
    return { route: s[0] === 'oauth2' && s[1] !== undefined ? `/oauth2/${s[1].slice(0, 20)}` : head, resourceType: '' };
  }
  const [, type, a, b] = s;
  if (type === undefined) return { route: '/fhir', resourceType: '' };
  if (type.startsWith('$') || type === 'metadata' || type === '_history' || type === '.well-known' || type === '_search') {
    return { route: `/fhir/${type.startsWith('$') ? '{$operation}' : type}`, resourceType: '' };
  }
  const resourceType = TYPE.test(type) ? type : 'other';
  const tail = a === undefined ? ''
    : a === '_search' || a === '_history' ? `/${a}`
      : a.startsWith('$') ? '/{$operation}'
        : b === undefined ? '/{id}'
          : b === '_history' ? (s.length > 4 ? '/{id}/_history/{vid}' : '/{id}/_history')
            : b.startsWith('$') ? '/{id}/{$operation}'
              : '/{id}/{compartment}';
  return { route: `/fhir/{type}${tail}`, resourceType };
}

/** The metrics registry with Node process metrics (memory, CPU, event loop lag, GC). */
export function createMetricsRegistry(): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  return register;
}

/**
 * Counts and times every request into `register`. A plain node:http middleware (express accepts it):
 * mount it before the application routes, or call it first in a node:http handler.
 */
export function httpMetrics(register: Registry): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const labelNames = ['method', 'route', 'resource_type', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests served', labelNames, registers: [register] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [register],
  });
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const { route, resourceType } = routeLabels((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/');
      const labels = { method: req.method ?? '', route, resource_type: resourceType, status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}

/** `GET /metrics`: the registry in Prometheus text format. */
export function metricsEndpoint(register: Registry): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Content-Type', register.contentType);
    res.status(200).send(await register.metrics());
  };
}
