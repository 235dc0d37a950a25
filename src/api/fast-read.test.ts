import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthService } from '../auth/auth-service.js';
import { parseScopes } from '../auth/scopes.js';
import type { AccessToken } from '../auth/token-service.js';
import { notFound } from '../core/outcomes.js';
import { silentLogger } from '../log/logger.js';
import type { FhirInteractions, RequestContext, ResourceJson } from '../repository/types.js';
import { CompartmentMemo } from './compartment-memo.js';
import { fastRead } from './fast-read.js';

const token = (patient: string): AccessToken => ({ clientId: 'app', scopes: parseScopes('patient/*.rs'), scope: 'patient/*.rs', expiresAt: 4e9, jti: patient, patient });
const tokens: Record<string, AccessToken> = { p1: token('p1'), p2: token('p2') };

/** Observations `o1` (of p1) and `o2` (of p2); the repository's compartment check is counted. */
const owner: Record<string, string> = { o1: 'Patient/p1', o2: 'Patient/p2' };
const version: Record<string, number> = { o1: 1, o2: 1 };
let confinedChecks = 0;
const stored = (id: string): ResourceJson => {
  const meta = { versionId: String(version[id]), lastUpdated: `2030-01-01T00:00:0${version[id]}.000Z` };
  return { json: JSON.stringify({ resourceType: 'Observation', id, meta, subject: { reference: owner[id] } }), meta };
};
const repo = {
  readJson(ctx: RequestContext, _type: string, id: string): Promise<ResourceJson> {
    if (owner[id] === undefined) return Promise.reject(notFound(`Observation/${id} not found`));
    if (ctx.patientCompartment !== undefined) {
      confinedChecks++;
      if (ctx.patientCompartment !== owner[id]) return Promise.reject(notFound(`Observation/${id} not found`));
    }
    return Promise.resolve(stored(id));
  },
} as unknown as FhirInteractions;
const auth = { verifyCached: (t: string) => tokens[t] } as unknown as AuthService;

describe('fastRead with a compartment-confined token', () => {
  let server: Server;
  let base: string;
  let handedOver = 0;
  const memo = new CompartmentMemo(10);
  beforeAll(async () => {
    const fast = fastRead({ repo, auth, logger: silentLogger(), fhirBase: 'http://x/fhir', resourceTypes: ['Observation'], compartmentMemo: memo });
    server = createServer((req, res) => fast(req, res, () => {
      handedOver++;
      res.statusCode = 599;
      res.end();
    }));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const get = async (patient: string, id: string) => {
    const [checks, handed] = [confinedChecks, handedOver];
    const res = await fetch(`${base}/fhir/Observation/${id}`, { headers: { Authorization: `Bearer ${patient}`, Accept: 'application/fhir+json' } });
    return { status: res.status, body: await res.text(), etag: res.headers.get('etag'), checked: confinedChecks - checks, handedOver: handedOver - handed };
  };

  it('checks a version once per compartment, then serves it from the stored text', async () => {
    const first = await get('p1', 'o1');
    expect(first).toMatchObject({ status: 200, checked: 1, handedOver: 0, etag: 'W/"1"' });
    const again = await get('p1', 'o1');
    expect(again).toMatchObject({ status: 200, checked: 0, handedOver: 0 });
    expect(again.body).toBe(first.body);
    // A new version is checked again.
    version['o1'] = 2;
    expect(await get('p1', 'o1')).toMatchObject({ status: 200, checked: 1, etag: 'W/"2"' });
    expect(await get('p1', 'o1')).toMatchObject({ status: 200, checked: 0 });
  });

  it('never remembers a refusal, and keeps compartments apart', async () => {
    for (let i = 0; i < 2; i++) expect(await get('p2', 'o1')).toMatchObject({ status: 599, checked: 1, handedOver: 1 });
    expect(await get('p2', 'o2')).toMatchObject({ status: 200, checked: 1 });
    expect(await get('p1', 'o2')).toMatchObject({ status: 599, checked: 1, handedOver: 1 });
    expect(await get('p1', 'missing')).toMatchObject({ status: 599, handedOver: 1 });
  });

  it('a resource moved out of the compartment is refused at its new version', async () => {
    expect(await get('p2', 'o2')).toMatchObject({ status: 200, checked: 0 });
    owner['o2'] = 'Patient/p1';
    version['o2'] = 2;
    expect(await get('p2', 'o2')).toMatchObject({ status: 599, checked: 1, handedOver: 1 });
  });
});

describe('CompartmentMemo', () => {
  it('is a bounded LRU keyed by compartment, resource and version', () => {
    const v = (versionId: string, lastUpdated = 't') => ({ versionId, lastUpdated });
    const m = new CompartmentMemo(2);
    m.remember('Patient/a', 'Observation', '1', v('1'));
    m.remember('Patient/a', 'Observation', '2', v('1'));
    expect(m.has('Patient/a', 'Observation', '1', v('1'))).toBe(true);
    expect(m.has('Patient/b', 'Observation', '1', v('1'))).toBe(false);
    expect(m.has('Patient/a', 'Observation', '1', v('2'))).toBe(false);
    expect(m.has('Patient/a', 'Observation', '1', v('1', 'u'))).toBe(false);
    m.remember('Patient/a', 'Observation', '3', v('1')); // evicts Observation/2 (least recently used)
    expect(m.has('Patient/a', 'Observation', '2', v('1'))).toBe(false);
    expect(m.has('Patient/a', 'Observation', '1', v('1'))).toBe(true);
    expect(m.size).toBe(2);
    m.remember('Patient/a', 'Observation', '4', { versionId: '1', lastUpdated: undefined }); // no version: not remembered
    expect(m.has('Patient/a', 'Observation', '4', { versionId: '1', lastUpdated: undefined })).toBe(false);
  });
});
