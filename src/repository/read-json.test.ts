import { describe, it, expect, beforeEach } from 'vitest';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirStore, StoredJson } from '../ports/fhir-store.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

/** The store with `readJson` served from `read` + stringify (as an adapter keeping JSON text would), counting calls. */
function withReadJson(store: FhirStore, calls: { n: number }): FhirStore {
  const readJson = async (type: string, id: string): Promise<StoredJson | undefined> => {
    calls.n++;
    const v = await store.read(type, id);
    return v && { versionId: v.versionId, lastUpdated: v.lastUpdated, deleted: v.deleted, json: v.resource && JSON.stringify(v.resource) };
  };
  return new Proxy(store, { get: (target, key, receiver) => (key === 'readJson' ? readJson : Reflect.get(target, key, receiver) as unknown) });
}

describe.each(storeKinds)('on the %s store', (kind) => {
  describe.each([
    ['a store without readJson', false],
    ['a store with readJson', true],
  ])('readJson over %s', (_name, hasReadJson) => {
    let repo: FhirRepository;
    const calls = { n: 0 };
    beforeEach(async () => {
      const sqlite = await openTestStore(kind, registry, extractor);
      const store = hasReadJson ? withReadJson(sqlite, calls) : Object.assign(Object.create(sqlite) as FhirStore, { readJson: undefined });
      repo = makeRepository({ store, registry, extractor, validator });
      calls.n = 0;
    });

    it('answers the same text and version meta as read, and 404 / 410 like read', async () => {
      const created = await repo.create(ctx, { resourceType: 'Patient', gender: 'female', birthDate: '1974-12-25' });
      const id = created.resource.id ?? '';
      const read = await repo.read(ctx, 'Patient', id);
      const json = await repo.readJson(ctx, 'Patient', id);
      expect(json.json).toBe(JSON.stringify(read));
      expect(json.meta).toMatchObject({ versionId: read.meta?.versionId, lastUpdated: read.meta?.lastUpdated });
      expect(calls.n).toBe(hasReadJson ? 1 : 0);

      expect((await outcomeOf(repo.readJson(ctx, 'Patient', 'nope'))).outcome.issue[0]?.code).toBe('not-found');
      expect((await outcomeOf(repo.readJson(ctx, 'Patient', 'bad id!'))).outcome.issue[0]?.code).toBe('not-found');
      await repo.delete(ctx, 'Patient', id);
      expect((await outcomeOf(repo.readJson(ctx, 'Patient', id))).outcome.issue[0]?.code).toBe('deleted');
    });

    it('uses the parsed resource when a patient compartment must be checked', async () => {
      const other = await repo.create(ctx, { resourceType: 'Patient', gender: 'male' });
      const id = other.resource.id ?? '';
      const scoped = testContext({ patientCompartment: 'Patient/someone-else' });
      expect((await outcomeOf(repo.readJson(scoped, 'Patient', id))).outcome.issue[0]?.code).toBe('not-found');
      expect(calls.n).toBe(0);
    });
  });
});
