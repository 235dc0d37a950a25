import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConceptMapCodeMapper } from '../../terminology/mapping/concept-map-code-mapper.js';
import { MappingGapTable } from '../../terminology/mapping/mapping-gaps.js';
import { LAB, V2_SEX } from '../../terminology/mapping/test-fixtures.js';
import { READER_ID, READER_SECRET } from '../../../test/e2e/support/test-app.js';
import { startAdminTestApp, type AdminTestApp } from './test-support/admin-test-app.js';
import { terminologyUnmappedRoutes } from './terminology-unmapped.js';

const PATH = '/admin/api/terminology/unmapped';
let t: AdminTestApp;
let admin = '';
const gaps = new MappingGapTable();

beforeAll(async () => {
  t = await startAdminTestApp(() => [terminologyUnmappedRoutes(gaps)]);
  admin = await t.base.token();
  let now = Date.parse('2026-03-01T00:00:00Z');
  const mapper = new ConceptMapCodeMapper({ terminology: t.terminology, gaps, now: () => (now += 1000) });
  const uses: [string, string, string, number][] = [['lab-a', LAB, 'Q1', 3], ['lab-a', LAB, 'Q2', 1], ['lab-b', LAB, 'Q1', 2], ['adt', V2_SEX, 'X', 4], ['adt', V2_SEX, 'F', 9]];
  for (const [source, system, code, n] of uses) for (let i = 0; i < n; i++) mapper.map({ system, code, display: `d-${code}` }, { source });
});
afterAll(async () => t.close());

describe(`GET ${PATH}`, () => {
  it('lists the unmapped codes by count as JSON (mapped codes are not gaps)', async () => {
    const res = await request(t.app).get(PATH).auth(admin, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toMatchObject({ total: 4, offset: 0, count: 100 });
    expect(res.body.next).toBeUndefined();
    expect(res.body.gaps[0]).toEqual({ source: 'adt', system: V2_SEX, code: 'X', display: 'd-X', count: 4, firstSeen: expect.any(String), lastSeen: expect.any(String) });
    expect((res.body.gaps as { code: string; count: number }[]).map((g) => `${g.code}:${g.count}`)).toEqual(['X:4', 'Q1:3', 'Q1:2', 'Q2:1']);
  });

  it.each([
    [`?system=${encodeURIComponent(LAB)}`, ['lab-a:Q1', 'lab-b:Q1', 'lab-a:Q2'], 3],
    ['?source=lab-b', ['lab-b:Q1'], 1],
    [`?source=lab-a&system=${encodeURIComponent(LAB)}&count=1`, ['lab-a:Q1'], 2],
    ['?offset=1&count=2', ['lab-a:Q1', 'lab-b:Q1'], 4],
    ['?source=nobody', [], 0],
  ])('filters and pages %s', async (query, expected, total) => {
    const res = await request(t.app).get(PATH + query).auth(admin, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(total);
    expect((res.body.gaps as { source: string; code: string }[]).map((g) => `${g.source}:${g.code}`)).toEqual(expected);
  });

  it('links the next page', async () => {
    const res = await request(t.app).get(`${PATH}?count=3&source=`).auth(admin, { type: 'bearer' });
    expect(res.body.total).toBe(0); // empty source filter matches nothing
    const paged = await request(t.app).get(`${PATH}?count=3`).auth(admin, { type: 'bearer' });
    expect(paged.body.next).toBe(`${PATH}?count=3&offset=3`);
    const next = await request(t.app).get(paged.body.next as string).auth(admin, { type: 'bearer' });
    expect((next.body.gaps as { code: string }[]).map((g) => g.code)).toEqual(['Q2']);
  });

  it.each([['?count=0'], ['?count=5000'], ['?offset=-1'], ['?count=abc'], ['?sort=code']])('answers 400 for %s', async (query) => {
    const res = await request(t.app).get(PATH + query).auth(admin, { type: 'bearer' });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].code).toBe('invalid');
  });

  it('needs a bearer token (401) holding the admin scope (403)', async () => {
    const none = await request(t.app).get(PATH);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const reader = await t.base.token(undefined, READER_ID, READER_SECRET);
    const res = await request(t.app).get(PATH).auth(reader, { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.body.issue[0].code).toBe('forbidden');
    const noAdmin = await t.base.token('system/*.rs');
    expect((await request(t.app).get(PATH).auth(noAdmin, { type: 'bearer' })).status).toBe(403);
  });

  it('answers 405 for other methods and 404 for unknown admin paths', async () => {
    expect((await request(t.app).post(PATH).auth(admin, { type: 'bearer' }).send({})).status).toBe(405);
    expect((await request(t.app).get('/admin/api/terminology/nothing').auth(admin, { type: 'bearer' })).status).toBe(404);
  });
});
