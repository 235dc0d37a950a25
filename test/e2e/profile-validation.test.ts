/**
 * US Core profile validation over HTTP: `$validate?profile=` (GET-less POST, raw resource and
 * Parameters bodies) and writes claiming a profile in `meta.profile`, against the real repository.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import type { OperationOutcome } from 'fhir/r4.js';
import { createProfileValidator, loadProfileDefinitions } from '../../src/validation/profile/index.js';
import { fixtureCodeValidator, PROFILES_DIR, US_CORE, usCorePatient } from '../../src/validation/profile/test-support/us-core-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FHIR = 'application/fhir+json';
const PATIENT_PROFILE = `${US_CORE}/us-core-patient`;

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp({
    profiles: createProfileValidator({ profiles: loadProfileDefinitions(PROFILES_DIR), validateCode: fixtureCodeValidator }),
    repository: { referentialIntegrity: false },
  });
  token = await t.token();
});
afterAll(async () => {
  await t.close();
});

const post = (path: string, body: object) => request(t.app).post(path).auth(token, { type: 'bearer' }).type(FHIR).send(body);
const put = (path: string, body: object) => request(t.app).put(path).auth(token, { type: 'bearer' }).type(FHIR).send(body);
const errors = (o: OperationOutcome) => o.issue.filter((i) => i.severity === 'error');

/** A US Core Patient without the profile claim (so only `?profile=` applies). */
function unclaimed(): Record<string, unknown> {
  const { meta: _meta, ...rest } = usCorePatient();
  return rest;
}

describe('$validate with a profile', () => {
  it('answers 200 with no errors for a valid US Core Patient', async () => {
    const res = await post(`/fhir/Patient/$validate?profile=${encodeURIComponent(PATIENT_PROFILE)}`, unclaimed());
    expect(res.status).toBe(200);
    expect(errors(res.body as OperationOutcome)).toEqual([]);
  });

  it('reports the path and rule of each profile error (query parameter)', async () => {
    const p = unclaimed();
    delete p['gender'];
    p['identifier'] = [{ value: '1032702' }];
    const res = await post(`/fhir/Patient/$validate?profile=${encodeURIComponent(PATIENT_PROFILE)}`, p);
    expect(res.status).toBe(200);
    const found = errors(res.body as OperationOutcome).map((i) => [i.code, i.expression?.[0], i.diagnostics?.split(':')[0]]);
    expect(found).toEqual(expect.arrayContaining([
      ['required', 'Patient.gender', 'min cardinality 1 (us-core-patient Patient.gender)'],
      ['required', 'Patient.identifier[0].system', 'min cardinality 1 (us-core-patient Patient.identifier.system)'],
    ]));
  });

  it('takes the profile from a Parameters body', async () => {
    const p = unclaimed();
    p['name'] = [{ text: 'Amy' }];
    const res = await post('/fhir/Patient/$validate', {
      resourceType: 'Parameters',
      parameter: [{ name: 'resource', resource: p }, { name: 'profile', valueUri: PATIENT_PROFILE }],
    });
    expect(res.status).toBe(200);
    expect(errors(res.body as OperationOutcome)).toContainEqual(expect.objectContaining({ code: 'invariant', expression: ['Patient'] }));
    expect(errors(res.body as OperationOutcome)[0]?.diagnostics).toMatch(/^us-core-6 /);
  });

  it('warns (and does not fail) for a profile it does not know', async () => {
    const res = await post(`/fhir/Patient/$validate?profile=${encodeURIComponent('http://example.org/StructureDefinition/unknown')}`, unclaimed());
    expect(res.status).toBe(200);
    expect((res.body as OperationOutcome).issue).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'not-supported' }));
    expect(errors(res.body as OperationOutcome)).toEqual([]);
  });
});

describe('writes claiming a profile', () => {
  it('rejects a POST whose meta.profile the resource does not meet (400 with the issues)', async () => {
    const p = usCorePatient();
    delete p['id'];
    delete p['name'];
    const res = await post('/fhir/Patient', p);
    expect(res.status).toBe(400);
    const o = res.body as OperationOutcome;
    expect(o.resourceType).toBe('OperationOutcome');
    expect(errors(o)).toContainEqual(expect.objectContaining({ code: 'required', expression: ['Patient.name'] }));
  });

  it('accepts a conformant one', async () => {
    const p = usCorePatient();
    delete p['id'];
    const res = await post('/fhir/Patient', p);
    expect(res.status).toBe(201);
  });

  it('rejects a PUT of an Observation claiming US Core lab without the laboratory category', async () => {
    const res = await put('/fhir/Observation/lab1', {
      resourceType: 'Observation', id: 'lab1', meta: { profile: [`${US_CORE}/us-core-observation-lab`] },
      status: 'final', category: [{ text: 'lab' }], code: { text: 'Potassium' }, subject: { reference: 'Patient/example' },
      effectiveDateTime: '2005-07-05', valueString: 'normal',
    });
    expect(res.status).toBe(400);
    expect(errors(res.body as OperationOutcome)).toContainEqual(expect.objectContaining({ expression: ['Observation.category'] }));
  });

  it('accepts a write claiming an unknown profile', async () => {
    const res = await post('/fhir/Patient', { resourceType: 'Patient', meta: { profile: ['http://example.org/StructureDefinition/unknown'] }, name: [{ family: 'X' }] });
    expect(res.status).toBe(201);
  });
});
