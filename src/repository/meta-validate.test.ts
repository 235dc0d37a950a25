import { describe, it, expect, beforeEach } from 'vitest';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { metaInput } from './meta.js';
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
    await repo.update(ctx, 'Patient', 'p', { resourceType: 'Patient', id: 'p', meta: { tag: [{ system: 's', code: 'a' }] } });
  });

  describe('$meta', () => {
    it('returns the meta of the current or a given version', async () => {
      const m = await repo.meta(ctx, 'Patient', 'p');
      expect(m.parameter?.[0]?.name).toBe('return');
      expect(m.parameter?.[0]?.valueMeta?.tag).toEqual([{ system: 's', code: 'a' }]);
      expect((await repo.meta(ctx, 'Patient', 'p', '1')).parameter?.[0]?.valueMeta?.versionId).toBe('1');
      expect((await outcomeOf(repo.meta(ctx, 'Patient', 'none'))).category).toBe('not-found');
    });

    it('$meta-add adds without duplicates; $meta-delete removes; both make a version only on change', async () => {
      const added = await repo.metaAdd(ctx, 'Patient', 'p', { tag: [{ system: 's', code: 'a' }, { system: 's', code: 'b' }], profile: ['http://p'] });
      expect(added.parameter?.[0]?.valueMeta?.tag?.map((t) => t.code)).toEqual(['a', 'b']);
      expect(added.parameter?.[0]?.valueMeta?.profile).toEqual(['http://p']);
      expect(added.parameter?.[0]?.valueMeta?.versionId).toBe('2');
      const again = await repo.metaAdd(ctx, 'Patient', 'p', { tag: [{ system: 's', code: 'b' }] });
      expect(again.parameter?.[0]?.valueMeta?.versionId).toBe('2');
      const removed = await repo.metaDelete(ctx, 'Patient', 'p', { tag: [{ system: 's', code: 'a' }], profile: ['http://p'] });
      expect(removed.parameter?.[0]?.valueMeta?.tag?.map((t) => t.code)).toEqual(['b']);
      expect(removed.parameter?.[0]?.valueMeta?.profile).toBeUndefined();
      expect(removed.parameter?.[0]?.valueMeta?.versionId).toBe('3');
    });

    it('accepts Parameters input', () => {
      expect(metaInput({ resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [{ code: 'x' }] } }] })).toEqual({ tag: [{ code: 'x' }] });
      expect(() => metaInput({ resourceType: 'Parameters' })).toThrow();
    });
  });

  describe('$validate', () => {
    it('returns an all-OK outcome for a valid resource', async () => {
      const o = await repo.validate(ctx, { resourceType: 'Patient', gender: 'male' }, undefined, undefined);
      expect(o.issue[0]?.severity).toBe('information');
    });

    it('returns errors (never throws) for schema problems and dangling references', async () => {
      const bad = await repo.validate(ctx, { resourceType: 'Patient', gender: 'robot' }, 'create', undefined);
      expect(bad.issue[0]).toMatchObject({ severity: 'error', expression: ['Patient.gender'] });
      const dangling = await repo.validate(ctx, { resourceType: 'Observation', status: 'final', code: { text: 'c' }, subject: { reference: 'Patient/ghost' } }, 'create', undefined);
      expect(dangling.issue[0]).toMatchObject({ severity: 'error', code: 'processing' });
      const noId = await repo.validate(ctx, { resourceType: 'Patient' }, 'update', undefined);
      expect(noId.issue[0]?.code).toBe('required');
    });

    it('warns that profiles are not checked', async () => {
      const o = await repo.validate(ctx, { resourceType: 'Patient' }, 'create', 'http://example.org/profile');
      expect(o.issue.map((i) => i.severity)).toEqual(['warning']);
    });
  });
});
