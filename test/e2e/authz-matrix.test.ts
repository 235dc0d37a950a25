/**
 * The enforcement matrix: every interaction × scope form (v1 / v2, wildcard, specific type, category
 * restricted) × patient / user / system context, over real HTTP (fast read path in front of the app),
 * with real signed tokens; each row states the status and the ids the caller sees.
 * See docs/authorization.md. https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY, idsOf, startAuthzWorld, type AuthzWorld } from './support/authz-fixture.js';

/** The token forms of the matrix. */
const TOKENS = {
  sysAll: ['system/*.cruds', {}],
  sysObsV1: ['system/Observation.read', {}],
  patAllV2: ['patient/*.cruds', { patient: 'p1' }],
  patAllV1: ['patient/*.*', { patient: 'p1' }],
  patObsV1: ['patient/Observation.read', { patient: 'p1' }],
  patLab: ['patient/Observation.rs?category=laboratory patient/Patient.rs', { patient: 'p1' }],
  patLabWrite: [`patient/Observation.crus?category=${CATEGORY}|laboratory`, { patient: 'p1' }],
  userPatient: ['user/*.rs user/Observation.c', { fhirUser: 'Patient/p1' }],
  userDoctor: ['user/*.rs', { fhirUser: 'Practitioner/dr1' }],
  userDoctorWrite: ['user/Observation.write', { fhirUser: 'Practitioner/dr1' }],
} as const satisfies Record<string, readonly [string, { patient?: string; fhirUser?: string }]>;
type TokenName = keyof typeof TOKENS;

const obs = (id: string | undefined, patient: string, category = 'laboratory'): Record<string, unknown> => ({
  resourceType: 'Observation', ...(id !== undefined && { id }), status: 'final', subject: { reference: `Patient/${patient}` },
  category: [{ coding: [{ system: CATEGORY, code: category }] }], code: { text: 'x' },
});
const bundle = (type: 'transaction' | 'batch', ...requests: [string, string, unknown?][]): Record<string, unknown> => ({
  resourceType: 'Bundle', type, entry: requests.map(([method, url, resource]) => ({ request: { method, url }, ...(resource !== undefined && { resource }) })),
});

const P1_OBS = ['p1-lab', 'p1-vital'];
const ALL_OBS = ['p1-lab', 'p1-vital', 'p2-lab', 'p2-vital'];

type Row = [TokenName, string, string, number, unknown, string[]?];

const READ_ROWS: Row[] = [
  // read (fast path for cached tokens)
  ['sysAll', 'GET', 'Observation/p2-lab', 200, undefined, ['p2-lab']],
  ['sysObsV1', 'GET', 'Observation/p2-lab', 200, undefined, ['p2-lab']],
  ['sysObsV1', 'GET', 'Condition/p1-cond', 403, undefined],
  ['patAllV2', 'GET', 'Observation/p1-lab', 200, undefined, ['p1-lab']],
  ['patAllV2', 'GET', 'Observation/p2-lab', 404, undefined],
  ['patAllV2', 'GET', 'Patient/p2', 404, undefined],
  ['patAllV2', 'GET', 'Medication/med1', 200, undefined, ['med1']],
  ['patAllV1', 'GET', 'Condition/p1-cond', 200, undefined, ['p1-cond']],
  ['patAllV1', 'GET', 'Condition/p2-cond', 404, undefined],
  ['patObsV1', 'GET', 'Observation/p1-vital', 200, undefined, ['p1-vital']],
  ['patObsV1', 'GET', 'Condition/p1-cond', 403, undefined],
  ['patLab', 'GET', 'Observation/p1-lab', 200, undefined, ['p1-lab']],
  ['patLab', 'GET', 'Observation/p1-vital', 403, undefined],
  ['patLab', 'GET', 'Observation/p2-lab', 404, undefined],
  ['userPatient', 'GET', 'Observation/p1-lab', 200, undefined, ['p1-lab']],
  ['userPatient', 'GET', 'Observation/p2-lab', 404, undefined],
  ['userDoctor', 'GET', 'Observation/p2-lab', 200, undefined, ['p2-lab']],
  ['userDoctorWrite', 'GET', 'Observation/p1-lab', 403, undefined],
  // vread
  ['patAllV2', 'GET', 'Observation/p1-lab/_history/1', 200, undefined, ['p1-lab']],
  ['patAllV2', 'GET', 'Observation/p2-lab/_history/1', 404, undefined],
  ['patLab', 'GET', 'Observation/p1-vital/_history/1', 403, undefined],
  // type search
  ['sysObsV1', 'GET', 'Observation', 200, undefined, ALL_OBS],
  ['patAllV2', 'GET', 'Observation', 200, undefined, P1_OBS],
  ['patAllV2', 'GET', 'Observation?patient=p2', 200, undefined, []],
  ['patAllV2', 'GET', 'Patient', 200, undefined, ['p1']],
  ['patObsV1', 'GET', 'Observation', 200, undefined, P1_OBS],
  ['patObsV1', 'GET', 'Encounter', 403, undefined],
  ['patLab', 'GET', 'Observation', 200, undefined, ['p1-lab']],
  ['patLab', 'GET', 'Observation?category=vital-signs', 200, undefined, []],
  ['userPatient', 'GET', 'Observation', 200, undefined, P1_OBS],
  ['userDoctor', 'GET', 'Observation', 200, undefined, ALL_OBS],
  ['userDoctorWrite', 'GET', 'Observation', 403, undefined],
  // chained and _has
  ['patAllV2', 'GET', 'Observation?subject:Patient.family=Beta', 200, undefined, []],
  ['patAllV2', 'GET', 'Observation?subject:Patient.family=Alpha', 200, undefined, P1_OBS],
  ['userDoctor', 'GET', 'Observation?subject:Patient.family=Beta', 200, undefined, ['p2-lab', 'p2-vital']],
  ['patAllV2', 'GET', 'Patient?_has:Observation:subject:category=laboratory', 200, undefined, ['p1']],
  ['userDoctor', 'GET', 'Patient?_has:Observation:subject:category=laboratory', 200, undefined, ['p1', 'p2']],
  ['patAllV2', 'GET', 'Medication?_has:MedicationRequest:medication:subject=Patient/p2', 403, undefined],
  ['patAllV2', 'GET', 'Practitioner?_has:Observation:performer:subject=Patient/p2', 403, undefined],
  // includes
  ['patAllV2', 'GET', 'MedicationRequest?_include=MedicationRequest:medication', 200, undefined, ['med1', 'p1-mr']],
  ['patAllV2', 'GET', 'Patient?_revinclude=Observation:subject', 200, undefined, ['p1', ...P1_OBS]],
  ['patLab', 'GET', 'Patient?_revinclude=Observation:subject', 200, undefined, ['p1', 'p1-lab']],
  ['patAllV2', 'GET', 'Practitioner?_revinclude=Observation:performer&_include:iterate=Observation:subject', 200, undefined, ['dr1', 'p1', ...P1_OBS]],
  ['userDoctor', 'GET', 'Practitioner?_revinclude=Observation:performer&_include:iterate=Observation:subject', 200, undefined, ['dr1', 'p1', 'p2', ...ALL_OBS]],
  ['patObsV1', 'GET', 'Observation?_include=Observation:subject', 403, undefined],
  ['patLab', 'GET', 'Encounter?_revinclude=Observation:encounter', 403, undefined],
  // types outside the compartment definition
  ['patAllV2', 'GET', 'Binary/bin1', 403, undefined],
  ['patAllV2', 'GET', 'Binary', 403, undefined],
  ['sysAll', 'GET', 'Binary/bin1', 200, undefined, ['bin1']],
  ['patAllV2', 'GET', 'Device', 200, undefined, ['p1-dev']],
  ['patAllV2', 'GET', 'Device/p1-dev', 200, undefined, ['p1-dev']],
  ['patAllV2', 'GET', 'Device/p2-dev', 403, undefined],
  ['userDoctor', 'GET', 'Device', 200, undefined, ['p1-dev', 'p2-dev']],
  ['patAllV2', 'GET', 'Practitioner', 200, undefined, ['dr1']],
  // system and compartment search
  ['patAllV2', 'GET', '?_type=Observation,Condition', 200, undefined, ['p1-cond', ...P1_OBS]],
  ['patObsV1', 'GET', '?_type=Observation', 200, undefined, P1_OBS],
  ['patObsV1', 'GET', '?_type=Observation,Condition', 403, undefined],
  ['patObsV1', 'GET', '', 403, undefined],
  ['patAllV2', 'GET', 'Patient/p1/Observation', 200, undefined, P1_OBS],
  ['patAllV2', 'GET', 'Patient/p2/Observation', 403, undefined],
  ['patLab', 'GET', 'Patient/p1/Observation', 200, undefined, ['p1-lab']],
  ['userDoctor', 'GET', 'Patient/p2/Condition', 200, undefined, ['p2-cond']],
  // history
  ['patAllV2', 'GET', 'Observation/p1-lab/_history', 200, undefined, ['p1-lab']],
  ['patAllV2', 'GET', 'Observation/p2-lab/_history', 404, undefined],
  ['patAllV2', 'GET', 'Observation/_history', 200, undefined, P1_OBS],
  ['patLab', 'GET', 'Observation/_history', 200, undefined, ['p1-lab']],
  ['patObsV1', 'GET', '_history', 403, undefined],
  ['sysObsV1', 'GET', 'Observation/_history', 200, undefined, ALL_OBS],
];

/** Rows that write: they run after the read-only checks. */
const WRITE_ROWS: Row[] = [
  // create
  ['patAllV2', 'POST', 'Observation', 201, obs(undefined, 'p1')],
  ['patAllV2', 'POST', 'Observation', 403, obs(undefined, 'p2')],
  ['patObsV1', 'POST', 'Observation', 403, obs(undefined, 'p1')],
  ['patLab', 'POST', 'Observation', 403, obs(undefined, 'p1')],
  ['patLabWrite', 'POST', 'Observation', 201, obs(undefined, 'p1')],
  ['patLabWrite', 'POST', 'Observation', 403, obs(undefined, 'p1', 'vital-signs')],
  ['userPatient', 'POST', 'Observation', 201, obs(undefined, 'p1')],
  ['userPatient', 'POST', 'Observation', 403, obs(undefined, 'p2')],
  ['userDoctorWrite', 'POST', 'Observation', 201, obs(undefined, 'p2')],
  ['sysObsV1', 'POST', 'Observation', 403, obs(undefined, 'p2')],
  // update, patch, delete and conditional variants
  ['patAllV2', 'PUT', 'Observation/m-upd', 201, obs('m-upd', 'p1')],
  ['patAllV2', 'PUT', 'Observation/p2-vital', 404, obs('p2-vital', 'p1')],
  ['patAllV2', 'PUT', 'Observation/m-upd', 403, obs('m-upd', 'p2')],
  ['patLabWrite', 'PUT', 'Observation/m-upd', 200, obs('m-upd', 'p1')],
  ['patLabWrite', 'PUT', 'Observation/p1-vital', 403, obs('p1-vital', 'p1')],
  ['patAllV2', 'PATCH', 'Observation/m-upd', 200, [{ op: 'replace', path: '/status', value: 'amended' }]],
  ['patAllV2', 'PATCH', 'Observation/p2-lab', 404, [{ op: 'replace', path: '/status', value: 'amended' }]],
  ['patLabWrite', 'PATCH', 'Observation/m-upd', 403, [{ op: 'replace', path: '/status', value: 'final' }]],
  ['patAllV2', 'PUT', 'Observation?_id=p2-lab', 201, obs(undefined, 'p1')],
  ['patAllV2', 'DELETE', 'Condition/p2-cond', 404, undefined],
  ['patObsV1', 'DELETE', 'Observation/m-upd', 403, undefined],
  ['patLabWrite', 'DELETE', 'Observation?status=final', 403, undefined],
  ['userDoctorWrite', 'DELETE', 'Observation/m-upd', 204, undefined],
  // operations
  ['patAllV2', 'POST', 'Observation/$validate', 200, obs(undefined, 'p1')],
  ['sysObsV1', 'POST', 'Condition/$validate', 403, { resourceType: 'Condition', subject: { reference: 'Patient/p1' } }],
  ['patAllV2', 'GET', 'Observation/p1-lab/$meta', 200, undefined],
  ['patAllV2', 'GET', 'Observation/p2-lab/$meta', 404, undefined],
  ['patLab', 'GET', 'Observation/p1-vital/$meta', 403, undefined],
  ['patObsV1', 'POST', 'Observation/p1-lab/$meta-add', 403, { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [{ code: 'x' }] } }] }],
  ['patAllV2', 'POST', '$reindex', 403, undefined],
  // transaction / batch
  ['patAllV2', 'POST', '', 200, bundle('transaction', ['GET', 'Observation/p1-lab']), ['p1-lab']],
  ['patAllV2', 'POST', '', 403, bundle('transaction', ['POST', 'Observation', obs(undefined, 'p2')])],
  ['patObsV1', 'POST', '', 403, bundle('transaction', ['GET', 'Observation/p1-lab'], ['GET', 'Condition/p1-cond'])],
  ['patAllV2', 'POST', '', 200, bundle('transaction', ['GET', 'Observation?_count=50'])],
  ['patLab', 'POST', '', 403, bundle('transaction', ['GET', 'Observation/p1-lab'], ['PUT', 'Observation/p1-lab', obs('p1-lab', 'p1')])],
];

async function checkRow(...[name, method, path, status, body, ids]: Row): Promise<void> {
  // Twice: the first read verifies the token on the full path, the second is served by the fast path.
  const res = await w.call(tokens.get(name), method, path, body);
  expect(res.status, res.text).toBe(status);
  if (ids !== undefined) expect(idsOf(res.body)).toEqual([...ids].sort());
  if (status === 403) {
    expect((res.body as { resourceType: string; issue: { code: string }[] }).issue[0]?.code).toBe('forbidden');
  }
  if (method === 'GET' && !path.includes('?') && status === 200) {
    const again = await w.call(tokens.get(name), method, path, body);
    expect(again.status).toBe(200);
    expect(idsOf(again.body)).toEqual(idsOf(res.body));
  }
}

let w: AuthzWorld;
const tokens = new Map<TokenName, string>();
beforeAll(async () => {
  w = await startAuthzWorld();
  for (const [name, [scope, context]] of Object.entries(TOKENS)) tokens.set(name as TokenName, await w.token(scope, context));
});
afterAll(async () => {
  await w.close();
});

describe('authorization matrix', () => {
  it.each(READ_ROWS)('%s %s /fhir/%s → %s', checkRow);

  it('batch: a refused entry is 403, the others run; reads outside the restriction are 403 entries', async () => {
    const res = await w.call(tokens.get('patObsV1'), 'POST', '', bundle('batch', ['GET', 'Observation/p1-lab'], ['GET', 'Condition/p1-cond'], ['GET', 'Observation/p2-lab']));
    expect(res.status).toBe(200);
    const statuses = (res.body as { entry: { response: { status: string } }[] }).entry.map((e) => e.response.status.slice(0, 3));
    expect(statuses).toEqual(['200', '403', '404']);
    const lab = await w.call(tokens.get('patLab'), 'POST', '', bundle('batch', ['GET', 'Observation/p1-vital'], ['GET', 'Observation'], ['GET', 'Patient?_revinclude=Observation:subject']));
    const entries = (lab.body as { entry: { response: { status: string }; resource?: unknown }[] }).entry;
    expect(entries.map((e) => e.response.status.slice(0, 3))).toEqual(['403', '200', '200']);
    expect(idsOf(entries[1]?.resource)).toEqual(['p1-lab']);
    expect(idsOf(entries[2]?.resource)).toEqual(['p1', 'p1-lab']);
  });

  it('a confined transaction search sees only the compartment', async () => {
    const res = await w.call(tokens.get('patAllV2'), 'POST', '', bundle('transaction', ['GET', 'Condition'], ['GET', 'Patient/p1/Encounter']));
    const entries = (res.body as { entry: { resource?: unknown }[] }).entry;
    expect(idsOf(entries[0]?.resource)).toEqual(['p1-cond']);
    expect(idsOf(entries[1]?.resource)).toEqual(['p1-enc']);
  });

  it('missing, malformed and forged tokens are 401 with WWW-Authenticate', async () => {
    for (const token of [undefined, 'not-a-jwt', `${tokens.get('patAllV2') ?? ''}x`]) {
      const res = await w.call(token, 'GET', 'Observation/p1-lab');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="fhir"/);
    }
  });

  it('a patient/ token without a patient claim grants nothing', async () => {
    const res = await w.call(await w.token('patient/*.rs'), 'GET', 'Observation');
    expect(res.status).toBe(403);
  });

  it.each(WRITE_ROWS)('%s %s /fhir/%s → %s', checkRow);
});
