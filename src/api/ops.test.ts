import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMetricsRegistry, httpMetrics, metricsEndpoint, routeLabels } from './ops.js';

describe('routeLabels', () => {
  it.each([
    ['/', '/', ''],
    ['/healthz', '/healthz', ''],
    ['/oauth2/token', '/oauth2/token', ''],
    ['/no/such/thing', '/{other}', ''],
    ['/fhir', '/fhir', ''],
    ['/fhir/metadata', '/fhir/metadata', ''],
    ['/fhir/$export', '/fhir/{$operation}', ''],
    ['/fhir/Patient', '/fhir/{type}', 'Patient'],
    ['/fhir/Patient?name=Chalmers', '/fhir/{type}', 'Patient'],
    ['/fhir/Patient/_search', '/fhir/{type}/_search', 'Patient'],
    ['/fhir/Patient/$validate', '/fhir/{type}/{$operation}', 'Patient'],
    ['/fhir/Patient/123', '/fhir/{type}/{id}', 'Patient'],
    ['/fhir/Patient/123/_history', '/fhir/{type}/{id}/_history', 'Patient'],
    ['/fhir/Patient/123/_history/2', '/fhir/{type}/{id}/_history/{vid}', 'Patient'],
    ['/fhir/Patient/123/$everything', '/fhir/{type}/{id}/{$operation}', 'Patient'],
    ['/fhir/Patient/123/Observation', '/fhir/{type}/{id}/{compartment}', 'Patient'],
    ['/fhir/not a type/1', '/fhir/{type}/{id}', 'other'],
  ])('%s → %s', (path, route, resourceType) => {
    expect(routeLabels(path)).toEqual({ route, resourceType });
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with process metrics and counted requests', async () => {
    const register = createMetricsRegistry();
    const app = express();
    app.use(httpMetrics(register));
    app.get('/metrics', metricsEndpoint(register));
    app.get('/fhir/Patient/:id', (_req, res) => { res.status(200).json({}); });
    await request(app).get('/fhir/Patient/abc').expect(200);
    await request(app).get('/fhir/Patient/def').expect(200);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/fhir\/\{type\}\/\{id\}",resource_type="Patient",status="200"\} 2/);
    expect(res.text).not.toContain('abc');
  });
});
