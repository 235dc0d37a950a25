import type { ConceptMap, Observation, Resource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM } from '../core/code-mapping.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { LAB, LOINC, SHARED_LAB_MAP, mappingTestService, sharedLabMap } from '../terminology/mapping/test-fixtures.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { FhirRepository } from './fhir-repository.js';
import { remapPlan, remapResource } from './remap-codings.js';
import { RemapJobs } from './remap-jobs.js';
import { outcomeOf, sequentialIds, steppingClock, testContext } from './test-harness.js';

const tag = (code: string) => ({ system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code });
const obs = (id: string, codings: { system: string; code: string }[], tags: string[]): Observation => ({
  resourceType: 'Observation', id, status: 'final', code: { coding: codings, text: 'glucose' },
  ...(tags.length > 0 && { meta: { tag: tags.map(tag) } }),
});
const mapV2: ConceptMap = { ...sharedLabMap, id: 'lab', version: '2', group: [{ source: LAB, target: LOINC, element: [
  { code: 'GLU', target: [{ code: '15074-8', display: 'Glucose [Moles/volume] in Blood', equivalence: 'equivalent' }] },
] }] };

describe('remapResource', () => {
  it('replaces the mapped codings of CodeableConcepts holding an original, keeps the rest, moves the tag', async () => {
    const plan = remapPlan({ ...mapV2, url: SHARED_LAB_MAP });
    const before: Resource = {
      ...obs('o', [{ system: LOINC, code: '2339-0' }, { system: LAB, code: 'GLU' }, { system: 'http://other', code: 'x' }], [`${SHARED_LAB_MAP}|1`, 'http://m|1']),
      category: [{ coding: [{ system: LOINC, code: 'keep-me' }] }], // no original: untouched
    } as Observation;
    const after = await remapResource(before, plan, async (system, code) => (system === LAB && code === 'GLU' ? [{ system: LOINC, code: '15074-8' }] : []));
    expect((after as Observation).code.coding).toEqual([{ system: LOINC, code: '15074-8' }, { system: LAB, code: 'GLU' }, { system: 'http://other', code: 'x' }]);
    expect((after as Observation).category?.[0]?.coding).toEqual([{ system: LOINC, code: 'keep-me' }]);
    expect(after.meta?.tag).toEqual([tag('http://m|1'), tag(`${SHARED_LAB_MAP}|2`)]);
    expect((before as Observation).code.coding?.[0]?.code).toBe('2339-0'); // the input is not changed
  });
});

describe.each(storeKinds)('RemapJobs (%s)', (kind) => {
  async function setup() {
    const registry = loadSearchParamRegistry();
    const extractor = createIndexExtractor(registry);
    const store = await openTestStore(kind, registry, extractor);
    const terminology = mappingTestService();
    const repo = new FhirRepository({
      store, registry, extractor, validator: createSchemaValidator(), clock: steppingClock(), ids: sequentialIds(),
      terminology, terminologyContent: terminology.content, config: { referentialIntegrity: false },
    });
    const jobs = new RemapJobs({
      store, registry, repo, maps: terminology.content, terminology, ids: sequentialIds('remap-'), baseUrl: 'http://test/fhir', pageSize: 2,
    });
    return { repo, jobs };
  }

  it('re-maps the resources tagged with an older map version and reports progress', async () => {
    const { repo, jobs } = await setup();
    const ctx = testContext({ source: 'urn:msg:1' });
    const old = `${SHARED_LAB_MAP}|1`;
    await repo.update(ctx, 'Observation', 'o1', obs('o1', [{ system: LOINC, code: '2339-0' }, { system: LAB, code: 'GLU' }], [old]));
    await repo.update(ctx, 'Observation', 'o2', obs('o2', [{ system: LOINC, code: '2339-0' }, { system: LAB, code: 'GLU' }], [`${SHARED_LAB_MAP}|2`]));
    await repo.update(ctx, 'Observation', 'o3', obs('o3', [{ system: LOINC, code: '2339-0' }, { system: LAB, code: 'GLU' }], []));
    await repo.update(ctx, 'Observation', 'o4', obs('o4', [{ system: LOINC, code: '718-7' }], [old]));
    await repo.update(ctx, 'Observation', 'o5', obs('o5', [{ system: LAB, code: 'GLU' }], ['http://example.org/ConceptMap/other|1']));
    await repo.update(testContext(), 'ConceptMap', 'lab', mapV2); // the map changes through the API

    const job = jobs.start(SHARED_LAB_MAP);
    expect(job).toMatchObject({ id: 'remap-1', status: 'queued', conceptMap: SHARED_LAB_MAP });
    await jobs.idle();
    expect(jobs.get('remap-1')).toMatchObject({ status: 'completed', mapVersion: `${SHARED_LAB_MAP}|2`, total: 2, done: 2, changed: 2, failed: 0 });

    const o1 = await repo.read(ctx, 'Observation', 'o1') as Observation;
    expect(o1.code.coding).toEqual([{ system: LOINC, code: '15074-8', display: 'Glucose [Moles/volume] in Blood' }, { system: LAB, code: 'GLU' }]);
    expect(o1.meta).toMatchObject({ versionId: '2', source: 'urn:msg:1', tag: [tag(`${SHARED_LAB_MAP}|2`)] });
    const o4 = await repo.read(ctx, 'Observation', 'o4') as Observation;
    expect(o4.code.coding).toEqual([{ system: LOINC, code: '718-7' }]);
    expect(o4.meta?.tag).toEqual([tag(`${SHARED_LAB_MAP}|2`)]);
    for (const id of ['o2', 'o3', 'o5']) expect((await repo.read(ctx, 'Observation', id)).meta?.versionId).toBe('1');

    // Nothing left to do: a second run finds nothing.
    jobs.start(SHARED_LAB_MAP);
    await jobs.idle();
    expect(jobs.get('remap-2')).toMatchObject({ status: 'completed', total: 0, changed: 0 });
  });

  it('refuses a missing or unknown map and an unknown job', async () => {
    const { jobs } = await setup();
    expect((await outcomeOf(Promise.resolve().then(() => jobs.start(undefined)))).category).toBe('invalid');
    expect((await outcomeOf(Promise.resolve().then(() => jobs.start('http://example.org/ConceptMap/none')))).category).toBe('not-found');
    expect(() => jobs.get('nope')).toThrow(/No re-map job/);
  });
});
