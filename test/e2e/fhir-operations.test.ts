/**
 * Custom search parameters with `$reindex`, `_list`, local absolute references, delete under
 * referential integrity (409), conditional PATCH in a transaction and type / system `$meta`, over HTTP
 * against the real repository and SQLite store.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { PUBLIC_BASE, READER_ID, READER_SECRET, startTestApp, type TestApp } from './support/test-app.js';

const FHIR = 'application/fhir+json';
const EXT = 'http://example.org/fhir/StructureDefinition/favourite-colour';

function client(t: TestApp, token: string) {
  return {
    get: (path: string) => request(t.app).get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body?: unknown) => {
      const r = request(t.app).post(path).auth(token, { type: 'bearer' });
      return body === undefined ? r : r.type(FHIR).send(body as object);
    },
    put: (path: string, body: unknown) => request(t.app).put(path).auth(token, { type: 'bearer' }).type(FHIR).send(body as object),
    delete: (path: string) => request(t.app).delete(path).auth(token, { type: 'bearer' }),
  };
}

type Api = ReturnType<typeof client>;
let t: TestApp;
let api: Api;

beforeAll(async () => {
  t = await startTestApp();
  api = client(t, await t.token());
});
afterAll(async () => {
  await t.close();
});

const colourful = (family: string, colour: string) => ({ resourceType: 'Patient', name: [{ family }], extension: [{ url: EXT, valueString: colour }] });
const ids = (bundle: { entry?: { resource?: { id?: string } }[] }): string[] => (bundle.entry ?? []).map((e) => e.resource?.id ?? '').sort();

async function create(body: object): Promise<string> {
  const res = await api.post(`/fhir/${(body as { resourceType: string }).resourceType}`, body).expect(201);
  return res.body.id as string;
}

/** Polls the status URL until the job is finished; returns the final response and the 202s seen. */
async function pollUntilDone(location: string): Promise<{ final: request.Response; running: request.Response[] }> {
  const path = location.slice(PUBLIC_BASE.length);
  const running: request.Response[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await api.get(path);
    if (res.status !== 202) return { final: res, running };
    running.push(res);
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('reindex did not finish');
}

const param = (body: { parameter?: { name: string }[] }, name: string): Record<string, unknown> | undefined =>
  body.parameter?.find((p) => p.name === name) as Record<string, unknown> | undefined;

describe('custom search parameters and $reindex', () => {
  it('learns a SearchParameter at once, indexes new writes, and existing resources after $reindex', async () => {
    const before = await create(colourful('Before', 'Blue'));
    await create(colourful('Other', 'Red'));
    await api.get('/fhir/Patient?favourite-colour=blue').expect(400);

    const sp = await api.post('/fhir/SearchParameter', {
      resourceType: 'SearchParameter', url: 'http://example.org/fhir/SearchParameter/favourite-colour', name: 'FavouriteColour',
      status: 'active', description: 'A patient\'s favourite colour', code: 'favourite-colour', base: ['Patient'], type: 'string',
      expression: `Patient.extension.where(url='${EXT}').value`,
    }).expect(201);
    const cap = await request(t.app).get('/fhir/metadata').expect(200);
    const patient = cap.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.searchParam).toContainEqual(expect.objectContaining({ name: 'favourite-colour', type: 'string' }));

    // Known now (no 400), but the resource written before is not indexed yet; a new write is.
    expect(ids((await api.get('/fhir/Patient?favourite-colour=blue').expect(200)).body)).toEqual([]);
    const after = await create(colourful('After', 'Blue'));
    expect(ids((await api.get('/fhir/Patient?favourite-colour=blue').expect(200)).body)).toEqual([after]);

    const accepted = await api.post('/fhir/$reindex', { resourceType: 'Parameters', parameter: [{ name: 'resourceType', valueCode: 'Patient' }] }).expect(202);
    const location = accepted.headers['content-location'] as string;
    expect(location).toMatch(new RegExp(`^${PUBLIC_BASE}/fhir/\\$reindex-status/.+`));
    const { final, running } = await pollUntilDone(location);
    for (const r of running) expect(r.headers['x-progress']).toMatch(/reindexed/);
    expect(final.status).toBe(200);
    expect(param(final.body, 'status')).toEqual({ name: 'status', valueCode: 'completed' });
    expect(param(final.body, 'done')?.['valueInteger']).toBe(param(final.body, 'total')?.['valueInteger']);
    expect(param(final.body, 'total')?.['valueInteger']).toBeGreaterThanOrEqual(3);
    expect(ids((await api.get('/fhir/Patient?favourite-colour=blue').expect(200)).body)).toEqual([after, before].sort());

    // Retired: the parameter is gone again (400 as unknown) and leaves the CapabilityStatement.
    await api.put(`/fhir/SearchParameter/${sp.body.id as string}`, { ...sp.body, status: 'retired' }).expect(200);
    await api.get('/fhir/Patient?favourite-colour=blue').expect(400);
    const cap2 = await request(t.app).get('/fhir/metadata').expect(200);
    expect(cap2.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient').searchParam)
      .not.toContainEqual(expect.objectContaining({ name: 'favourite-colour' }));
  });

  it('refuses an active SearchParameter whose expression does not compile (422)', async () => {
    const res = await api.post('/fhir/SearchParameter', {
      resourceType: 'SearchParameter', url: 'http://example.org/fhir/SearchParameter/broken', name: 'Broken', status: 'active',
      description: 'x', code: 'broken', base: ['Patient'], type: 'string', expression: 'Patient.name.where(',
    }).expect(422);
    expect(res.body.issue[0].code).toBe('processing');
  });

  it('$reindex of everything (query or no body), status 404 for unknown jobs, 400 for unknown types, 403 without admin', async () => {
    const all = await api.post('/fhir/$reindex').expect(202);
    const { final } = await pollUntilDone(all.headers['content-location'] as string);
    expect(param(final.body, 'status')?.['valueCode']).toBe('completed');
    const typed = await api.post('/fhir/$reindex?resourceType=Observation').expect(202);
    expect(param((await pollUntilDone(typed.headers['content-location'] as string)).final.body, 'resourceType')?.['valueCode']).toBe('Observation');
    await api.get('/fhir/$reindex-status/nope').expect(404);
    await api.post('/fhir/$reindex?resourceType=Nope').expect(400);
    await api.get('/fhir/$reindex').expect(405);
    const reader = client(t, await t.token(undefined, READER_ID, READER_SECRET));
    const denied = await reader.post('/fhir/$reindex').expect(403);
    expect(denied.body.issue[0].code).toBe('forbidden');
    await reader.get(`/fhir/$reindex-status/x`).expect(403);
  });
});

describe('$reindex-status while the job runs', () => {
  it('answers 202 with X-Progress and done/total, then 200', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const gated = await startTestApp({
      wrapStore: (store) => Object.assign(Object.create(store) as typeof store, {
        reindex: async (onProgress?: (p: { done: number; total: number }) => void, type?: string) => {
          onProgress?.({ done: 1, total: 4 });
          await gate;
          return store.reindex(onProgress, type);
        },
      }),
    });
    try {
      const gapi = client(gated, await gated.token());
      const location = (await gapi.post('/fhir/$reindex').expect(202)).headers['content-location'] as string;
      const running = await gapi.get(location.slice(PUBLIC_BASE.length)).expect(202);
      expect(running.headers['x-progress']).toBe('running: 1 of 4 resources reindexed');
      expect(param(running.body, 'status')?.['valueCode']).toBe('running');
      expect([param(running.body, 'done')?.['valueInteger'], param(running.body, 'total')?.['valueInteger']]).toEqual([1, 4]);
      // A second job waits for the first.
      const second = (await gapi.post('/fhir/$reindex').expect(202)).headers['content-location'] as string;
      expect(param((await gapi.get(second.slice(PUBLIC_BASE.length)).expect(202)).body, 'status')?.['valueCode']).toBe('queued');
      release();
      await gated.repo.reindexIdle();
      const done = await gapi.get(location.slice(PUBLIC_BASE.length)).expect(200);
      expect(done.headers['x-progress']).toBeUndefined();
      expect(param(done.body, 'status')?.['valueCode']).toBe('completed');
    } finally {
      release();
      await gated.close();
    }
  });
});

describe('_list', () => {
  it('finds the resources a List refers to', async () => {
    const a = await create({ resourceType: 'Patient', name: [{ family: 'ListA' }] });
    const b = await create({ resourceType: 'Patient', name: [{ family: 'ListB' }] });
    await create({ resourceType: 'Patient', name: [{ family: 'ListC' }] });
    const list = await create({
      resourceType: 'List', status: 'current', mode: 'working',
      entry: [{ item: { reference: `Patient/${a}` } }, { item: { reference: `${PUBLIC_BASE}/fhir/Patient/${b}` } }],
    });
    expect(ids((await api.get(`/fhir/Patient?_list=${list}`).expect(200)).body)).toEqual([a, b].sort());
    expect(ids((await api.get(`/fhir/Patient?_list=${list}&name=lista`).expect(200)).body)).toEqual([a]);
    expect(ids((await api.get('/fhir/Patient?_list=unknown').expect(200)).body)).toEqual([]);
    const bad = await api.get('/fhir/Patient?_list=$current-allergies').expect(400);
    expect(bad.body.issue[0].code).toBe('invalid');
    const cap = await request(t.app).get('/fhir/metadata').expect(200);
    expect(cap.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient').searchParam).toContainEqual(expect.objectContaining({ name: '_list' }));
  });
});

describe('local absolute references', () => {
  it('stores, checks and finds {base}/Type/id references as local ones', async () => {
    const p = await create({ resourceType: 'Patient', name: [{ family: 'Local' }] });
    const absolute = await create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `${PUBLIC_BASE}/fhir/Patient/${p}` } });
    const relative = await create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p}` } });
    expect(ids((await api.get(`/fhir/Observation?subject=Patient/${p}`).expect(200)).body)).toEqual([absolute, relative].sort());
    expect(ids((await api.get(`/fhir/Observation?subject=${PUBLIC_BASE}/fhir/Patient/${p}`).expect(200)).body)).toEqual([absolute, relative].sort());
    expect(ids((await api.get(`/fhir/Patient/${p}/Observation`).expect(200)).body)).toEqual([absolute, relative].sort());
    // Referential integrity resolves them too.
    const broken = await api.post('/fhir/Observation', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `${PUBLIC_BASE}/fhir/Patient/missing` } }).expect(422);
    expect(broken.body.issue[0].code).toBe('processing');
  });
});

describe('delete under referential integrity', () => {
  it('409 naming the referrers; succeeds once they are gone', async () => {
    const p = await create({ resourceType: 'Patient', name: [{ family: 'Target' }] });
    const o = await create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p}` } });
    const res = await api.delete(`/fhir/Patient/${p}`).expect(409);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].code).toBe('processing');
    expect(res.body.issue[0].diagnostics).toContain(`Observation/${o}`);
    await api.get(`/fhir/Patient/${p}`).expect(200);
    await api.delete(`/fhir/Patient/${p}`).set('If-Match', 'W/"1"').expect(409);
    await api.delete(`/fhir/Patient?_id=${p}`).expect(409);
    await api.delete(`/fhir/Observation/${o}`).expect(204);
    await api.delete(`/fhir/Patient/${p}`).expect(204);
  });

  it('lets one transaction delete the referrer and the target (in either order)', async () => {
    const p = await create({ resourceType: 'Patient', name: [{ family: 'TxTarget' }] });
    const o = await create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p}` } });
    await api.post('/fhir', {
      resourceType: 'Bundle', type: 'transaction',
      entry: [{ request: { method: 'DELETE', url: `Patient/${p}` } }, { request: { method: 'DELETE', url: `Observation/${o}` } }],
    }).expect(200);
    await api.get(`/fhir/Patient/${p}`).expect(410);
    // Only the target: the whole transaction is refused and nothing is deleted.
    const q = await create({ resourceType: 'Patient', name: [{ family: 'TxTarget2' }] });
    const r = await create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${q}` } });
    const refused = await api.post('/fhir', {
      resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'DELETE', url: `Patient/${q}` } }],
    }).expect(409);
    expect(refused.body.issue[0].diagnostics).toContain(`Observation/${r}`);
    await api.get(`/fhir/Patient/${q}`).expect(200);
  });

  it('deletes a referenced resource when referential integrity is off', async () => {
    const loose = await startTestApp({ repository: { referentialIntegrity: false } });
    try {
      const lapi = client(loose, await loose.token());
      const p = (await lapi.post('/fhir/Patient', { resourceType: 'Patient' }).expect(201)).body.id as string;
      await lapi.post('/fhir/Observation', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p}` } }).expect(201);
      await lapi.delete(`/fhir/Patient/${p}`).expect(204);
    } finally {
      await loose.close();
    }
  });
});

describe('conditional PATCH in a transaction', () => {
  const patchEntry = (url: string, family: string) => ({
    resource: { resourceType: 'Parameters', parameter: [{ name: 'operation', part: [
      { name: 'type', valueCode: 'replace' }, { name: 'path', valueString: 'Patient.name[0].family' }, { name: 'value', valueString: family },
    ] }] },
    request: { method: 'PATCH', url },
  });

  it('patches the one match; 404 for none, 412 for several', async () => {
    const id = await create({ resourceType: 'Patient', identifier: [{ system: 'urn:cp', value: 'one' }], name: [{ family: 'Before' }] });
    const res = await api.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [patchEntry('Patient?identifier=urn:cp|one', 'After')] }).expect(200);
    expect(res.body.entry[0].response.status).toMatch(/^200/);
    expect((await api.get(`/fhir/Patient/${id}`).expect(200)).body.name[0].family).toBe('After');
    await api.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [patchEntry('Patient?identifier=urn:cp|none', 'X')] }).expect(404);
    await create({ resourceType: 'Patient', identifier: [{ system: 'urn:cp', value: 'two' }], name: [{ family: 'A' }] });
    await create({ resourceType: 'Patient', identifier: [{ system: 'urn:cp', value: 'two' }], name: [{ family: 'B' }] });
    await api.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [patchEntry('Patient?identifier=urn:cp|two', 'X')] }).expect(412);
  });
});

describe('$meta at type and system level', () => {
  it('returns the union of the tags, profiles and security labels in use', async () => {
    const fresh = await startTestApp();
    try {
      const fapi = client(fresh, await fresh.token());
      const tag = (code: string) => ({ system: 'urn:tags', code });
      await fapi.post('/fhir/Observation', { resourceType: 'Observation', meta: { tag: [tag('a')], profile: ['http://x/p1'] }, status: 'final', code: { text: 'x' } }).expect(201);
      await fapi.post('/fhir/Observation', { resourceType: 'Observation', meta: { tag: [tag('a'), tag('b')] }, status: 'final', code: { text: 'x' } }).expect(201);
      await fapi.post('/fhir/Patient', { resourceType: 'Patient', meta: { security: [{ system: 'urn:sec', code: 'R' }] } }).expect(201);
      const type = await fapi.get('/fhir/Observation/$meta').expect(200);
      expect(type.body.parameter[0].name).toBe('return');
      expect(type.body.parameter[0].valueMeta).toEqual({ profile: ['http://x/p1'], tag: [tag('a'), tag('b')] });
      const system = await fapi.post('/fhir/$meta').expect(200);
      expect(system.body.parameter[0].valueMeta).toEqual({ profile: ['http://x/p1'], security: [{ system: 'urn:sec', code: 'R' }], tag: [tag('a'), tag('b')] });
      expect((await fapi.get('/fhir/Encounter/$meta').expect(200)).body.parameter[0].valueMeta).toEqual({});
      const reader = client(fresh, await fresh.token(undefined, READER_ID, READER_SECRET));
      await reader.get('/fhir/Patient/$meta').expect(200);
      await reader.get('/fhir/$meta').expect(403);
    } finally {
      await fresh.close();
    }
  });
});
