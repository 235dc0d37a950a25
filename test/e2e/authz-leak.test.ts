/**
 * The leak test: two patients with the same kinds of data; tokens confined to p1 (patient/ scopes of
 * every form, and user/ scopes of a Patient fhirUser) try every read path — read, vread, search of every
 * type (chained, `_has`, `_include`, `_revinclude`, `:iterate`), history at each level, compartment URLs,
 * `$meta`, `$everything` (instance and type level), system search, transactions and batches — and never
 * see anything of p2. See docs/authorization.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthzWorld, type AuthzWorld } from './support/authz-fixture.js';

const TYPES = ['Patient', 'Observation', 'Encounter', 'Condition', 'MedicationRequest', 'Procedure', 'Device'];
const P2_REFS = ['Patient/p2', 'Observation/p2-lab', 'Observation/p2-vital', 'Encounter/p2-enc', 'Condition/p2-cond', 'MedicationRequest/p2-mr', 'Procedure/p2-proc', 'Device/p2-dev'];
const P2_IDS = [...P2_REFS.map((r) => r.split('/')[1] ?? ''), 'implant-p2', 'bin1'];

/** Every GET path a confined token might use to reach p2's data. */
const PATHS: string[] = [
  ...P2_REFS,
  ...P2_REFS.map((r) => `${r}/_history/1`),
  ...P2_REFS.map((r) => `${r}/_history`),
  ...P2_REFS.map((r) => `${r}/$meta`),
  ...TYPES,
  ...TYPES.map((t) => `${t}/_history`),
  ...TYPES.filter((t) => t !== 'Patient').map((t) => `Patient/p2/${t}`),
  '_history',
  '?_type=Observation,Condition,Encounter,Patient,MedicationRequest,Procedure',
  'Observation?patient=p2',
  'Observation?subject=Patient/p2',
  'Observation?_id=p2-lab,p2-vital',
  'Observation?subject:Patient.family=Beta',
  'Observation?encounter.subject=Patient/p2',
  'Patient?_has:Observation:subject:category=laboratory',
  'Patient?_has:Condition:subject:code:text=asthma',
  'Patient?_revinclude=*',
  'Patient?_revinclude=Observation:subject&_revinclude=Condition:subject&_revinclude=Encounter:subject',
  'Encounter?_revinclude=Observation:encounter&_include:iterate=Observation:subject',
  'Practitioner?_revinclude=Observation:performer&_include:iterate=Observation:subject&_revinclude:iterate=Condition:subject',
  'Practitioner?_revinclude=Patient:general-practitioner',
  'Medication?_revinclude=MedicationRequest:medication&_include:iterate=MedicationRequest:subject',
  'MedicationRequest?_include=*&_include:iterate=Patient:general-practitioner',
  'Observation?_include=Observation:subject&_include=Observation:encounter&_revinclude:iterate=Procedure:subject',
  'Medication?_has:MedicationRequest:medication:subject=Patient/p2',
  'Binary',
  'Binary/bin1',
  'Device?patient=Patient/p2',
  'Patient?_revinclude=Device:patient',
  '?_type=Device,Binary',
  '?_count=100',
  '$meta',
  'Observation/$meta',
  'Patient/p2/$everything',
  'Patient/p2/$everything?_type=Observation,Medication',
  'Patient/p1/$everything',
  'Patient/p1/$everything?_type=Observation,Device,Binary,Medication,Practitioner&_count=2',
  'Patient/p1/$everything?_since=2000-01-01T00:00:00Z',
  'Patient/$everything',
];

/**
 * The JSON of a response to search for p2's ids in, without what echoes the request: links (the query)
 * and the diagnostics of error outcomes ("Observation/p2-lab not found").
 */
function content(body: unknown): string {
  return JSON.stringify(body, (k, v: unknown) => (k === 'link' || k === 'diagnostics' || k === 'expression' ? undefined : v));
}

const seesP2 = (text: string): string | undefined => P2_IDS.find((id) => new RegExp(`\\b${id}\\b(?!-)`).test(text));

/** Token forms confined to p1: scope and context. */
const CONFINED: Record<string, [string, { patient?: string; fhirUser?: string }]> = {
  'patient/*.rs': ['patient/*.rs', { patient: 'p1' }],
  'patient/*.read (v1)': ['patient/*.read', { patient: 'p1' }],
  'patient/Observation.rs?category=laboratory': ['patient/Observation.rs?category=laboratory patient/Patient.rs patient/Encounter.rs', { patient: 'p1' }],
  'user/*.rs of a Patient fhirUser': ['user/*.rs', { fhirUser: 'Patient/p1' }],
  'patient/*.cruds and user/*.rs of a Patient fhirUser': ['patient/*.cruds user/*.rs', { patient: 'p1', fhirUser: 'Patient/p1' }],
};

let w: AuthzWorld;
const confined: Record<string, string> = {};
beforeAll(async () => {
  w = await startAuthzWorld();
  for (const [name, [scope, context]] of Object.entries(CONFINED)) confined[name] = await w.token(scope, context);
});
afterAll(async () => {
  await w.close();
});

describe.each(Object.keys(CONFINED))('a token confined to p1 (%s)', (name) => {
  it.each(PATHS)('GET /fhir/%s shows nothing of p2', async (path) => {
    const res = await w.call(confined[name], 'GET', path);
    expect([200, 403, 404]).toContain(res.status);
    if (res.status === 200) expect(seesP2(content(res.body)), content(res.body).slice(0, 400)).toBeUndefined();
  });

  it('a transaction and a batch of every path show nothing of p2', async () => {
    for (const type of ['batch', 'transaction'] as const) {
      const paths = type === 'batch' ? PATHS.filter((p) => !p.includes('$')) : PATHS.filter((p) => !p.includes('$') && !P2_REFS.some((r) => p.startsWith(r)) && !p.startsWith('Patient/p2'));
      const bundle = { resourceType: 'Bundle', type, entry: paths.map((url) => ({ request: { method: 'GET', url } })) };
      const res = await w.call(confined[name], 'POST', '', bundle);
      expect([200, 403]).toContain(res.status);
      if (res.status === 200) expect(seesP2(content(res.body)), content(res.body).slice(0, 2000)).toBeUndefined();
    }
  });

  it('writes cannot touch or point into p2', async () => {
    const token = confined[name];
    const attempts: [string, string, unknown][] = [
      ['PUT', 'Observation/p2-lab', { resourceType: 'Observation', id: 'p2-lab', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p2' } }],
      ['POST', 'Condition', { resourceType: 'Condition', subject: { reference: 'Patient/p2' } }],
      ['DELETE', 'Condition/p2-cond', undefined],
      ['PATCH', 'Procedure/p2-proc', [{ op: 'replace', path: '/status', value: 'stopped' }]],
    ];
    for (const [method, path, body] of attempts) {
      const res = await w.call(token, method, path, body);
      expect([403, 404], `${method} ${path}`).toContain(res.status);
    }
    const admin = await w.t.token();
    const still = await w.call(admin, 'GET', 'Condition/p2-cond');
    expect(still.status).toBe(200);
  });
});
