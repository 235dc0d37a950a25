import { describe, it, expect, beforeEach } from 'vitest';
import type { Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

describe.each(storeKinds)('on the %s store', (kind) => {
  let repo: FhirRepository;
  beforeEach(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
  });

  const withMrn = (mrn: string, extra: Partial<Patient> = {}): Patient => ({
    resourceType: 'Patient', identifier: [{ system: 'http://mrn', value: mrn }], ...extra,
  });

  describe('conditional create (If-None-Exist)', () => {
    it('0 matches: creates; 1 match: returns it (200, no write); >1: 412', async () => {
      const first = await repo.create(ctx, withMrn('1'), { ifNoneExist: 'identifier=http://mrn|1' });
      expect(first.created).toBe(true);
      const again = await repo.create(ctx, withMrn('1', { gender: 'male' }), { ifNoneExist: 'identifier=http://mrn|1' });
      expect(again).toMatchObject({ created: false, changed: false });
      expect(again.resource.id).toBe(first.resource.id);
      expect((again.resource as Patient).gender).toBeUndefined();
      await repo.create(ctx, withMrn('2'));
      await repo.create(ctx, withMrn('2'));
      expect((await outcomeOf(repo.create(ctx, withMrn('2'), { ifNoneExist: 'identifier=http://mrn|2' }))).category).toBe('precondition-failed');
    });

    it('unknown parameters in the condition are a 400', async () => {
      expect((await outcomeOf(repo.create(ctx, withMrn('1'), { ifNoneExist: 'bogus=1' }))).category).toBe('invalid');
      expect((await outcomeOf(repo.create(ctx, withMrn('1'), { ifNoneExist: '' }))).category).toBe('invalid');
    });
  });

  describe('conditional update', () => {
    it('0 matches: creates (server id); 1 match: updates it; >1: 412', async () => {
      const created = await repo.conditionalUpdate(ctx, 'Patient', 'identifier=http://mrn|7', withMrn('7'));
      expect(created.created).toBe(true);
      const updated = await repo.conditionalUpdate(ctx, 'Patient', 'identifier=http://mrn|7', withMrn('7', { gender: 'other' }));
      expect(updated).toMatchObject({ created: false, changed: true });
      expect(updated.resource.id).toBe(created.resource.id);
      expect(updated.resource.meta?.versionId).toBe('2');
      await repo.create(ctx, withMrn('8'));
      await repo.create(ctx, withMrn('8'));
      expect((await outcomeOf(repo.conditionalUpdate(ctx, 'Patient', 'identifier=http://mrn|8', withMrn('8')))).category).toBe('precondition-failed');
    });

    it('0 matches with a body id creates with that id; a body id different from the match is 400', async () => {
      const r = await repo.conditionalUpdate(ctx, 'Patient', 'identifier=http://mrn|9', withMrn('9', { id: 'chosen' }));
      expect(r.resource.id).toBe('chosen');
      const e = await outcomeOf(repo.conditionalUpdate(ctx, 'Patient', 'identifier=http://mrn|9', withMrn('9', { id: 'other' })));
      expect(e.category).toBe('invalid');
    });
  });

  describe('conditional delete and patch', () => {
    it('deletes every match; 0 matches is fine', async () => {
      await repo.create(ctx, withMrn('3'));
      await repo.create(ctx, withMrn('3'));
      await repo.create(ctx, withMrn('4'));
      expect(await repo.conditionalDelete(ctx, 'Patient', 'identifier=http://mrn|3')).toEqual({ deleted: 2 });
      expect(await repo.conditionalDelete(ctx, 'Patient', 'identifier=http://mrn|3')).toEqual({ deleted: 0 });
      const left = await repo.search(ctx, 'Patient', new URLSearchParams());
      expect(left.entry).toHaveLength(1);
    });

    it('conditional patch: one match patched, 0 → 404, several → 412', async () => {
      await repo.create(ctx, withMrn('5'));
      const ops = [{ op: 'add', path: '/gender', value: 'female' }];
      const r = await repo.conditionalPatch(ctx, 'Patient', 'identifier=http://mrn|5', { kind: 'json-patch', operations: ops });
      expect((r.resource as Patient).gender).toBe('female');
      expect((await outcomeOf(repo.conditionalPatch(ctx, 'Patient', 'identifier=http://mrn|6', { kind: 'json-patch', operations: ops }))).category).toBe('not-found');
      await repo.create(ctx, withMrn('5'));
      expect((await outcomeOf(repo.conditionalPatch(ctx, 'Patient', 'identifier=http://mrn|5', { kind: 'json-patch', operations: ops }))).category).toBe('precondition-failed');
    });
  });
});
