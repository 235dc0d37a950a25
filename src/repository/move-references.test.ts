import { describe, it, expect, beforeEach } from 'vitest';
import type { FhirResource, Observation, Provenance, Reference } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { movableTypes, movePatientReferences, planPatientReferenceMove, rewritePatientReferences } from './move-references.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

describe('rewritePatientReferences', () => {
  it.each([
    ['relative', 'Patient/a', 'Patient/b'],
    ['absolute under the base', 'http://test/fhir/Patient/a', 'Patient/b'],
    ['versioned', 'Patient/a/_history/3', 'Patient/b'],
    ['another patient', 'Patient/c', undefined],
    ['another server', 'http://elsewhere/fhir/Patient/a', undefined],
  ])('%s', (_label, reference, expected) => {
    const obs: Observation = { resourceType: 'Observation', status: 'final', code: {}, subject: { reference, display: 'x' } };
    const out = rewritePatientReferences(obs, 'Patient/a', 'Patient/b', 'http://test/fhir') as Observation | undefined;
    expect(out?.subject?.reference).toBe(expected);
    expect(obs.subject?.reference).toBe(reference); // the input is not mutated
  });

  it('leaves Patient, Provenance and AuditEvent alone', () => {
    const types = movableTypes();
    expect(types).toContain('Observation');
    expect(types).toContain('Encounter');
    for (const t of ['Patient', 'Provenance', 'AuditEvent']) expect(types).not.toContain(t);
  });
});

describe.each(storeKinds)('movePatientReferences on the %s store', (kind) => {
  let repo: FhirRepository;
  const put = async (r: FhirResource): Promise<void> => {
    await repo.update(ctx, r.resourceType, r.id ?? '', r);
  };

  beforeEach(async () => {
    repo = makeRepository({ store: await openTestStore(kind, registry, extractor), registry, extractor, validator });
    for (const id of ['a', 'b']) await put({ resourceType: 'Patient', id });
    for (let i = 1; i <= 5; i++) {
      await put({ resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/a' } });
    }
    await put({ resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/a' } });
    await put({ resourceType: 'Observation', id: 'other', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/b' } });
  });

  it('moves the compartment in bounded batches, each with its Provenance; a second run writes nothing', async () => {
    const provenance = (targets: readonly Reference[]): Provenance => ({
      resourceType: 'Provenance', recorded: '2024-01-01T00:00:00Z', target: targets.map((t) => ({ reference: t.reference ?? '' })),
      agent: [{ who: { display: 'test' } }],
    });
    const first = await movePatientReferences(repo, ctx, 'Patient/a', 'Patient/b', { batchSize: 2, provenance });
    expect(first).toEqual({ moved: 6, batches: 3, notMoved: [] });
    const inB = await repo.search(ctx, undefined, new URLSearchParams([['_type', 'Observation,Condition']]), 'Patient/b');
    expect(inB.entry?.map((e) => e.resource?.id).sort()).toEqual(['c1', 'o1', 'o2', 'o3', 'o4', 'o5', 'other']);
    const inA = await repo.search(ctx, undefined, new URLSearchParams([['_type', 'Observation,Condition']]), 'Patient/a');
    expect(inA.entry ?? []).toEqual([]);
    const provs = await repo.search(ctx, 'Provenance', new URLSearchParams());
    expect(provs.entry?.flatMap((e) => (e.resource as Provenance).target.map((t) => t.reference)).sort())
      .toEqual(['Condition/c1', 'Observation/o1', 'Observation/o2', 'Observation/o3', 'Observation/o4', 'Observation/o5']);
    expect((await repo.read(ctx, 'Observation', 'other')).meta?.versionId).toBe('1');

    expect(await movePatientReferences(repo, ctx, 'Patient/a', 'Patient/b', { batchSize: 2, provenance })).toEqual({ moved: 0, batches: 0, notMoved: [] });
    expect((await repo.read(ctx, 'Observation', 'o1')).meta?.versionId).toBe('2');
  });

  it('plans exactly what the move then does, across pages, writing nothing; the limit cuts the list', async () => {
    const plan = await planPatientReferenceMove(repo, ctx, 'Patient/a', 'Patient/b', { batchSize: 2 });
    expect(plan.truncated).toBe(false);
    expect(plan.notMoved).toEqual([]);
    expect(plan.resources.map((r) => r.resource).sort()).toEqual(['Condition/c1', 'Observation/o1', 'Observation/o2', 'Observation/o3', 'Observation/o4', 'Observation/o5']);
    expect(plan.resources.find((r) => r.resource === 'Observation/o1')).toEqual({ resource: 'Observation/o1', versionId: '1', changedElements: ['subject'] });
    expect((await repo.read(ctx, 'Observation', 'o1')).meta?.versionId).toBe('1');
    expect(await planPatientReferenceMove(repo, ctx, 'Patient/a', 'Patient/b', { batchSize: 2, limit: 3 })).toMatchObject({ truncated: true, resources: { length: 3 } });
    expect((await movePatientReferences(repo, ctx, 'Patient/a', 'Patient/b')).moved).toBe(plan.resources.length);
    expect((await planPatientReferenceMove(repo, ctx, 'Patient/a', 'Patient/b')).resources).toEqual([]);
  });

  it('refuses references that are not to a Patient', async () => {
    expect((await outcomeOf(movePatientReferences(repo, ctx, 'Observation/o1', 'Patient/b'))).category).toBe('invalid');
  });
});
