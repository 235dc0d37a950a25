import { describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { isOperationOutcomeError } from '../../core/outcomes.js';
import { parseSearchRequest } from '../../core/search/parse.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import type { SearchFilter, SearchParamDef } from '../../core/search/types.js';
import { chain, composite, date, has, identifier, missing, param, qty, ref, searchRequest, sortBy, text, token, uri } from '../contract/search-builders.js';
import { compileFilter, compileSearchFilter, compileSort, type SubqueryRunner } from './search-compiler.js';

const r = defaultSearchParamRegistry();
const ms = (iso: string) => Date.parse(iso);
const LIST: SearchParamDef = { code: '_list', type: 'special', base: ['Resource'], expression: undefined, url: '', target: [], modifiers: [], components: [] };

/** Records inner queries; answers them from fixed tables. */
function runner(ids: string[] = ['Patient/1'], refs: string[] = ['Patient/9']) {
  const seen: Document[] = [];
  const run: SubqueryRunner = {
    registry: r,
    ids: async (f) => { seen.push(f); return ids; },
    refs: async (f) => { seen.push(f); return refs; },
    listItems: async () => ['Patient/5'],
  };
  return { run, seen };
}

describe('compileSearchFilter', () => {
  it('compiles Observation?code=http://loinc.org|1234-5&date=ge2020&patient=Patient/1', async () => {
    const request = parseSearchRequest('Observation', new URLSearchParams('code=http://loinc.org|1234-5&date=ge2020&patient=Patient/1'), r, {
      lenient: false, defaultCount: 20, maxCount: 1000,
    });
    const filter = await compileSearchFilter(request, runner().run);
    const [lo, hi] = [ms('2020-01-01T00:00:00.000Z'), ms('2020-12-31T23:59:59.999Z')];
    expect(filter).toEqual({
      deleted: false,
      resourceType: 'Observation',
      'idx.tok': { $elemMatch: { p: 'code', s: 'http://loinc.org', c: '1234-5' } },
      'idx.dt': { $elemMatch: { p: 'date', $or: [{ hi: { $gt: hi } }, { lo: { $gte: lo }, hi: { $lte: hi } }] } },
      'idx.ref': { $elemMatch: { p: 'patient', r: 'Patient/1' } },
    });
  });

  const cases: [string, () => SearchFilter, Document][] = [
    ['token code only', () => param(r, 'Observation', 'code', [token('x')]), { 'idx.tok': { $elemMatch: { p: 'code', c: 'x' } } }],
    ['token |code (no system)', () => param(r, 'Observation', 'code', [token('x', undefined, true)]), { 'idx.tok': { $elemMatch: { p: 'code', s: null, c: 'x' } } }],
    ['token OR values', () => param(r, 'Observation', 'code', [token('a'), token('b')]),
      { $or: [{ 'idx.tok': { $elemMatch: { p: 'code', c: 'a' } } }, { 'idx.tok': { $elemMatch: { p: 'code', c: 'b' } } }] }],
    ['token :not', () => param(r, 'Observation', 'code', [token('a')], 'not'), { $nor: [{ 'idx.tok': { $elemMatch: { p: 'code', c: 'a' } } }] }],
    ['token :text', () => param(r, 'Observation', 'code', [text('Héllo (x)')], 'text'), { 'idx.tok': { $elemMatch: { p: 'code', t: { $regex: 'hello \\(x\\)' } } } }],
    ['token :of-type', () => param(r, 'Patient', 'identifier', [{ kind: 'of-type', typeSystem: 'http://t', typeCode: 'MR', value: '7' }], 'of-type'),
      { 'idx.tok': { $elemMatch: { p: 'identifier', y: 'http://t|MR', c: '7' } } }],
    ['string default is an escaped prefix', () => param(r, 'Patient', 'family', [text('O.Br*')]), { 'idx.str': { $elemMatch: { p: 'family', n: { $regex: '^o\\.br\\*' } } } }],
    ['string :exact', () => param(r, 'Patient', 'family', [text('$gt')], 'exact'), { 'idx.str': { $elemMatch: { p: 'family', e: '$gt' } } }],
    ['string :contains', () => param(r, 'Patient', 'family', [text('a|b')], 'contains'), { 'idx.str': { $elemMatch: { p: 'family', n: { $regex: 'a\\|b' } } } }],
    [':missing=true', () => param(r, 'Patient', 'birthdate', [missing(true)], 'missing'), { $nor: [{ 'idx.dt': { $elemMatch: { p: 'birthdate' } } }] }],
    [':missing=false', () => param(r, 'Patient', 'birthdate', [missing(false)], 'missing'), { 'idx.dt': { $elemMatch: { p: 'birthdate' } } }],
    ['date eq', () => param(r, 'Patient', 'birthdate', [date('eq', '2020-02')]),
      { 'idx.dt': { $elemMatch: { p: 'birthdate', lo: { $gte: ms('2020-02-01T00:00:00Z') }, hi: { $lte: ms('2020-02-29T23:59:59.999Z') } } } }],
    ['date sa', () => param(r, 'Patient', 'birthdate', [date('sa', '2020')]), { 'idx.dt': { $elemMatch: { p: 'birthdate', lo: { $gt: ms('2020-12-31T23:59:59.999Z') } } } }],
    ['quantity with system and code', () => param(r, 'Observation', 'value-quantity', [qty('gt', '5.4', 'http://unitsofmeasure.org', 'mg')]),
      { 'idx.qty': { $elemMatch: { p: 'value-quantity', v: { $gt: 5.4 }, c: 'mg', s: 'http://unitsofmeasure.org' } } }],
    ['reference Type/id', () => param(r, 'Observation', 'subject', [ref('Patient/1')]), { 'idx.ref': { $elemMatch: { p: 'subject', r: 'Patient/1' } } }],
    ['reference :identifier', () => param(r, 'Observation', 'subject', [identifier('http://id', '42')], 'identifier'),
      { 'idx.ref': { $elemMatch: { p: 'subject', iv: '42', is: 'http://id' } } }],
    ['uri :below', () => param(r, 'ValueSet', 'url', [uri('http://a.org/fhir')], 'below'), { 'idx.uri': { $elemMatch: { p: 'url', v: { $regex: '^http:\\/\\/a\\.org\\/fhir' } } } }],
    ['uri :above', () => param(r, 'ValueSet', 'url', [uri('http://a/b')], 'above'),
      { 'idx.uri': { $elemMatch: { p: 'url', v: { $in: ['http://a/b', 'http://a/', 'http://a', 'http://', 'http:/', 'http:', 'http', 'htt', 'ht', 'h'] } } } }],
    ['composite', () => param(r, 'Observation', 'code-value-quantity', [composite(token('1234-5', 'http://loinc.org'), qty('lt', '10'))]),
      { 'idx.cmp': { $elemMatch: { p: 'code-value-quantity', 'c0.s': 'http://loinc.org', 'c0.c': '1234-5', 'c1.v': { $lt: 10 } } } }],
    ['_id', () => param(r, 'Patient', '_id', [token('a'), token('b')]), { id: { $in: ['a', 'b'] } }],
    ['_lastUpdated', () => param(r, 'Patient', '_lastUpdated', [date('lt', '2021')]), { ts: { $lt: ms('2021-01-01T00:00:00Z') } }],
    ['_list', () => ({ kind: 'param', param: LIST, modifier: undefined, targetType: undefined, values: [token('L')] }), { _id: { $in: ['Patient/5'] } }],
  ];
  it.each(cases)('%s', async (_label, make, expected) => {
    expect(await compileFilter(make(), runner().run)).toEqual(expected);
  });

  it('resolves a chain inner-first and filters by $in of the ids', async () => {
    const { run, seen } = runner(['Patient/1', 'Patient/2']);
    const f = await compileFilter(chain(r, 'Observation', 'subject', 'Patient', param(r, 'Patient', 'name', [text('x')])), run);
    expect(seen[0]).toEqual({ deleted: false, resourceType: 'Patient', 'idx.str': { $elemMatch: { p: 'name', n: { $regex: '^x' } } } });
    expect(f).toEqual({ 'idx.ref': { $elemMatch: { p: 'subject', r: { $in: ['Patient/1', 'Patient/2'] } } } });
  });

  it('resolves _has into the referenced ids', async () => {
    const { run, seen } = runner([], ['Patient/9']);
    const f = await compileFilter(has(r, 'Observation', 'patient', param(r, 'Observation', 'code', [token('x')])), run);
    expect(seen[0]).toMatchObject({ resourceType: 'Observation' });
    expect(f).toEqual({ _id: { $in: ['Patient/9'] } });
  });

  it('matches nothing when a chain finds no target', async () => {
    const f = await compileFilter(chain(r, 'Observation', 'subject', 'Patient', param(r, 'Patient', 'name', [text('x')])), runner([]).run);
    expect(f).toEqual({ _id: { $in: [] } });
  });

  it('restricts to a compartment', async () => {
    const f = await compileSearchFilter(searchRequest(['Observation'], [], { compartment: 'Patient/1' }), runner().run);
    expect(f).toEqual({ deleted: false, resourceType: 'Observation', compartments: 'Patient/1' });
  });

  it.each([
    ['token :in', () => param(r, 'Observation', 'code', [uri('http://vs')], 'in')],
    ['token :below', () => param(r, 'Observation', 'code', [token('x')], 'below')],
  ] as const)('refuses %s with a not-supported 400', async (_label, make) => {
    const e: unknown = await compileFilter(make(), runner().run).catch((x: unknown) => x);
    expect(isOperationOutcomeError(e) && e.category).toBe('invalid');
    expect(isOperationOutcomeError(e) && e.outcome.issue[0]?.code).toBe('not-supported');
  });
});

describe('compileSort', () => {
  it('sorts by precomputed keys, missing last, then _id', () => {
    expect(compileSort([sortBy(r, 'Patient', 'birthdate'), sortBy(r, 'Patient', 'family', true), sortBy(r, 'Patient', '_lastUpdated')])).toEqual([
      { field: 'sort.birthdate.lo', dir: 1, nullsLast: true },
      { field: 'sort.family.hi', dir: -1, nullsLast: true },
      { field: 'ts', dir: 1, nullsLast: false },
      { field: '_id', dir: 1, nullsLast: false },
    ]);
  });
});
