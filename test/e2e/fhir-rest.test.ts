/** The FHIR REST interactions over HTTP against the real repository and SQLite store. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { defaultSearchParamRegistry } from '../../src/core/search/registry.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let token: string;
const FHIR = 'application/fhir+json';

beforeAll(async () => {
  t = await startTestApp();
  token = await t.token();
});
afterAll(async () => {
  await t.close();
});

const api = {
  get: (path: string) => request(t.app).get(path).auth(token, { type: 'bearer' }),
  post: (path: string, body: unknown, type = FHIR) => request(t.app).post(path).auth(token, { type: 'bearer' }).type(type).send(body as object),
  put: (path: string, body: unknown) => request(t.app).put(path).auth(token, { type: 'bearer' }).type(FHIR).send(body as object),
  patch: (path: string, body: unknown, type: string) => request(t.app).patch(path).auth(token, { type: 'bearer' }).type(type).send(body as object),
  delete: (path: string) => request(t.app).delete(path).auth(token, { type: 'bearer' }),
};

async function createPatient(family: string): Promise<{ id: string; body: Record<string, unknown> }> {
  const res = await api.post('/fhir/Patient', { resourceType: 'Patient', name: [{ family }] }).expect(201);
  return { id: res.body.id as string, body: res.body as Record<string, unknown> };
}

describe('create / read / vread', () => {
  it('201 with Location, ETag, Last-Modified; read 200; vread 200', async () => {
    const res = await api.post('/fhir/Patient', { resourceType: 'Patient', name: [{ family: 'Create' }] }).expect(201);
    const id = res.body.id as string;
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.headers['location']).toBe(`http://gateway.test/fhir/Patient/${id}/_history/1`);
    expect(res.headers['content-location']).toBe(res.headers['location']);
    expect(res.headers['etag']).toBe('W/"1"');
    expect(new Date(res.headers['last-modified'] as string).toUTCString()).toBe(res.headers['last-modified']);
    expect(res.headers['x-request-id']).toBeTruthy();

    const read = await api.get(`/fhir/Patient/${id}`).expect(200);
    expect(read.body.name).toEqual([{ family: 'Create' }]);
    expect(read.headers['etag']).toBe('W/"1"');
    const head = await request(t.app).head(`/fhir/Patient/${id}`).auth(token, { type: 'bearer' }).expect(200);
    expect(head.headers['etag']).toBe('W/"1"');
    const echoed = await api.get(`/fhir/Patient/${id}`).set('X-Request-Id', 'trace-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    await api.get(`/fhir/Patient/${id}/_history/1`).expect(200);
    await api.get(`/fhir/Patient/${id}/_history/2`).expect(404);
    await api.get(`/fhir/Patient/${id}/_history/x`).expect(400);
  });

  it('304 on If-None-Match and If-Modified-Since', async () => {
    const { id } = await createPatient('Cache');
    const res = await api.get(`/fhir/Patient/${id}`).set('If-None-Match', 'W/"1"').expect(304);
    expect(res.text).toBe('');
    await api.get(`/fhir/Patient/${id}`).set('If-None-Match', 'W/"7"').expect(200);
    await api.get(`/fhir/Patient/${id}`).set('If-Modified-Since', new Date(Date.now() + 60_000).toUTCString()).expect(304);
    await api.get(`/fhir/Patient/${id}`).set('If-Modified-Since', new Date(Date.now() - 3_600_000).toUTCString()).expect(200);
  });

  it('Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await api.post('/fhir/Patient', { resourceType: 'Patient' }).set('Prefer', 'return=minimal').expect(201);
    expect(minimal.text).toBe('');
    expect(minimal.headers['location']).toMatch(/\/fhir\/Patient\/[^/]+\/_history\/1$/);
    const oo = await api.post('/fhir/Patient', { resourceType: 'Patient' }).set('Prefer', 'return=OperationOutcome').expect(201);
    expect(oo.body.resourceType).toBe('OperationOutcome');
  });

  it('conditional create with If-None-Exist returns the match (200)', async () => {
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: 'cc-1' }] };
    const first = await api.post('/fhir/Patient', body).set('If-None-Exist', 'identifier=urn:mrn|cc-1').expect(201);
    const second = await api.post('/fhir/Patient', body).set('If-None-Exist', 'identifier=urn:mrn|cc-1').expect(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it('400 when the body type does not match the URL or fails the schema', async () => {
    await api.post('/fhir/Patient', { resourceType: 'Observation' }).expect(400);
    const res = await api.post('/fhir/Patient', { resourceType: 'Patient', gender: 42 }).expect(400);
    expect(res.body.issue[0]).toMatchObject({ code: 'invalid', expression: ['Patient.gender'] });
  });

  it('422 for a reference that does not resolve', async () => {
    const res = await api.post('/fhir/Observation', {
      resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/does-not-exist' },
    }).expect(422);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('update / patch / delete', () => {
  it('update 200 with a new version; If-Match good → 200, stale → 412, malformed → 400', async () => {
    const { id, body } = await createPatient('Upd');
    const res = await api.put(`/fhir/Patient/${id}`, { ...body, gender: 'female' }).expect(200);
    expect(res.headers['etag']).toBe('W/"2"');
    expect(res.headers['location']).toBeUndefined();
    expect(res.headers['content-location']).toBe(`http://gateway.test/fhir/Patient/${id}/_history/2`);
    await api.put(`/fhir/Patient/${id}`, { ...body, gender: 'male' }).set('If-Match', 'W/"2"').expect(200);
    const stale = await api.put(`/fhir/Patient/${id}`, { ...body, gender: 'other' }).set('If-Match', 'W/"1"').expect(412);
    expect(stale.body.issue[0].code).toBe('conflict');
    await api.put(`/fhir/Patient/${id}`, body).set('If-Match', 'three').expect(400);
  });

  it('update with a client id creates (201); If-None-Match: * refuses to overwrite (412)', async () => {
    const p = { resourceType: 'Patient', id: 'client-chosen-1' };
    await api.put('/fhir/Patient/client-chosen-1', p).set('If-None-Match', '*').expect(201);
    await api.put('/fhir/Patient/client-chosen-1', p).set('If-None-Match', '*').expect(412);
    await api.put('/fhir/Patient/client-chosen-2', { resourceType: 'Patient', id: 'other' }).expect(400);
  });

  it('conditional update and delete', async () => {
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: 'cu-1' }] };
    await api.put('/fhir/Patient?identifier=urn:mrn|cu-1', body).expect(201);
    await api.put('/fhir/Patient?identifier=urn:mrn|cu-1', { ...body, active: true }).expect(200);
    await api.delete('/fhir/Patient?identifier=urn:mrn|cu-1').expect(204);
    const after = await api.get('/fhir/Patient?identifier=urn:mrn|cu-1').expect(200);
    expect(after.body.entry ?? []).toHaveLength(0);
  });

  it('JSON Patch and FHIRPath Patch; failing test op → 422', async () => {
    const { id } = await createPatient('Patch');
    const jp = await api.patch(`/fhir/Patient/${id}`, [{ op: 'add', path: '/active', value: true }], 'application/json-patch+json').expect(200);
    expect(jp.body.active).toBe(true);
    const fp = await api.patch(`/fhir/Patient/${id}`, {
      resourceType: 'Parameters',
      parameter: [{ name: 'operation', part: [
        { name: 'type', valueCode: 'replace' }, { name: 'path', valueString: 'Patient.active' }, { name: 'value', valueBoolean: false },
      ] }],
    }, FHIR).expect(200);
    expect(fp.body.active).toBe(false);
    await api.patch(`/fhir/Patient/${id}`, [{ op: 'test', path: '/active', value: true }], 'application/json-patch+json').expect(422);
    await api.patch(`/fhir/Patient/${id}`, { resourceType: 'Patient' }, FHIR).expect(400);
  });

  it('delete 204, then read 410, unknown id 404', async () => {
    const { id } = await createPatient('Del');
    await api.delete(`/fhir/Patient/${id}`).expect(204);
    const goneRes = await api.get(`/fhir/Patient/${id}`).expect(410);
    expect(goneRes.body.issue[0].code).toBe('deleted');
    await api.get('/fhir/Patient/never-existed').expect(404);
    const oo = await api.delete(`/fhir/Patient/${(await createPatient('Del2')).id}`).set('Prefer', 'return=OperationOutcome').expect(200);
    expect(oo.body.resourceType).toBe('OperationOutcome');
  });
});

describe('history, search, compartment, transaction', () => {
  it('instance, type and system history bundles', async () => {
    const { id, body } = await createPatient('Hist');
    await api.put(`/fhir/Patient/${id}`, { ...body, active: true }).expect(200);
    const inst = await api.get(`/fhir/Patient/${id}/_history`).expect(200);
    expect(inst.body).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(inst.body.entry).toHaveLength(2);
    await api.get('/fhir/Patient/_history?_count=2').expect(200);
    await api.get('/fhir/_history?_count=2').expect(200);
  });

  it('GET and POST _search agree; unknown parameter 400 unless lenient', async () => {
    await createPatient('Searchable');
    const get = await api.get('/fhir/Patient?family=Searchable').expect(200);
    expect(get.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(get.body.entry).toHaveLength(1);
    const post = await api.post('/fhir/Patient/_search', 'family=Searchable', 'application/x-www-form-urlencoded').expect(200);
    expect(post.body.entry).toHaveLength(1);
    await api.post('/fhir/Patient/_search', { family: 'x' }).expect(415);
    await api.get('/fhir/Patient?bogus=1').expect(400);
    await api.get('/fhir/Patient?bogus=1').set('Prefer', 'handling=lenient').expect(200);
    await api.get('/fhir?_type=Patient&_count=1').expect(200);
  });

  it('Patient compartment search', async () => {
    const { id } = await createPatient('Comp');
    await api.post('/fhir/Observation', { resourceType: 'Observation', status: 'final', code: { text: 'c' }, subject: { reference: `Patient/${id}` } }).expect(201);
    const res = await api.get(`/fhir/Patient/${id}/Observation`).expect(200);
    expect(res.body.entry).toHaveLength(1);
    await api.get(`/fhir/Patient/${id}/NotAType`).expect(404);
  });

  it('transaction bundle 200; wrong bundle type 400', async () => {
    const res = await api.post('/fhir', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0c3b1c1e-0000-4000-8000-000000000001', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 't' }, subject: { reference: 'urn:uuid:0c3b1c1e-0000-4000-8000-000000000001' } },
          request: { method: 'POST', url: 'Observation' } },
      ],
    }).expect(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    const batch = await api.post('/fhir', {
      resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Patient/never-existed' } }],
    }).expect(200);
    expect(batch.body.type).toBe('batch-response');
    expect(batch.body.entry[0].response.status).toMatch(/^404/);
    await api.post('/fhir', { resourceType: 'Bundle', type: 'collection' }).expect(400);
    await api.post('/fhir', { resourceType: 'Patient' }).expect(400);
  });
});

describe('operations', () => {
  it('$validate type and instance level', async () => {
    const ok = await api.post('/fhir/Patient/$validate', { resourceType: 'Patient' }).expect(200);
    expect(ok.body.resourceType).toBe('OperationOutcome');
    const bad = await api.post('/fhir/Patient/$validate', {
      resourceType: 'Parameters', parameter: [{ name: 'resource', resource: { resourceType: 'Patient', gender: 3 } }],
    }).expect(200);
    expect(bad.body.issue.some((i: { severity: string }) => i.severity === 'error')).toBe(true);
    const { id } = await createPatient('Val');
    await api.get(`/fhir/Patient/${id}/$validate?mode=delete`).expect(200);
    await api.post('/fhir/Patient/$validate', { resourceType: 'Patient' }).query({ mode: 'nonsense' }).expect(400);
  });

  it('$meta, $meta-add, $meta-delete', async () => {
    const { id } = await createPatient('Meta');
    const tag = { system: 'urn:t', code: 'a' };
    const added = await api.post(`/fhir/Patient/${id}/$meta-add`, { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [tag] } }] }).expect(200);
    expect(added.body.parameter[0].valueMeta.tag).toEqual([tag]);
    const read = await api.get(`/fhir/Patient/${id}/$meta`).expect(200);
    const v1 = await api.get(`/fhir/Patient/${id}/_history/1/$meta`).expect(200);
    expect(v1.body.parameter[0].valueMeta.tag ?? []).toEqual([]);
    expect(read.body.parameter[0].valueMeta.tag).toEqual([tag]);
    const removed = await api.post(`/fhir/Patient/${id}/$meta-delete`, { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [tag] } }] }).expect(200);
    expect(removed.body.parameter[0].valueMeta.tag ?? []).toEqual([]);
    await api.post(`/fhir/Patient/${id}/$meta-add`, { resourceType: 'Parameters' }).expect(400);
  });
});

describe('HTTP errors', () => {
  it.each([
    ['unknown type', () => api.get('/fhir/Foo'), 404],
    ['unknown type on read', () => api.get('/fhir/Foo/1'), 404],
    ['unknown route', () => api.get('/fhir/Patient/1/_history/1/extra/more'), 404],
    ['unknown operation', () => api.post('/fhir/Patient/$everything-else', {}), 404],
    ['unknown site path', () => request(t.app).get('/nope'), 404],
    ['bad id', () => api.get('/fhir/Patient/a_b'), 400],
    ['malformed percent-encoding', () => api.get('/fhir/Patient/%ZZ'), 400],
    ['corrupt gzip body', () => api.post('/fhir/Patient', '{}', FHIR).set('Content-Encoding', 'gzip'), 400],
    ['unknown content encoding', () => api.post('/fhir/Patient', '{}', FHIR).set('Content-Encoding', 'x-foo'), 415],
    ['non-object JSON', () => api.post('/fhir/Patient', '"str"', FHIR), 400],
    ['XML Accept', () => api.get('/fhir/Patient').set('Accept', 'application/fhir+xml'), 406],
    ['_format=xml', () => api.get('/fhir/Patient?_format=xml'), 406],
    ['XML body', () => api.post('/fhir/Patient', '<Patient xmlns="http://hl7.org/fhir"/>', 'application/fhir+xml'), 415],
    ['text body', () => api.post('/fhir/Patient', 'hello', 'text/plain'), 415],
    ['malformed JSON', () => api.post('/fhir/Patient', '{"resourceType":', FHIR), 400],
    ['too large', () => api.post('/fhir/Patient', { resourceType: 'Patient', text: { status: 'generated', div: 'x'.repeat(70_000) } }), 413],
    ['JSON Patch on POST', () => api.post('/fhir/Patient', [], 'application/json-patch+json'), 400],
  ])('%s → OperationOutcome', async (_name, send, status) => {
    const res = await send().expect(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
  });

  it.each([
    ['POST', '/fhir/Patient/1', 'GET, PUT, PATCH, DELETE, HEAD'],
    ['DELETE', '/fhir/metadata', 'GET, HEAD'],
    ['PUT', '/fhir/Patient/1/_history', 'GET, HEAD'],
    ['GET', '/fhir/Patient/_search', 'POST'],
  ])('%s %s → 405 with Allow', async (method, path, allow) => {
    const res = await request(t.app)[method.toLowerCase() as 'get'](path).auth(token, { type: 'bearer' }).expect(405);
    expect(res.headers['allow']).toBe(allow);
    expect(res.body.issue[0].code).toBe('not-supported');
  });

  it('accepts Accept: application/fhir+json with fhirVersion and */*', async () => {
    await api.get('/fhir/Patient').set('Accept', 'application/fhir+json; fhirVersion=4.0').expect(200);
    await api.get('/fhir/Patient').set('Accept', 'text/html,*/*;q=0.8').expect(200);
    await api.get('/fhir/Patient?_format=json').expect(200);
  });
});

describe('ops probes and capability statement', () => {
  it('healthz and readyz', async () => {
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/readyz').expect(200);
    const down = await startTestApp({ ready: () => Promise.reject(new Error('store down')) });
    await request(down.app).get('/readyz').expect(503);
    await down.close();
  });

  it('lists interactions, search params, operations and SMART security', async () => {
    const res = await request(t.app).get('/fhir/metadata').expect(200);
    const rest = res.body.rest[0];
    const patient = rest.resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.interaction.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type']),
    );
    expect(patient.searchParam).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'family', type: 'string' })]));
    expect(patient.searchRevInclude).toContain('Observation:subject');
    expect(patient.operation.map((o: { name: string }) => o.name)).toEqual(['validate', 'meta', 'meta-add', 'meta-delete', 'everything']);
    expect(rest.interaction.map((i: { code: string }) => i.code)).toEqual(['transaction', 'batch', 'search-system', 'history-system']);
    expect(rest.security.service[0].coding[0].code).toBe('SMART-on-FHIR');
    expect(rest.security.extension[0].extension).toEqual([{ url: 'token', valueUri: 'http://gateway.test/oauth2/token' }]);
    expect(res.body.format).toEqual(['application/fhir+json', 'json']);
    expect(rest.resource.some((r: { type: string }) => r.type === 'Resource' || r.type === 'DomainResource')).toBe(false);
  });
});

describe('the CapabilityStatement does not over-promise', () => {
  const sample: Record<string, string> = {
    number: '1', date: 'ge2020-01-01', string: 'x', token: 'http://x|y', reference: 'Patient/1', quantity: '1', uri: 'http://x',
  };
  it.each(['Patient', 'Observation', 'Encounter', 'Condition', 'MedicationRequest', 'Procedure'])('every %s search parameter listed answers 200', async (type) => {
    const cap = await request(t.app).get('/fhir/metadata').expect(200);
    const resource = cap.body.rest[0].resource.find((r: { type: string }) => r.type === type);
    const registry = defaultSearchParamRegistry();
    const failures: string[] = [];
    for (const p of resource.searchParam as { name: string; type: string }[]) {
      const value = p.type === 'composite'
        ? (registry.get(type, p.name)?.components ?? []).map((c) => sample[registry.get(type, c.param)?.type ?? 'string'] ?? 'x').join('$')
        : (sample[p.type] ?? 'x');
      const res = await api.get(`/fhir/${type}?${p.name}=${encodeURIComponent(value)}`);
      if (res.status !== 200) failures.push(`${p.name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
