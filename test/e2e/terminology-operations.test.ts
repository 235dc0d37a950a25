/**
 * The terminology operations over HTTP (GET and POST, type and instance level) against the real
 * repository, SQLite store and LocalTerminologyService, whose content is fed by the FHIR API itself:
 * CodeSystems, ValueSets and ConceptMaps PUT here reach the service, updates replace and deletes remove.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import type { Parameters, ValueSet } from 'fhir/r4.js';
import { TerminologyContent } from '../../src/terminology/local/content-registry.js';
import { LocalTerminologyService } from '../../src/terminology/local/local-terminology-service.js';
import { COLORS, LOCAL_LAB, SHAPES, colors, labMap, shapes, vsMixed, vsPolygons } from '../../src/terminology/local/fixtures/test-content.js';
import { READER_ID, READER_SECRET, startTestApp, type TestApp } from './support/test-app.js';

const FHIR = 'application/fhir+json';
const POLYGONS = 'http://example.org/vs/polygons';
const LAB_MAP = 'http://example.org/cm/lab-to-loinc';

let t: TestApp;
let token: string;
const get = (path: string) => request(t.app).get(path).auth(token, { type: 'bearer' });
const post = (path: string, body: object) => request(t.app).post(path).auth(token, { type: 'bearer' }).type(FHIR).send(body);
const params = (...parameter: object[]): Parameters => ({ resourceType: 'Parameters', parameter: parameter as Parameters['parameter'] });
const q = (o: Record<string, string>): string => new URLSearchParams(o).toString();

/** The value of output parameter `name` (`value[x]` or `part`). */
function out(body: unknown, name: string): unknown {
  const p = (body as Parameters).parameter?.find((x) => x.name === name);
  if (p === undefined) return undefined;
  const key = Object.keys(p).find((k) => k.startsWith('value'));
  return key === undefined ? p.part : (p as unknown as Record<string, unknown>)[key];
}
const codes = (vs: unknown): string[] => ((vs as ValueSet).expansion?.contains ?? []).map((c) => c.code ?? '').sort();

beforeAll(async () => {
  const service = new LocalTerminologyService({ content: new TerminologyContent(), clock: () => new Date('2024-01-01T00:00:00Z') });
  t = await startTestApp({ terminology: { service, content: service.content } });
  token = await t.token();
  for (const [id, r] of [['shapes', shapes], ['colors', colors], ['polygons', vsPolygons], ['mixed', vsMixed], ['lab', labMap]] as const) {
    const res = await request(t.app).put(`/fhir/${r.resourceType}/${id}`).auth(token, { type: 'bearer' }).type(FHIR).send({ ...r, id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('CodeSystem/$lookup', () => {
  it.each([
    ['GET type level', () => get(`/fhir/CodeSystem/$lookup?${q({ system: SHAPES, code: 'square' })}`)],
    ['GET instance level', () => get('/fhir/CodeSystem/shapes/$lookup?code=square')],
    ['POST with a coding', () => post('/fhir/CodeSystem/$lookup', params({ name: 'coding', valueCoding: { system: SHAPES, code: 'square' } }))],
    ['POST instance level', () => post('/fhir/CodeSystem/shapes/$lookup', params({ name: 'code', valueCode: 'square' }))],
  ])('%s', async (_n, send) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(out(res.body, 'name')).toBe('Shapes');
    expect(out(res.body, 'display')).toBe('Square');
    const props = (res.body as Parameters).parameter?.filter((p) => p.name === 'property').map((p) => p.part?.map((x) => x.valueCode ?? x.valueString ?? x.valueInteger));
    expect(props).toContainEqual(['parent', 'quadrilateral']);
    expect(props).toContainEqual(['sides', 4]);
    expect((res.body as Parameters).parameter?.filter((p) => p.name === 'designation')).toHaveLength(2);
  });
  it('narrows the properties with property', async () => {
    const res = await get(`/fhir/CodeSystem/$lookup?${q({ system: SHAPES, code: 'square', property: 'sides' })}`);
    const props = (res.body as Parameters).parameter?.filter((p) => p.name === 'property') ?? [];
    expect(props.map((p) => p.part?.[0]?.valueCode)).toEqual(['sides']);
  });
  it.each([
    ['an unknown system', `system=${encodeURIComponent('http://example.org/none')}&code=x`, 404, 'not-found'],
    ['an unknown code', `system=${encodeURIComponent(SHAPES)}&code=nope`, 404, 'not-found'],
    ['no code', `system=${encodeURIComponent(SHAPES)}`, 400, 'invalid'],
    ['no system', 'code=square', 400, 'invalid'],
  ])('%s', async (_n, query, status, code) => {
    const res = await get(`/fhir/CodeSystem/$lookup?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.issue[0].code).toBe(code);
  });
  it('404 for an unknown CodeSystem id at instance level', async () => {
    expect((await get('/fhir/CodeSystem/none/$lookup?code=square')).status).toBe(404);
  });
});

describe('CodeSystem/$validate-code', () => {
  it.each([
    ['a known code', () => get(`/fhir/CodeSystem/$validate-code?${q({ url: SHAPES, code: 'triangle' })}`), true],
    ['an unknown code', () => get(`/fhir/CodeSystem/$validate-code?${q({ url: SHAPES, code: 'hexagon' })}`), false],
    ['instance level', () => get('/fhir/CodeSystem/colors/$validate-code?code=green'), true],
    ['case-insensitive system', () => get(`/fhir/CodeSystem/$validate-code?${q({ url: COLORS, code: 'RED' })}`), true],
    ['a coding', () => post('/fhir/CodeSystem/$validate-code', params({ name: 'coding', valueCoding: { system: SHAPES, code: 'circle' } })), true],
    ['a codeableConcept', () => post('/fhir/CodeSystem/$validate-code', params(
      { name: 'url', valueUri: SHAPES },
      { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: COLORS, code: 'red' }, { system: SHAPES, code: 'oval' }] } },
    )), true],
  ])('%s', async (_n, send, result) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(out(res.body, 'result')).toBe(result);
  });
  it('a display mismatch is still valid, with a message', async () => {
    const res = await get(`/fhir/CodeSystem/$validate-code?${q({ url: SHAPES, code: 'square', display: 'Box' })}`);
    expect(out(res.body, 'result')).toBe(true);
    expect(out(res.body, 'display')).toBe('Square');
    expect(out(res.body, 'message')).toEqual(expect.stringContaining('Box'));
  });
  it.each([
    ['an unknown code system', `url=${encodeURIComponent('http://example.org/none')}&code=x`, 404],
    ['no code', `url=${encodeURIComponent(SHAPES)}`, 400],
  ])('%s', async (_n, query, status) => {
    expect((await get(`/fhir/CodeSystem/$validate-code?${query}`)).status).toBe(status);
  });
});

describe('ValueSet/$validate-code', () => {
  it.each([
    ['a member', () => get(`/fhir/ValueSet/$validate-code?${q({ url: POLYGONS, system: SHAPES, code: 'triangle' })}`), true],
    ['not a member', () => get(`/fhir/ValueSet/$validate-code?${q({ url: POLYGONS, system: SHAPES, code: 'circle' })}`), false],
    ['instance level', () => get(`/fhir/ValueSet/mixed/$validate-code?${q({ system: COLORS, code: 'blue' })}`), true],
    ['a codeableConcept (any coding)', () => post('/fhir/ValueSet/$validate-code', params(
      { name: 'url', valueUri: POLYGONS },
      { name: 'codeableConcept', valueCodeableConcept: { coding: [{ system: COLORS, code: 'red' }, { system: SHAPES, code: 'square' }] } },
    )), true],
    ['an inline valueSet', () => post('/fhir/ValueSet/$validate-code', params(
      { name: 'valueSet', resource: { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: COLORS, concept: [{ code: 'green' }] }] } } },
      { name: 'coding', valueCoding: { system: COLORS, code: 'green' } },
    )), true],
  ])('%s', async (_n, send, result) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(out(res.body, 'result')).toBe(result);
  });
  it.each([
    ['an unknown ValueSet', q({ url: 'http://example.org/vs/none', system: SHAPES, code: 'square' }), 404],
    ['no ValueSet', q({ system: SHAPES, code: 'square' }), 400],
    ['code without system', q({ url: POLYGONS, code: 'square' }), 400],
    ['a bad activeOnly', q({ url: POLYGONS, system: SHAPES, code: 'square', activeOnly: 'yes' }), 400],
  ])('%s', async (_n, query, status) => {
    const res = await get(`/fhir/ValueSet/$validate-code?${query}`);
    expect(res.status).toBe(status);
  });
});

describe('ValueSet/$expand', () => {
  it.each([
    ['GET by url', () => get(`/fhir/ValueSet/$expand?${q({ url: POLYGONS })}`), ['quadrilateral', 'rectangle', 'square', 'triangle']],
    ['GET instance level', () => get('/fhir/ValueSet/polygons/$expand'), ['quadrilateral', 'rectangle', 'square', 'triangle']],
    ['a text filter', () => get(`/fhir/ValueSet/$expand?${q({ url: POLYGONS, filter: 'squ' })}`), ['square']],
    ['POST an inline valueSet', () => post('/fhir/ValueSet/$expand', params(
      { name: 'valueSet', resource: { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: COLORS }] } } },
    )), ['blue', 'green', 'red']],
    ['POST instance level, paged', () => post('/fhir/ValueSet/polygons/$expand', params({ name: 'count', valueInteger: 2 }, { name: 'offset', valueInteger: 0 })), 2],
  ])('%s', async (_n, send, expected) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.resourceType).toBe('ValueSet');
    if (typeof expected === 'number') {
      expect(codes(res.body)).toHaveLength(expected);
      expect((res.body as ValueSet).expansion?.total).toBe(4);
    } else {
      expect(codes(res.body)).toEqual(expected);
    }
  });
  it.each([
    ['an unknown ValueSet', q({ url: 'http://example.org/vs/none' }), 404],
    ['a negative count', q({ url: POLYGONS, count: '-1' }), 400],
    ['a ValueSet given twice', `${q({ url: POLYGONS })}&url=${encodeURIComponent(POLYGONS)}`, 400],
  ])('%s', async (_n, query, status) => {
    expect((await get(`/fhir/ValueSet/$expand?${query}`)).status).toBe(status);
  });
  it('a body that is not Parameters → 400', async () => {
    expect((await post('/fhir/ValueSet/$expand', { resourceType: 'Patient' })).status).toBe(400);
  });
});

describe('ConceptMap/$translate', () => {
  const match = (body: unknown): unknown[] =>
    ((body as Parameters).parameter ?? []).filter((p) => p.name === 'match').map((p) => p.part?.find((x) => x.name === 'concept')?.valueCoding?.code);
  it.each([
    ['GET by system and code', () => get(`/fhir/ConceptMap/$translate?${q({ system: LOCAL_LAB, code: 'HR' })}`), true, ['8867-4']],
    ['GET instance level', () => get(`/fhir/ConceptMap/lab/$translate?${q({ system: LOCAL_LAB, code: 'HR' })}`), true, ['8867-4']],
    ['reverse', () => get(`/fhir/ConceptMap/$translate?${q({ url: LAB_MAP, system: 'http://loinc.org', code: '8867-4', reverse: 'true' })}`), true, ['HR']],
    ['POST a dependency', () => post('/fhir/ConceptMap/$translate', params(
      { name: 'url', valueUri: LAB_MAP },
      { name: 'coding', valueCoding: { system: LOCAL_LAB, code: 'GLU' } },
      { name: 'dependency', part: [{ name: 'element', valueUri: 'specimen' }, { name: 'concept', valueCodeableConcept: { coding: [{ code: 'SER' }] } }] },
    )), true, ['2345-7']],
  ])('%s', async (_n, send, result, expected) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(out(res.body, 'result')).toBe(result);
    expect(match(res.body)).toEqual(expected);
  });
  it('the match names its equivalence and source map', async () => {
    const res = await get(`/fhir/ConceptMap/$translate?${q({ url: LAB_MAP, system: LOCAL_LAB, code: 'HR' })}`);
    const parts = (res.body as Parameters).parameter?.find((p) => p.name === 'match')?.part ?? [];
    expect(parts.find((p) => p.name === 'equivalence')?.valueCode).toBe('equivalent');
    expect(parts.find((p) => p.name === 'source')?.valueUri).toEqual(expect.stringContaining(LAB_MAP));
  });
  it.each([
    ['an unknown map', q({ url: 'http://example.org/cm/none', system: LOCAL_LAB, code: 'HR' }), 404],
    ['no code', q({ system: LOCAL_LAB }), 400],
    ['a bad reverse', q({ system: LOCAL_LAB, code: 'HR', reverse: 'maybe' }), 400],
  ])('%s', async (_n, query, status) => {
    expect((await get(`/fhir/ConceptMap/$translate?${query}`)).status).toBe(status);
  });
});

describe('CodeSystem/$subsumes', () => {
  it.each([
    ['subsumes', () => get(`/fhir/CodeSystem/$subsumes?${q({ system: SHAPES, codeA: 'polygon', codeB: 'square' })}`), 'subsumes'],
    ['subsumed-by', () => get('/fhir/CodeSystem/shapes/$subsumes?codeA=circle&codeB=round'), 'subsumed-by'],
    ['equivalent', () => get(`/fhir/CodeSystem/$subsumes?${q({ system: SHAPES, codeA: 'square', codeB: 'square' })}`), 'equivalent'],
    ['not-subsumed (codings)', () => post('/fhir/CodeSystem/$subsumes', params(
      { name: 'codingA', valueCoding: { system: SHAPES, code: 'triangle' } },
      { name: 'codingB', valueCoding: { system: SHAPES, code: 'circle' } },
    )), 'not-subsumed'],
  ])('%s', async (_n, send, outcome) => {
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(out(res.body, 'outcome')).toBe(outcome);
  });
  it.each([
    ['an unknown code', q({ system: SHAPES, codeA: 'polygon', codeB: 'nope' }), 400],
    ['an unknown system', q({ system: 'http://example.org/none', codeA: 'a', codeB: 'b' }), 404],
    ['no codeB', q({ system: SHAPES, codeA: 'polygon' }), 400],
  ])('%s', async (_n, query, status) => {
    expect((await get(`/fhir/CodeSystem/$subsumes?${query}`)).status).toBe(status);
  });
});

describe('access and discovery', () => {
  it('needs read on the type (403 for a token without it)', async () => {
    const reader = await t.token(undefined, READER_ID, READER_SECRET);
    const res = await request(t.app).get('/fhir/ValueSet/polygons/$expand').auth(reader, { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.body.issue[0].code).toBe('forbidden');
  });
  it('lists the operations in the CapabilityStatement', async () => {
    const res = await request(t.app).get('/fhir/metadata');
    const ops = (type: string): string[] =>
      ((res.body.rest[0].resource as { type: string; operation: { name: string }[] }[]).find((r) => r.type === type)?.operation ?? []).map((o) => o.name);
    expect(ops('CodeSystem')).toEqual(expect.arrayContaining(['lookup', 'validate-code', 'subsumes']));
    expect(ops('ValueSet')).toEqual(expect.arrayContaining(['expand', 'validate-code']));
    expect(ops('ConceptMap')).toContain('translate');
    expect(ops('Patient')).not.toContain('expand');
  });
});

describe('content follows the FHIR API', () => {
  it('an update changes answers, a delete removes the code system', async () => {
    const url = 'http://example.org/cs/flavours';
    const cs = { resourceType: 'CodeSystem', id: 'flavours', url, status: 'active', content: 'complete', concept: [{ code: 'sweet' }] };
    const check = (code: string) => get(`/fhir/CodeSystem/$validate-code?${q({ url, code })}`);
    expect((await check('sour')).status).toBe(404);
    expect((await request(t.app).put('/fhir/CodeSystem/flavours').auth(token, { type: 'bearer' }).type(FHIR).send(cs)).status).toBe(201);
    expect(out((await check('sour')).body, 'result')).toBe(false);
    await request(t.app).put('/fhir/CodeSystem/flavours').auth(token, { type: 'bearer' }).type(FHIR).send({ ...cs, concept: [{ code: 'sweet' }, { code: 'sour' }] });
    expect(out((await check('sour')).body, 'result')).toBe(true);
    expect((await request(t.app).delete('/fhir/CodeSystem/flavours').auth(token, { type: 'bearer' })).status).toBe(204);
    expect((await check('sour')).status).toBe(404);
  });
  it('a url change through a transaction moves the code system', async () => {
    const bundle = (url: string) => ({
      resourceType: 'Bundle', type: 'transaction',
      entry: [{ request: { method: 'PUT', url: 'CodeSystem/moving' }, resource: { resourceType: 'CodeSystem', id: 'moving', url, status: 'active', content: 'complete', concept: [{ code: 'x' }] } }],
    });
    expect((await post('/fhir', bundle('http://example.org/cs/old'))).status).toBe(200);
    expect((await post('/fhir', bundle('http://example.org/cs/new'))).status).toBe(200);
    expect((await get(`/fhir/CodeSystem/$validate-code?${q({ url: 'http://example.org/cs/new', code: 'x' })}`)).status).toBe(200);
    expect((await get(`/fhir/CodeSystem/$validate-code?${q({ url: 'http://example.org/cs/old', code: 'x' })}`)).status).toBe(404);
  });
});

describe('token search modifiers through the terminology service', () => {
  const e = encodeURIComponent;
  const found = async (query: string): Promise<string[]> => {
    const res = await get(`/fhir/Observation?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ((res.body as { entry?: { resource: { id: string } }[] }).entry ?? []).map((x) => x.resource.id).sort();
  };
  beforeAll(async () => {
    for (const [id, system, code] of [['o-tri', SHAPES, 'triangle'], ['o-sq', SHAPES, 'square'], ['o-circ', SHAPES, 'circle'], ['o-red', COLORS, 'red']]) {
      const body = { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system, code }] } };
      expect((await request(t.app).put(`/fhir/Observation/${id}`).auth(token, { type: 'bearer' }).type(FHIR).send(body)).status).toBe(201);
    }
  });
  it.each([
    [':in', `code:in=${e(POLYGONS)}`, ['o-sq', 'o-tri']],
    [':not-in', `code:not-in=${e(POLYGONS)}`, ['o-circ', 'o-red']],
    [':below', `code:below=${e(`${SHAPES}|polygon`)}`, ['o-sq', 'o-tri']],
    [':above', `code:above=${e(`${SHAPES}|square`)}`, ['o-sq']],
    [':in with another filter', `code:in=${e('http://example.org/vs/mixed')}&status=final`, ['o-red', 'o-sq', 'o-tri']],
  ])('%s', async (_n, query, expected) => {
    expect(await found(query)).toEqual(expected);
  });
  it.each([
    ['an unknown ValueSet', `code:in=${e('http://example.org/vs/none')}`, 'invalid'],
    [':below without a system', 'code:below=square', 'invalid'],
  ])('%s → 400', async (_n, query, code) => {
    const res = await get(`/fhir/Observation?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.issue[0].code).toBe(code);
  });
  it('more than 1,000 codes → 400 too-costly', async () => {
    const url = 'http://example.org/cs/big';
    const concept = Array.from({ length: 1001 }, (_, i) => ({ code: `c${i}` }));
    const cs = { resourceType: 'CodeSystem', id: 'big', url, status: 'active', content: 'complete', concept };
    expect((await request(t.app).put('/fhir/CodeSystem/big').auth(token, { type: 'bearer' }).type(FHIR).send(cs)).status).toBe(201);
    const vs = { resourceType: 'ValueSet', id: 'big', url: 'http://example.org/vs/big', status: 'active', compose: { include: [{ system: url }] } };
    expect((await request(t.app).put('/fhir/ValueSet/big').auth(token, { type: 'bearer' }).type(FHIR).send(vs)).status).toBe(201);
    const res = await get(`/fhir/Observation?code:in=${e('http://example.org/vs/big')}`);
    expect(res.status).toBe(400);
    expect(res.body.issue[0].code).toBe('too-costly');
  });
});
