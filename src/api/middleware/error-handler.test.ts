import { describe, it, expect } from 'vitest';
import express from 'express';
import request from 'supertest';
import { fail, STATUS_BY_CATEGORY, type ErrorCategory } from '../../core/outcomes.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { silentLogger } from '../../log/logger.js';
import { errorHandler } from './error-handler.js';
import { jsonBody } from './body-parsers.js';

function appThrowing(err: unknown): express.Express {
  const app = express();
  app.post('/', jsonBody(32), (_req, res) => {
    res.end();
  });
  app.get('/', () => {
    throw err;
  });
  app.use(errorHandler(silentLogger()));
  return app;
}

describe('errorHandler', () => {
  it.each(Object.entries(STATUS_BY_CATEGORY) as [ErrorCategory, number][])('%s → %i OperationOutcome', async (category, status) => {
    const res = await request(appThrowing(fail(category, 'x'))).get('/').expect(status);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', diagnostics: 'x' }] });
  });

  it('maps unknown errors to 500 without leaking the message', async () => {
    const res = await request(appThrowing(new Error('secret detail'))).get('/').expect(500);
    expect(res.body.issue[0].code).toBe('exception');
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
  });

  it('renders OAuth errors as RFC 6749 JSON', async () => {
    const res = await request(appThrowing(new OAuthError('invalid_scope', 'no'))).get('/').expect(400);
    expect(res.body).toEqual({ error: 'invalid_scope', error_description: 'no' });
  });

  it.each([
    ['{"a":', 400, 'structure'],
    [JSON.stringify({ big: 'x'.repeat(100) }), 413, 'too-costly'],
  ])('body %j → %i', async (body, status, code) => {
    const res = await request(appThrowing(undefined)).post('/').type('application/fhir+json').send(body).expect(status);
    expect(res.body.issue[0].code).toBe(code);
  });
});
