import type { ConceptMap, Observation } from 'fhir/r4.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM } from '../../core/code-mapping.js';
import { loadSearchParamRegistry } from '../../core/search/registry.js';
import { RemapJobs } from '../../repository/remap-jobs.js';
import { ConceptMapCodeMapper } from '../../terminology/mapping/concept-map-code-mapper.js';
import { LAB, LOINC, SHARED_LAB_MAP, sharedLabMap } from '../../terminology/mapping/test-fixtures.js';
import { PUBLIC_BASE } from '../../../test/e2e/support/test-app.js';
import { terminologyRemapRoutes } from './terminology-remap.js';
import { startAdminTestApp, type AdminTestApp } from './test-support/admin-test-app.js';

const PATH = '/admin/api/terminology/remap';
let t: AdminTestApp;
let jobs: RemapJobs;
let admin = '';

beforeAll(async () => {
  t = await startAdminTestApp(({ base, store, terminology }) => {
    let n = 0;
    jobs = new RemapJobs({
      store, registry: loadSearchParamRegistry(), repo: base.repo, maps: terminology.content, terminology,
      ids: () => `job-${++n}`, baseUrl: `${PUBLIC_BASE}/fhir`,
    });
    return [terminologyRemapRoutes(jobs)];
  });
  admin = await t.base.token();
});
afterAll(async () => t.close());

const fhir = (method: 'put' | 'get', path: string) => request(t.base.app)[method](`/fhir/${path}`).auth(admin, { type: 'bearer' });

describe(`POST ${PATH}`, () => {
  it('re-maps resources written with an older map version, reporting progress until done', async () => {
    const obs: Observation = {
      resourceType: 'Observation', id: 'g1', status: 'final',
      meta: { tag: [{ system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: `${SHARED_LAB_MAP}|1` }] },
      code: { coding: [{ system: LOINC, code: '2339-0' }, { system: LAB, code: 'GLU' }] },
    };
    expect((await fhir('put', 'Observation/g1').send(obs)).status).toBe(201);
    const v2: ConceptMap = { ...sharedLabMap, id: 'lab', version: '2', group: [{ source: LAB, target: LOINC, element: [
      { code: 'GLU', target: [{ code: '15074-8', equivalence: 'equivalent' }] },
    ] }] };
    const mapper = new ConceptMapCodeMapper({ terminology: t.terminology, now: () => 0 });
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'lab-a' }).maps).toEqual([`${SHARED_LAB_MAP}|1`]);
    expect((await fhir('put', 'ConceptMap/lab').send(v2)).status).toBe(201);
    // the write reached the content registry (terminology-sync): the mapper's cached answer is gone
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'lab-a' })).toMatchObject({
      maps: [`${SHARED_LAB_MAP}|2`], codings: [{ system: LOINC, code: '15074-8' }, { system: LAB, code: 'GLU' }],
    });

    const started = await request(t.app).post(PATH).auth(admin, { type: 'bearer' }).send({ conceptMap: SHARED_LAB_MAP });
    expect(started.status).toBe(202);
    expect(started.headers['location']).toBe(`${PATH}/job-1`);
    expect(started.body).toMatchObject({ id: 'job-1', conceptMap: SHARED_LAB_MAP, status: 'queued' });
    const running = await request(t.app).get(`${PATH}/job-1`).auth(admin, { type: 'bearer' });
    if (running.status === 202) expect(running.headers['x-progress']).toMatch(/^(queued|running): \d+ of \d+/);
    await jobs.idle();
    const done = await request(t.app).get(`${PATH}/job-1`).auth(admin, { type: 'bearer' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', mapVersion: `${SHARED_LAB_MAP}|2`, total: 1, done: 1, changed: 1, failed: 0 });

    const after = (await fhir('get', 'Observation/g1')).body as Observation;
    expect(after.meta?.versionId).toBe('2');
    expect(after.code.coding).toEqual([{ system: LOINC, code: '15074-8' }, { system: LAB, code: 'GLU' }]);
    expect(after.meta?.tag).toEqual([{ system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: `${SHARED_LAB_MAP}|2` }]);
  });

  it.each([
    [{}, 400, 'invalid'],
    [{ conceptMap: 42 }, 400, 'invalid'],
    [{ conceptMap: 'http://example.org/ConceptMap/none' }, 404, 'not-found'],
  ])('answers %o with %i', async (body, status, code) => {
    const res = await request(t.app).post(PATH).auth(admin, { type: 'bearer' }).send(body);
    expect(res.status).toBe(status);
    expect(res.body.issue[0].code).toBe(code);
  });

  it('answers 400 for a body that is not a JSON object, 404 for an unknown job, 401 without a token', async () => {
    expect((await request(t.app).post(PATH).auth(admin, { type: 'bearer' }).type('json').send('[1]')).status).toBe(400);
    expect((await request(t.app).post(PATH).auth(admin, { type: 'bearer' }).type('json').send('{oops')).status).toBe(400);
    expect((await request(t.app).get(`${PATH}/nope`).auth(admin, { type: 'bearer' })).status).toBe(404);
    expect((await request(t.app).post(PATH).send({ conceptMap: SHARED_LAB_MAP })).status).toBe(401);
  });
});
