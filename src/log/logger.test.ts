import { PassThrough } from 'node:stream';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger, httpLogMiddleware, requestIdFrom, runWithLogContext, setLogContext, type Logger } from './logger.js';
import { REDACTED } from './redact.js';

/** A logger at `level` and the parsed JSON lines it wrote so far. */
function capture(level = 'info'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ logLevel: level }, { stream });
  return {
    logger,
    lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Chalmers' }], birthDate: '1974-12-25' };

describe('createLogger', () => {
  it('writes one JSON object per line with level, message, timestamp and service', () => {
    const { logger, lines } = capture();
    logger.info('started', { port: 8080 });
    logger.warn('slow');
    const [first, second] = lines();
    expect(first).toMatchObject({ level: 'info', message: 'started', port: 8080, service: 'lyfeai-gateway' });
    expect(typeof first?.['timestamp']).toBe('string');
    expect(second).toMatchObject({ level: 'warn', message: 'slow' });
  });

  it('drops entries below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.error('shown');
    expect(lines().map((l) => l['message'])).toEqual(['shown']);
  });

  it('merges the async request context into every line, explicit fields winning', async () => {
    const { logger, lines } = capture();
    await runWithLogContext({ requestId: 'r-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      setLogContext({ clientId: 'app-7' });
      logger.info('inside');
      runWithLogContext({ messageControlId: 'MSG00001' }, () => logger.info('nested'));
      logger.info('override', { requestId: 'explicit' });
    });
    logger.info('outside');
    expect(lines()).toEqual([
      expect.objectContaining({ message: 'inside', requestId: 'r-1', clientId: 'app-7' }),
      expect.objectContaining({ message: 'nested', requestId: 'r-1', messageControlId: 'MSG00001' }),
      expect.objectContaining({ message: 'override', requestId: 'explicit' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  it.each(['resource', 'body', 'name', 'birthDate', 'identifier', 'telecom', 'address'])(
    'redacts %s at any depth above debug', (key) => {
      const { logger, lines } = capture();
      logger.info('write', { [key]: patient, nested: { list: [{ [key]: 'Chalmers' }] }, resourceType: 'Patient', id: 'p1' });
      const [line] = lines();
      expect(line).toMatchObject({ [key]: REDACTED, nested: { list: [{ [key]: REDACTED }] }, resourceType: 'Patient', id: 'p1' });
      expect(JSON.stringify(line)).not.toContain('Chalmers');
    });

  it.each(['error', 'warn', 'info', 'http'])('redacts at %s', (level) => {
    const { logger, lines } = capture('debug');
    logger.log(level, 'x', { resource: patient });
    expect(lines()[0]?.['resource']).toBe(REDACTED);
  });

  it('keeps bodies at debug level and does not touch the caller\'s object', () => {
    const { logger, lines } = capture('debug');
    const meta = { resource: patient };
    logger.debug('body', meta);
    logger.info('body', meta);
    expect(lines()[0]?.['resource']).toEqual(patient);
    expect(lines()[1]?.['resource']).toBe(REDACTED);
    expect(meta.resource).toBe(patient);
    expect(patient.name[0]?.family).toBe('Chalmers');
  });

  it('serialises errors (with stack) and survives cycles', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { id: 'c' };
    cyclic['self'] = cyclic;
    logger.error('failed', { err: new TypeError('boom'), cyclic });
    const [line] = lines();
    expect(line?.['err']).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('boom') });
    expect(line?.['cyclic']).toEqual({ id: 'c', self: '[circular]' });
  });
});

describe('httpLogMiddleware', () => {
  it.each([
    ['abc-123', 'abc-123'],
    ['bad id with spaces', undefined],
    [undefined, undefined],
  ])('request id from header %j', (header, expected) => {
    const id = requestIdFrom(header);
    if (expected === undefined) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    else expect(id).toBe(expected);
  });

  it('gives each request a context and logs method, path and status but not the query', async () => {
    const { logger, lines } = capture();
    const mw = httpLogMiddleware(logger);
    const server = http.createServer((req, res) => mw(req, res, () => {
      setLogContext({ clientId: 'app-9' });
      logger.info('handling');
      res.statusCode = 201;
      res.end();
    }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/fhir/Patient?name=Chalmers`, { headers: { 'X-Request-Id': 'req-42' } });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    await new Promise<void>((r) => server.close(() => r()));
    expect(lines()).toEqual([
      expect.objectContaining({ message: 'handling', requestId: 'req-42' }),
      expect.objectContaining({ message: 'request', requestId: 'req-42', clientId: 'app-9', method: 'GET', path: '/fhir/Patient', status: 201 }),
    ]);
    expect(JSON.stringify(lines())).not.toContain('Chalmers');
  });

  it('logs a request the client abandoned, once, marked aborted', async () => {
    const { logger, lines } = capture();
    const mw = httpLogMiddleware(logger);
    let closed: () => void = () => undefined;
    const gone = new Promise<void>((r) => { closed = r; });
    const server = http.createServer((req, res) => mw(req, res, () => {
      res.on('close', () => setTimeout(closed, 10)); // never answered
    }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const ac = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/slow`, { signal: ac.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await pending;
    await gone;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    expect(lines()).toEqual([expect.objectContaining({ message: 'request', path: '/slow', aborted: true })]);
  });
});
