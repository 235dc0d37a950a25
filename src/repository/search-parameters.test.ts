import { describe, expect, it } from 'vitest';
import type { Patient, SearchParameter } from 'fhir/r4.js';
import { isOperationOutcomeError } from '../core/outcomes.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { runtimeDefinition } from './search-parameters.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const KNOWN = new Set(['Patient', 'Observation']);
const sp = (extra: Partial<SearchParameter> = {}): SearchParameter => ({
  resourceType: 'SearchParameter', url: 'http://x/sp', name: 'x', status: 'active', description: 'x', code: 'nick',
  base: ['Patient'], type: 'string', expression: "Patient.extension.where(url='http://x/nick').value", ...extra,
});

describe('runtimeDefinition', () => {
  it.each<[string, Partial<SearchParameter>, string[] | undefined]>([
    ['an active string parameter', {}, ['Patient']],
    ['draft: none', { status: 'draft' }, undefined],
    ['no expression: none', { expression: undefined }, undefined],
    ['composite: none', { type: 'composite' }, undefined],
    ['special: none', { type: 'special' }, undefined],
    ['unknown bases dropped', { base: ['Patient', 'Nope'] }, ['Patient']],
    ['only unknown bases: none', { base: ['Nope'] }, undefined],
  ])('%s', (_label, extra, bases) => {
    expect(runtimeDefinition(sp(extra), KNOWN)?.base).toEqual(bases);
  });

  it.each<[string, Partial<SearchParameter>]>([
    ['a code starting with _', { code: '_nick' }],
    ['a code with spaces', { code: 'ni ck' }],
    ['an expression that does not compile', { expression: 'Patient.name.where(' }],
  ])('refuses %s with 422', (_label, extra) => {
    let category: string | undefined;
    try {
      runtimeDefinition(sp(extra), KNOWN);
    } catch (e) {
      category = isOperationOutcomeError(e) ? e.category : 'other';
    }
    expect(category).toBe('unprocessable');
  });
});

describe.each(storeKinds)('on the %s store', (kind) => {
  describe('SearchParameters through the repository', () => {
    const ctx = testContext();
    const open = async () => {
      const registry = loadSearchParamRegistry();
      const extractor = createIndexExtractor(registry);
      const store = await openTestStore(kind, registry, extractor);
      return { registry, extractor, store, repo: makeRepository({ store, registry, extractor, validator: createSchemaValidator() }) };
    };
    const nick = (value: string): Patient => ({ resourceType: 'Patient', extension: [{ url: 'http://x/nick', valueString: value }] });
    const search = async (repo: Awaited<ReturnType<typeof open>>['repo'], q: string) =>
      (await repo.search(ctx, 'Patient', new URLSearchParams(q))).entry?.map((e) => e.resource?.id) ?? [];

    it('defines on create, redefines on update, removes on delete; a rolled-back transaction defines nothing', async () => {
      const { registry, repo } = await open();
      const created = await repo.create(ctx, sp());
      expect(registry.get('Patient', 'nick')?.type).toBe('string');
      const id = created.resource.id ?? '';
      await repo.update(ctx, 'SearchParameter', id, { ...sp({ code: 'alias' }), id });
      expect(registry.get('Patient', 'nick')).toBeUndefined();
      expect(registry.get('Patient', 'alias')).toBeDefined();
      await repo.delete(ctx, 'SearchParameter', id);
      expect(registry.get('Patient', 'alias')).toBeUndefined();

      const failed = await outcomeOf(repo.bundle(ctx, {
        resourceType: 'Bundle', type: 'transaction', entry: [
          { resource: sp({ code: 'ghost' }), request: { method: 'POST', url: 'SearchParameter' } },
          { request: { method: 'GET', url: 'Patient/missing' } },
        ],
      }));
      expect(failed.category).toBe('not-found');
      expect(registry.get('Patient', 'ghost')).toBeUndefined();
    });

    it('loads the stored ones at boot (a new repository over the same store)', async () => {
      const { store, extractor, repo } = await open();
      await repo.create(ctx, sp());
      await repo.create(ctx, sp({ code: 'sleepy', status: 'retired' }));
      await repo.create(ctx, nick('Bob'));
      const registry = loadSearchParamRegistry();
      const again = makeRepository({ store, registry, extractor, validator: createSchemaValidator() });
      expect(registry.get('Patient', 'nick')).toBeUndefined();
      expect(await again.loadSearchParameters()).toBe(1);
      expect(registry.get('Patient', 'nick')).toBeDefined();
      expect(registry.get('Patient', 'sleepy')).toBeUndefined();
      // The store's extractor used the first registry, which learnt `nick` at create: the Patient is indexed.
      expect(await search(again, 'nick=bob')).toHaveLength(1);
    });
  });
});
