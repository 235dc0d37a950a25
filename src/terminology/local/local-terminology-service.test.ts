import { describe, it, expect } from 'vitest';
import type { CodeSystem, ValueSet } from 'fhir/r4.js';
import { OperationOutcomeError } from '../../core/outcomes.js';
import type { ExpandRequest, TranslateRequest } from '../../ports/terminology-service.js';
import { TerminologyContent } from './content-registry.js';
import { LocalTerminologyService } from './local-terminology-service.js';
import * as fx from './fixtures/test-content.js';

const NOW = new Date('2026-01-02T03:04:05Z');
function service(): LocalTerminologyService {
  const content = new TerminologyContent();
  for (const r of fx.ALL) content.put(r);
  return new LocalTerminologyService({ content, clock: () => NOW });
}
const codes = (vs: ValueSet): string[] => (vs.expansion?.contains ?? []).map((c) => c.code ?? '');
async function errorOf(p: Promise<unknown>): Promise<OperationOutcomeError> {
  const e: unknown = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof OperationOutcomeError)) throw new Error('expected an OperationOutcomeError');
  return e;
}

describe('$lookup', () => {
  it('returns display, definition, designations, properties and the hierarchy', async () => {
    const r = await service().lookup({ system: fx.SHAPES, code: 'square' });
    expect(r).toMatchObject({ name: 'Shapes', version: '2.0.0', display: 'Square', definition: 'Four equal sides', abstract: false });
    expect(r.designations.map((d) => d.value)).toEqual(['Carré', 'Quadrat']);
    expect(r.properties).toEqual([{ code: 'parent', value: 'quadrilateral' }, { code: 'sides', value: 4 }]);
  });
  it.each([
    ['children from nesting and parent properties', 'round', undefined, [{ code: 'parent', value: 'shape' }, { code: 'child', value: 'circle' }, { code: 'child', value: 'oval' }]],
    ['only the asked properties', 'oval', ['parent'], [{ code: 'parent', value: 'round' }]],
    ['inactive flag from status', 'oval', ['inactive'], [{ code: 'inactive', value: true }]],
  ])('%s', async (_n, code, properties, expected) => {
    const r = await service().lookup({ system: fx.SHAPES, code, ...(properties !== undefined && { properties }) });
    expect(r.properties).toEqual(expected);
  });
  it('marks notSelectable concepts abstract and reads an older version on request', async () => {
    expect((await service().lookup({ system: fx.SHAPES, code: 'shape' })).abstract).toBe(true);
    expect((await service().lookup({ system: fx.SHAPES, version: '1.10.0', code: 'blob' })).display).toBe('Blob');
  });
  it.each([
    ['unknown system', { system: 'http://nope', code: 'x' }],
    ['unknown code', { system: fx.SHAPES, code: 'blob' }],
  ])('%s is not-found', async (_n, req) => {
    expect((await errorOf(service().lookup(req))).category).toBe('not-found');
  });
});

describe('CodeSystem/$validate-code', () => {
  it.each([
    ['known code', { code: 'triangle' }, true, []],
    ['unknown code', { code: 'hexagon' }, false, ['code-invalid']],
    ['display matches a designation', { code: 'square', display: 'carré' }, true, []],
    ['wrong display warns', { code: 'square', display: 'Box' }, true, ['invalid']],
    ['inactive code warns', { code: 'oval' }, true, ['business-rule']],
  ])('%s', async (_n, req, result, issueCodes) => {
    const r = await service().validateCodeInCodeSystem({ url: fx.SHAPES, ...req });
    expect(r.result).toBe(result);
    expect(r.issues.map((i) => i.code)).toEqual(issueCodes);
  });
  it('matches case-insensitive code systems', async () => {
    expect((await service().validateCodeInCodeSystem({ url: fx.COLORS, code: 'RED' })).result).toBe(true);
  });
});

describe('$expand', () => {
  it.each<[string, ExpandRequest, string[], number]>([
    ['descendent-of', { valueSet: fx.vsPolygons.url ?? '' }, ['triangle', 'quadrilateral', 'square', 'rectangle'], 4],
    ['property = with exclude', { valueSet: fx.vsFourSided.url ?? '' }, ['square', 'rectangle'], 2],
    ['imports, concept lists, unknown systems with lists', { valueSet: fx.vsMixed.url ?? '' }, ['triangle', 'quadrilateral', 'square', 'rectangle', 'red', 'blue', '8867-4'], 7],
    ['count/offset paging', { valueSet: fx.vsMixed.url ?? '', offset: 2, count: 3 }, ['square', 'rectangle', 'red'], 7],
    ['text filter word prefix', { valueSet: fx.vsMixed.url ?? '', filter: 'heart ra' }, ['8867-4'], 1],
    ['text filter on designations, accent-insensitive', { valueSet: fx.vsPolygons.url ?? '', filter: 'CARRE' }, ['square'], 1],
    ['text filter needs word starts', { valueSet: fx.vsPolygons.url ?? '', filter: 'angle' }, [], 0],
  ])('%s', async (_n, req, expected, total) => {
    const vs = await service().expand(req);
    expect(codes(vs)).toEqual(expected);
    expect(vs.expansion?.total).toBe(total);
    expect(vs.expansion?.timestamp).toBe(NOW.toISOString());
  });

  const inline = (filter: NonNullable<ValueSet['compose']>['include'][number]['filter']): ValueSet => ({
    resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: fx.SHAPES, ...(filter !== undefined && { filter }) }] },
  });
  it.each<[string, ValueSet, string[]]>([
    ['is-a includes the root', inline([{ property: 'concept', op: 'is-a', value: 'quadrilateral' }]), ['quadrilateral', 'square', 'rectangle']],
    ['is-not-a', inline([{ property: 'concept', op: 'is-not-a', value: 'polygon' }]), ['shape', 'round', 'circle', 'oval']],
    ['regex on code', inline([{ property: 'code', op: 'regex', value: '.*angle' }]), ['triangle', 'rectangle']],
    ['is-a through parent properties', inline([{ property: 'concept', op: 'is-a', value: 'round' }]), ['round', 'circle', 'oval']],
    ['two filters are ANDed', inline([{ property: 'concept', op: 'is-a', value: 'polygon' }, { property: 'sides', op: '=', value: '3' }]), ['triangle']],
    ['whole system', inline(undefined), ['shape', 'polygon', 'triangle', 'quadrilateral', 'square', 'rectangle', 'round', 'circle', 'oval']],
    ['a pinned version we hold', { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: fx.SHAPES, version: '1.10.0' }] } }, ['blob']],
    ['a pinned version we lack falls back to the latest', { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: fx.SHAPES, version: '0.1', concept: [{ code: 'circle' }] }] } }, ['circle']],
  ])('inline ValueSet: %s', async (_n, vs, expected) => {
    expect(codes(await service().expand({ valueSet: vs }))).toEqual(expected);
  });

  it('activeOnly drops inactive codes; includeDesignations adds them; abstract is flagged', async () => {
    const vs = inline([{ property: 'concept', op: 'is-a', value: 'shape' }]);
    const svc = service();
    expect(codes(await svc.expand({ valueSet: vs, activeOnly: true }))).not.toContain('oval');
    const full = await svc.expand({ valueSet: vs, includeDesignations: true, filter: 'square' });
    expect(full.expansion?.contains?.[0]?.designation?.map((d) => d.language)).toEqual(['fr', 'de']);
    expect((await svc.expand({ valueSet: vs, count: 1 })).expansion?.contains?.[0]).toMatchObject({ code: 'shape', abstract: true });
  });

  it('recomputes a cached expansion after the content changes', async () => {
    const svc = service();
    expect(codes(await svc.expand({ valueSet: fx.vsFourSided.url ?? '' }))).toEqual(['square', 'rectangle']);
    const rhombus: CodeSystem = { ...fx.shapes, version: '2.1.0', concept: [...(fx.shapes.concept ?? []), { code: 'rhombus', property: [{ code: 'sides', valueInteger: 4 }] }] };
    svc.content.put(rhombus);
    expect(codes(await svc.expand({ valueSet: fx.vsFourSided.url ?? '' }))).toEqual(['square', 'rectangle', 'rhombus']);
    svc.content.remove('CodeSystem', fx.SHAPES, '2.1.0');
    expect(codes(await svc.expand({ valueSet: fx.vsFourSided.url ?? '' }))).toEqual(['square', 'rectangle']);
  });

  it.each<[string, ExpandRequest, string]>([
    ['unknown ValueSet', { valueSet: 'http://nope/vs' }, 'not-found'],
    ['import cycle', { valueSet: fx.vsCycleA.url ?? '' }, 'unprocessable'],
    ['negative offset', { valueSet: fx.vsPolygons.url ?? '', offset: -1 }, 'invalid'],
    ['unknown filter operator', { valueSet: { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: fx.SHAPES, filter: [{ property: 'concept', op: 'child-of' as 'is-a', value: 'x' }] }] } } }, 'invalid'],
    ['whole unknown system', { valueSet: { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: 'http://nope' }] } } }, 'not-found'],
  ])('%s fails with %s', async (_n, req, category) => {
    expect((await errorOf(service().expand(req))).category).toBe(category);
  });
});

describe('ValueSet/$validate-code', () => {
  it.each([
    ['member', [{ system: fx.SHAPES, code: 'square' }], true, []],
    ['not a member', [{ system: fx.SHAPES, code: 'circle' }], false, ['code-invalid']],
    ['any coding of a CodeableConcept', [{ system: fx.SHAPES, code: 'circle' }, { system: fx.COLORS, code: 'blue' }], true, []],
    ['display from the include list', [{ system: fx.COLORS, code: 'blue', display: 'Blue' }], true, ['invalid']],
    ['case-insensitive system', [{ system: fx.COLORS, code: 'Red' }], true, []],
    ['wrong system', [{ system: fx.COLORS, code: 'square' }], false, ['code-invalid']],
  ])('%s', async (_n, codings, result, issueCodes) => {
    const r = await service().validateCodeInValueSet({ valueSet: fx.vsMixed.url ?? '', codings });
    expect(r.result).toBe(result);
    expect(r.issues.map((i) => i.code)).toEqual(issueCodes);
  });
  it('activeOnly refuses inactive members', async () => {
    const vs: ValueSet = { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: fx.SHAPES }] } };
    const req = { valueSet: vs, codings: [{ system: fx.SHAPES, code: 'oval' }] };
    expect((await service().validateCodeInValueSet(req)).result).toBe(true);
    expect((await service().validateCodeInValueSet({ ...req, activeOnly: true })).result).toBe(false);
  });
});

describe('$translate', () => {
  const lab = (code: string, extra: Partial<TranslateRequest> = {}): TranslateRequest => ({ system: fx.LOCAL_LAB, code, ...extra });
  it.each<[string, TranslateRequest, boolean, { code?: string; equivalence: string }[]]>([
    ['forward by system', lab('HR'), true, [{ code: '8867-4', equivalence: 'equivalent' }]],
    ['forward by map url', lab('HR', { url: fx.labMap.url ?? '' }), true, [{ code: '8867-4', equivalence: 'equivalent' }]],
    ['dependsOn picks the target', lab('GLU', { dependsOn: [{ property: 'specimen', value: 'SER' }] }), true, [{ code: '2345-7', equivalence: 'equivalent' }]],
    ['dependsOn missing: no conditional target, fixed default', lab('GLU'), true, [{ code: 'LA-unknown', equivalence: 'inexact' }]],
    ['wider equivalence', lab('CHEM'), true, [{ code: '24323-8', equivalence: 'wider' }]],
    ['explicit unmatched', lab('XX'), false, [{ equivalence: 'unmatched' }]],
    ['unmapped fixed', lab('ZZZ'), true, [{ code: 'LA-unknown', equivalence: 'inexact' }]],
    ['target system filter', lab('HR', { targetSystem: 'http://snomed.info/sct' }), false, []],
    ['source ValueSet narrows', lab('HR', { source: 'http://other/vs' }), false, []],
    ['reverse', { system: fx.LOINC, code: '24323-8', reverse: true }, true, [{ code: 'CHEM', equivalence: 'narrower' }]],
    ['unmapped provided passes the code through', { system: fx.COLORS, code: 'green' }, true, [{ code: 'green', equivalence: 'equal' }]],
    ['no map for the system', { system: 'http://nope', code: 'x' }, false, []],
  ])('%s', async (_n, req, result, expected) => {
    const r = await service().translate(req);
    expect(r.result).toBe(result);
    expect(r.matches.map((m) => ({ ...(m.concept?.code !== undefined && { code: m.concept.code }), equivalence: m.equivalence }))).toEqual(expected);
  });
  it('names the map and carries the target system, display and product', async () => {
    const [hr] = (await service().translate(lab('HR'))).matches;
    expect(hr).toEqual({ equivalence: 'equivalent', source: 'http://example.org/cm/lab-to-loinc|3', concept: { system: fx.LOINC, code: '8867-4', display: 'Heart rate' } });
    const [chem] = (await service().translate(lab('CHEM'))).matches;
    expect(chem?.product).toEqual([{ property: 'method', concept: { code: 'auto' } }]);
  });
  it('sees ConceptMaps added at runtime', async () => {
    const svc = service();
    expect((await svc.translate({ system: 'http://a', code: '1' })).result).toBe(false);
    svc.content.put({ resourceType: 'ConceptMap', url: 'http://example.org/cm/a-b', status: 'active', group: [{ source: 'http://a', target: 'http://b', element: [{ code: '1', target: [{ code: 'one', equivalence: 'equal' }] }] }] });
    expect((await svc.translate({ system: 'http://a', code: '1' })).matches[0]?.concept).toEqual({ system: 'http://b', code: 'one' });
  });
  it('follows an other-map unmapped rule', async () => {
    const svc = service();
    svc.content.put({ resourceType: 'ConceptMap', url: 'http://example.org/cm/first', status: 'active', group: [{ source: fx.LOCAL_LAB, target: fx.LOINC, element: [{ code: 'K', target: [{ code: '2823-3', equivalence: 'equivalent' }] }], unmapped: { mode: 'other-map', url: fx.labMap.url ?? '' } }] });
    const r = await svc.translate(lab('HR', { url: 'http://example.org/cm/first' }));
    expect(r.matches.map((m) => [m.concept?.code, m.source])).toEqual([['8867-4', 'http://example.org/cm/lab-to-loinc|3']]);
  });
  it('an unknown map url is not-found', async () => {
    expect((await errorOf(service().translate(lab('HR', { url: 'http://nope' })))).category).toBe('not-found');
  });
});

describe('$subsumes', () => {
  it.each([
    ['polygon', 'square', 'subsumes'],
    ['square', 'polygon', 'subsumed-by'],
    ['square', 'square', 'equivalent'],
    ['square', 'triangle', 'not-subsumed'],
    ['round', 'oval', 'subsumes'],
  ])('%s vs %s → %s', async (codeA, codeB, outcome) => {
    expect(await service().subsumes({ system: fx.SHAPES, codeA, codeB })).toBe(outcome);
  });
  it('an unknown code is invalid', async () => {
    expect((await errorOf(service().subsumes({ system: fx.SHAPES, codeA: 'x', codeB: 'square' }))).category).toBe('invalid');
  });
});
