import { describe, expect, it } from 'vitest';
import type { Bundle } from 'fhir/r4.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { TerminologyContent } from '../terminology/local/content-registry.js';
import { ALL, COLORS, SHAPES } from '../terminology/local/fixtures/test-content.js';
import { LocalTerminologyService } from '../terminology/local/local-terminology-service.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { FhirRepository } from './fhir-repository.js';
import { expandTerminologyModifiers } from './terminology-search.js';
import { outcomeOf, sequentialIds, steppingClock, testContext } from './test-harness.js';
import { parseSearchRequest } from '../core/search/parse.js';

const service = (): LocalTerminologyService => {
  const content = new TerminologyContent();
  for (const r of ALL) content.put(r);
  const every = [{ code: 'red' }, { code: 'green' }, { code: 'blue' }];
  content.put({ resourceType: 'ValueSet', url: 'http://example.org/vs/empty', status: 'active', compose: { include: [{ system: COLORS }], exclude: [{ system: COLORS, concept: every }] } });
  return new LocalTerminologyService({ content, clock: () => new Date(0) });
};

const OBS: readonly [string, string, string][] = [
  ['tri', SHAPES, 'triangle'], ['sq', SHAPES, 'square'], ['quad', SHAPES, 'quadrilateral'], ['circ', SHAPES, 'circle'], ['red', COLORS, 'red'],
];
const q = (s: string): URLSearchParams => new URLSearchParams(s);
const e = encodeURIComponent;

describe.each(storeKinds)('token terminology modifiers (%s)', (kind) => {
  async function setup(withTerminology = true) {
    const registry = loadSearchParamRegistry();
    const extractor = createIndexExtractor(registry);
    const store = await openTestStore(kind, registry, extractor);
    const repo = new FhirRepository({
      store, registry, extractor, validator: createSchemaValidator(), clock: steppingClock(), ids: sequentialIds(),
      ...(withTerminology && { terminology: service() }),
    });
    for (const [id, system, code] of OBS) {
      await repo.update(testContext(), 'Observation', id, { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system, code }] } });
    }
    await repo.create(testContext(), { resourceType: 'Observation', status: 'final', code: { text: 'no coding' } });
    return { store, repo };
  }
  const ids = (b: Bundle): string[] => (b.entry ?? []).map((x) => x.resource?.id ?? '').filter((id) => !id.startsWith('id-')).sort();

  it.each([
    ['code:in a ValueSet', `code:in=${e('http://example.org/vs/polygons')}`, ['quad', 'sq', 'tri']],
    ['code:in a nested ValueSet', `code:in=${e('http://example.org/vs/mixed')}`, ['quad', 'red', 'sq', 'tri']],
    ['code:not-in a ValueSet', `code:not-in=${e('http://example.org/vs/polygons')}`, ['circ', 'red']],
    ['code:below system|code', `code:below=${e(`${SHAPES}|quadrilateral`)}`, ['quad', 'sq']],
    ['code:above system|code', `code:above=${e(`${SHAPES}|square`)}`, ['quad', 'sq']],
    ['code:in an empty ValueSet', `code:in=${e('http://example.org/vs/empty')}`, []],
    ['code:not-in an empty ValueSet', `code:not-in=${e('http://example.org/vs/empty')}`, ['circ', 'quad', 'red', 'sq', 'tri']],
    ['code:in an unknown ValueSet', `code:in=${e('http://example.org/vs/none')}`, 'invalid'],
    ['code:below without a system', 'code:below=square', 'invalid'],
  ])('%s', async (_n, query, expected) => {
    const { store, repo } = await setup();
    if (expected === 'invalid') {
      expect((await outcomeOf(repo.search(testContext(), 'Observation', q(query)))).category).toBe('invalid');
    } else {
      expect(ids(await repo.search(testContext(), 'Observation', q(query)))).toEqual(expected);
    }
    await store.close();
  });

  it('keeps the 400 when no terminology service is wired', async () => {
    const { store, repo } = await setup(false);
    const error = await outcomeOf(repo.search(testContext(), 'Observation', q(`code:in=${e('http://example.org/vs/polygons')}`)));
    expect(error.category).toBe('invalid');
    await store.close();
  });
});

describe('expandTerminologyModifiers', () => {
  const registry = loadSearchParamRegistry();
  const parse = (s: string) => parseSearchRequest('Observation', q(s), registry, { lenient: false, defaultCount: 10, maxCount: 100 });

  it('past the cap answers 400 too-costly', async () => {
    const error = await outcomeOf(expandTerminologyModifiers(service(), parse(`code:in=${e('http://example.org/vs/polygons')}`), 3));
    expect(error.category).toBe('invalid');
    expect(error.outcome.issue[0]?.code).toBe('too-costly');
  });
  it('leaves other filters alone and rewrites :not-in as :not', async () => {
    const out = await expandTerminologyModifiers(service(), parse(`status=final&code:not-in=${e('http://example.org/vs/polygons')}`));
    expect(out.filters.map((f) => (f.kind === 'param' ? [f.param.code, f.modifier, f.values.length] : []))).toEqual([['status', undefined, 1], ['code', 'not', 4]]);
  });
});
