/**
 * Imported systems and UCUM over HTTP: (1) the app from createApp (supertest) with a UCUM-aware service
 * over the imported layer; (2) the assembled gateway (startGateway, real HTTP) over a DATA_DIR holding an
 * import, which proves main.ts picks imported systems up.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Parameters, ValueSet } from 'fhir/r4.js';
import { startTestApp, type TestApp } from '../../../test/e2e/support/test-app.js';
import { loadConfig } from '../../config/config.js';
import { silentLogger } from '../../log/logger.js';
import { startGateway, type RunningGateway } from '../../main.js';
import { TerminologyContent } from '../local/content-registry.js';
import { UcumTerminologyService } from '../ucum/ucum-terminology-service.js';
import { ImportedSystemsLayer } from './imported-layer.js';
import { importedTerminologyDir } from './system-file.js';
import { importedDataDir } from './test-support/imported-fixtures.js';

const q = (o: Record<string, string>): string => new URLSearchParams(o).toString();
const param = (body: unknown, name: string): unknown => {
  const p = (body as Parameters).parameter?.find((x) => x.name === name);
  return p === undefined ? undefined : Object.entries(p).find(([k]) => k.startsWith('value'))?.[1];
};
const codes = (vs: unknown): string[] => ((vs as ValueSet).expansion?.contains ?? []).map((c) => c.code ?? '').sort();

let env: Awaited<ReturnType<typeof importedDataDir>>;
beforeAll(async () => {
  env = await importedDataDir(['loinc', 'snomed']);
});
afterAll(() => env.cleanup());

describe('imported systems over HTTP (createApp)', () => {
  let t: TestApp;
  let token: string;
  const get = (path: string) => request(t.app).get(path).auth(token, { type: 'bearer' });
  beforeAll(async () => {
    const service = new UcumTerminologyService({ content: new TerminologyContent([new ImportedSystemsLayer(importedTerminologyDir(env.dataDir))]), clock: () => new Date('2025-01-01T00:00:00Z') });
    t = await startTestApp({ terminology: { service, content: service.content } });
    token = await t.token();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET CodeSystem/$lookup on LOINC', async () => {
    const res = await get(`/fhir/CodeSystem/$lookup?${q({ system: 'http://loinc.org', code: '2339-0' })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(param(res.body, 'display')).toBe('Glucose [Mass/volume] in Blood');
  });
  it('GET ValueSet/$expand http://loinc.org/vs with a text filter and paging', async () => {
    const res = await get(`/fhir/ValueSet/$expand?${q({ url: 'http://loinc.org/vs', filter: 'hemoglobin', count: '1' })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as ValueSet).expansion?.total).toBe(2);
    expect(codes(res.body)).toHaveLength(1);
  });
  it('POST CodeSystem/$subsumes on SNOMED CT', async () => {
    const body: Parameters = { resourceType: 'Parameters', parameter: [
      { name: 'system', valueUri: 'http://snomed.info/sct' }, { name: 'codeA', valueCode: '64572001' }, { name: 'codeB', valueCode: '44054006' },
    ] };
    const res = await request(t.app).post('/fhir/CodeSystem/$subsumes').auth(token, { type: 'bearer' }).type('application/fhir+json').send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(param(res.body, 'outcome')).toBe('subsumes');
  });
  it.each([['mg/dL', true], ['mg/dLL', false]])('GET CodeSystem/$validate-code UCUM %s → %s', async (code, result) => {
    const res = await get(`/fhir/CodeSystem/$validate-code?${q({ url: 'http://unitsofmeasure.org', code })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(param(res.body, 'result')).toBe(result);
  });
  it('GET CodeSystem/$lookup UCUM gives the unit name', async () => {
    const res = await get(`/fhir/CodeSystem/$lookup?${q({ system: 'http://unitsofmeasure.org', code: 'kg/m2' })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(param(res.body, 'display')).toBe('kilogram per square meter');
  });
  it('an unknown imported code is a 404 on $lookup', async () => {
    const res = await get(`/fhir/CodeSystem/$lookup?${q({ system: 'http://loinc.org', code: '0000-0' })}`);
    expect(res.status).toBe(404);
    expect(res.body.issue[0].code).toBe('not-found');
  });
});

describe('imported systems in the assembled gateway (startGateway)', () => {
  let gw: RunningGateway;
  let auth: string;
  beforeAll(async () => {
    gw = await startGateway(loadConfig({ PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: env.dataDir, BOOTSTRAP_CLIENT_ID: 'import-test', BOOTSTRAP_CLIENT_SECRET: 'import-test-secret-0123456789' }), silentLogger());
    const res = await fetch(`${gw.url}/oauth2/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('import-test:import-test-secret-0123456789').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    auth = `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
  });
  afterAll(async () => {
    await gw.close();
    rmSync(env.dataDir + '/fhir.sqlite', { force: true });
  });

  it.each([
    [`CodeSystem/$lookup?${q({ system: 'http://snomed.info/sct', code: '73211009' })}`, 'display', 'Diabetes mellitus'],
    [`CodeSystem/$validate-code?${q({ url: 'http://loinc.org', code: '8867-4' })}`, 'result', true],
    [`CodeSystem/$validate-code?${q({ url: 'http://unitsofmeasure.org', code: 'mm[Hg]' })}`, 'result', true],
  ])('GET /fhir/%s', async (path, name, value) => {
    const res = await fetch(`${gw.url}/fhir/${path}`, { headers: { Authorization: auth, Accept: 'application/fhir+json' } });
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(param(body, name)).toBe(value);
  });
});
