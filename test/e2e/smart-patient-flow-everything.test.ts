/**
 * `$everything` over HTTP under each kind of token: what a system, patient, granular and Practitioner
 * token sees, the type-level form, POST with a Parameters body, and the refusals. Tokens are real,
 * minted by the app's token service (support/authz-fixture.ts). See docs/authorization.md.
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from 'fhir/r4.js';
import { startAuthzWorld, type AuthzWorld } from './support/authz-fixture.js';

let w: AuthzWorld;
beforeAll(async () => {
  w = await startAuthzWorld();
});
afterAll(async () => {
  await w.close();
});

const keys = (b: unknown): string[] => ((b as Bundle).entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();
const P1_COMPARTMENT = ['Condition/p1-cond', 'Encounter/p1-enc', 'MedicationRequest/p1-mr', 'Observation/p1-lab', 'Observation/p1-vital', 'Patient/p1', 'Procedure/p1-proc'];

describe('$everything by token kind', () => {
  it.each<[string, string, { patient?: string; fhirUser?: string }, string, string[]]>([
    ['system/*.rs', 'system/*.rs', {}, 'Patient/p1/$everything',
      [...P1_COMPARTMENT, 'Device/p1-dev', 'Medication/med1', 'Practitioner/dr1'].sort()],
    ['patient/*.rs for p1 (type level)', 'patient/*.rs', { patient: 'p1' }, 'Patient/$everything',
      [...P1_COMPARTMENT, 'Device/p1-dev', 'Medication/med1', 'Practitioner/dr1'].sort()],
    ['granular: laboratory Observations and the Patient', 'patient/Observation.rs?category=laboratory patient/Patient.rs', { patient: 'p1' }, 'Patient/p1/$everything',
      ['Observation/p1-lab', 'Patient/p1']],
    ['Practitioner user with user/Patient.rs user/Observation.rs, any patient', 'user/Patient.rs user/Observation.rs', { fhirUser: 'Practitioner/dr1' }, 'Patient/p2/$everything',
      ['Observation/p2-lab', 'Observation/p2-vital', 'Patient/p2']],
    ['_type=Observation,Medication', 'system/*.rs', {}, 'Patient/p1/$everything?_type=Observation,Medication',
      ['Medication/med1', 'Observation/p1-lab', 'Observation/p1-vital']],
  ])('%s', async (_name, scope, context, path, expected) => {
    const res = await w.call(await w.token(scope, context), 'GET', path);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect((res.body as Bundle).type).toBe('searchset');
    expect(keys(res.body)).toEqual(expected);
  });

  it('drops total when entries were filtered by the scopes', async () => {
    const res = await w.call(await w.token('patient/Observation.rs?category=laboratory patient/Patient.rs', { patient: 'p1' }), 'GET', 'Patient/p1/$everything');
    expect((res.body as Bundle).total).toBeUndefined();
  });

  it('POST with a Parameters body', async () => {
    const body = { resourceType: 'Parameters', parameter: [{ name: '_type', valueCode: 'Condition' }, { name: '_count', valueInteger: 5 }] };
    const res = await w.call(await w.token('system/*.rs'), 'POST', 'Patient/p1/$everything', body);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(keys(res.body)).toEqual(['Condition/p1-cond']);
  });

  it('start / end (care dates, as valueDate in a Parameters body): undated resources stay, total is left out', async () => {
    const body = { resourceType: 'Parameters', parameter: [{ name: 'start', valueDate: '2020-01-01' }, { name: 'end', valueDate: '2020-12-31' }, { name: '_type', valueCode: 'Condition,Patient' }] };
    const res = await w.call(await w.token('system/*.rs'), 'POST', 'Patient/p1/$everything', body);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(keys(res.body)).toEqual(['Condition/p1-cond', 'Patient/p1']);
    expect((res.body as Bundle).total).toBeUndefined();
  });

  it.each<[string, string, { patient?: string; fhirUser?: string }, string, number]>([
    ['another patient for a confined token: 404 like a read', 'patient/*.rs', { patient: 'p1' }, 'Patient/p2/$everything', 404],
    ['an unknown patient', 'system/*.rs', {}, 'Patient/nobody/$everything', 404],
    ['no read scope on Patient', 'patient/Observation.rs', { patient: 'p1' }, 'Patient/p1/$everything', 403],
    ['Patient/$everything without a patient context', 'system/*.rs', {}, 'Patient/$everything', 400],
    ['an unsupported parameter', 'system/*.rs', {}, 'Patient/p1/$everything?foo=2020-01-01', 400],
    ['a bad start', 'system/*.rs', {}, 'Patient/p1/$everything?start=soon', 400],
    ['a bad _since', 'system/*.rs', {}, 'Patient/p1/$everything?_since=soon', 400],
    ['on another type', 'system/*.rs', {}, 'Observation/p1-lab/$everything', 404],
  ])('%s → %i', async (_name, scope, context, path, status) => {
    const res = await w.call(await w.token(scope, context), 'GET', path);
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    expect((res.body as { resourceType?: string }).resourceType).toBe('OperationOutcome');
  });

  it('401 without a token', async () => {
    expect((await w.call(undefined, 'GET', 'Patient/p1/$everything')).status).toBe(401);
  });
});
