import { describe, expect, it } from 'vitest';
import type { Bundle, Observation } from 'fhir/r4.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import type { FhirStore } from '../ports/fhir-store.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry, { localBaseUrls: ['http://public.example/fhir'] });
const validator = createSchemaValidator();
const ctx = testContext();

describe.each(storeKinds)('on the %s store', (kind) => {
  async function open(referentialIntegrity = true) {
    const inner = await openTestStore(kind, registry, extractor);
    let transactions = 0;
    const store: FhirStore = Object.assign(Object.create(inner) as FhirStore, {
      transaction: <T>(work: Parameters<FhirStore['transaction']>[0]) => {
        transactions++;
        return inner.transaction(work) as Promise<T>;
      },
    });
    const repo = makeRepository({ store, registry, extractor, validator, config: { referentialIntegrity, localBaseUrls: ['http://public.example/fhir'] } });
    return { repo, transactions: () => transactions };
  }
  const obs = (subject: string): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: subject } });

  describe('delete under referential integrity', () => {
    it('409 without retrying the store transaction, also with If-Match', async () => {
      const { repo, transactions } = await open();
      const p = (await repo.create(ctx, { resourceType: 'Patient' })).resource.id ?? '';
      const o = (await repo.create(ctx, obs(`http://public.example/fhir/Patient/${p}`))).resource.id ?? '';
      const before = transactions();
      const e = await outcomeOf(repo.delete(ctx, 'Patient', p));
      expect(e.category).toBe('conflict');
      expect(e.outcome.issue[0]?.diagnostics).toContain(`Observation/${o}`);
      expect(transactions() - before).toBe(1);
      expect((await outcomeOf(repo.delete(ctx, 'Patient', p, { ifMatch: 1 }))).category).toBe('conflict');
    });

    it('conditional delete of resources referring to each other succeeds; a batch entry gets its own 409', async () => {
      const { repo } = await open();
      const a = (await repo.create(ctx, { resourceType: 'Patient', gender: 'other' })).resource.id ?? '';
      await repo.update(ctx, 'Patient', 'b', { resourceType: 'Patient', id: 'b', gender: 'other', link: [{ other: { reference: `Patient/${a}` }, type: 'seealso' }] });
      expect(await repo.conditionalDelete(ctx, 'Patient', 'gender=other')).toEqual({ deleted: 2 });

      const p = (await repo.create(ctx, { resourceType: 'Patient' })).resource.id ?? '';
      await repo.create(ctx, obs(`Patient/${p}`));
      const batch: Bundle = await repo.bundle(ctx, { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'DELETE', url: `Patient/${p}` } }] });
      expect(batch.entry?.[0]?.response?.status).toBe('409');
      const outcome = batch.entry?.[0]?.response?.outcome;
      expect(outcome?.resourceType === 'OperationOutcome' ? outcome.issue[0]?.code : undefined).toBe('processing');
    });

    it('deletes referenced resources when referential integrity is off', async () => {
      const { repo } = await open(false);
      const p = (await repo.create(ctx, { resourceType: 'Patient' })).resource.id ?? '';
      await repo.create(ctx, obs(`Patient/${p}`));
      await repo.delete(ctx, 'Patient', p);
      expect((await outcomeOf(repo.read(ctx, 'Patient', p))).category).toBe('gone');
    });
  });
});
