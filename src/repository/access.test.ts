import { describe, it, expect, beforeAll } from 'vitest';
import type { Observation, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const admin = testContext();
const asP1 = testContext({ patientCompartment: 'Patient/p1' });
const obs = (id: string, subject: string): Observation => ({ resourceType: 'Observation', id, status: 'final', code: { text: 'c' }, subject: { reference: subject } });

describe.each(storeKinds)('on the %s store', (kind) => {
  let repo: FhirRepository;
  beforeAll(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
    for (const id of ['p1', 'p2']) await repo.update(admin, 'Patient', id, { resourceType: 'Patient', id } satisfies Patient);
    await repo.update(admin, 'Observation', 'mine', obs('mine', 'Patient/p1'));
    await repo.update(admin, 'Observation', 'theirs', obs('theirs', 'Patient/p2'));
    await repo.update(admin, 'Medication', 'm', { resourceType: 'Medication', id: 'm' });
  });

  describe('patient compartment restriction', () => {
    it('reads: own compartment and shared types visible; others 404', async () => {
      expect((await repo.read(asP1, 'Observation', 'mine')).id).toBe('mine');
      expect((await repo.read(asP1, 'Patient', 'p1')).id).toBe('p1');
      expect((await repo.read(asP1, 'Medication', 'm')).id).toBe('m');
      expect((await outcomeOf(repo.read(asP1, 'Observation', 'theirs'))).category).toBe('not-found');
      expect((await outcomeOf(repo.read(asP1, 'Patient', 'p2'))).category).toBe('not-found');
      expect((await outcomeOf(repo.vread(asP1, 'Observation', 'theirs', '1'))).category).toBe('not-found');
      expect((await outcomeOf(repo.history(asP1, 'Observation', 'theirs', new URLSearchParams()))).category).toBe('not-found');
    });

    it('search is limited to the compartment; another compartment is 403', async () => {
      const b = await repo.search(asP1, 'Observation', new URLSearchParams());
      expect(b.entry?.map((e) => e.resource?.id)).toEqual(['mine']);
      const patients = await repo.search(asP1, 'Patient', new URLSearchParams());
      expect(patients.entry?.map((e) => e.resource?.id)).toEqual(['p1']);
      expect((await outcomeOf(repo.search(asP1, 'Observation', new URLSearchParams(), 'Patient/p2'))).category).toBe('forbidden');
      const inc = await repo.search(asP1, 'Patient', new URLSearchParams('_revinclude=Observation:subject'));
      expect(inc.entry?.map((e) => e.resource?.id).sort()).toEqual(['mine', 'p1']);
    });

    it('writes outside the compartment are 403; inside are allowed', async () => {
      expect((await outcomeOf(repo.create(asP1, obs('x', 'Patient/p2')))).category).toBe('forbidden');
      expect((await outcomeOf(repo.create(asP1, { resourceType: 'Medication' }))).category).toBe('forbidden');
      expect((await outcomeOf(repo.update(asP1, 'Observation', 'theirs', obs('theirs', 'Patient/p1')))).category).toBe('not-found');
      expect((await outcomeOf(repo.delete(asP1, 'Observation', 'theirs'))).category).toBe('not-found');
      expect((await repo.create(asP1, obs('y', 'Patient/p1'))).created).toBe(true);
      const moved = await outcomeOf(repo.update(asP1, 'Observation', 'mine', obs('mine', 'Patient/p2')));
      expect(moved.category).toBe('forbidden');
    });
  });

  describe('referential integrity', () => {
    it.each([
      ['relative', 'Patient/ghost', 'unprocessable'],
      ['versioned', 'Patient/ghost/_history/1', 'unprocessable'],
      ['absolute on this server', 'http://test/fhir/Patient/ghost', 'unprocessable'],
      ['deleted target', 'Patient/deleted', 'unprocessable'],
    ])('a %s dangling reference is 422 with its path', async (_name, ref, category) => {
      await repo.update(admin, 'Patient', 'deleted', { resourceType: 'Patient', id: 'deleted' });
      await repo.delete(admin, 'Patient', 'deleted');
      const e = await outcomeOf(repo.create(admin, obs('z', ref)));
      expect(e.category).toBe(category);
      expect(e.outcome.issue[0]?.code).toBe('processing');
      expect(e.outcome.issue[0]?.expression).toEqual(['Observation.subject.reference']);
    });

    it.each([
      ['contained', '#c'],
      ['another server', 'https://elsewhere.org/fhir/Patient/1'],
      ['an existing resource', 'Patient/p1'],
      ['an absolute URL of an existing one', 'http://test/fhir/Patient/p1'],
    ])('accepts a reference to %s', async (_name, ref) => {
      const r = await repo.create(admin, { ...obs('z', ref), ...(ref === '#c' ? { contained: [{ resourceType: 'Patient', id: 'c' }] } : {}) });
      expect(r.created).toBe(true);
    });

    it('can be turned off', async () => {
      const store = await openTestStore(kind, registry, extractor);
      const loose = makeRepository({ store, registry, extractor, validator, config: { referentialIntegrity: false } });
      expect((await loose.create(admin, obs('z', 'Patient/ghost'))).created).toBe(true);
    });
  });
});
