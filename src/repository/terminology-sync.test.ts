import { describe, expect, it } from 'vitest';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { FhirRepository } from './fhir-repository.js';
import { sequentialIds, steppingClock, testContext } from './test-harness.js';
import type { TerminologyContentSink, TerminologyResourceType } from './terminology-sync.js';

/** Records what the repository tells the content registry, and keeps the current entries. */
class RecordingSink implements TerminologyContentSink {
  readonly log: string[] = [];
  readonly entries = new Map<string, CodeSystem | ValueSet | ConceptMap>();
  put(r: CodeSystem | ValueSet | ConceptMap): boolean {
    this.log.push(`put ${r.resourceType} ${r.url ?? ''}|${r.version ?? ''}`);
    this.entries.set(`${r.resourceType} ${r.url ?? ''}|${r.version ?? ''}`, r);
    return r.url !== undefined;
  }
  remove(type: TerminologyResourceType, url: string, version?: string): boolean {
    this.log.push(`remove ${type} ${url}|${version ?? ''}`);
    return this.entries.delete(`${type} ${url}|${version ?? ''}`);
  }
}

const cs = (version: string, url = 'http://x/cs'): CodeSystem => ({ resourceType: 'CodeSystem', url, version, status: 'active', content: 'complete', concept: [{ code: 'a' }] });

describe.each(storeKinds)('terminology content sync (%s)', (kind) => {
  async function setup() {
    const registry = loadSearchParamRegistry();
    const extractor = createIndexExtractor(registry);
    const store = await openTestStore(kind, registry, extractor);
    const make = (sink: RecordingSink) => new FhirRepository({
      store, registry, extractor, validator: createSchemaValidator(), clock: steppingClock(), ids: sequentialIds(), terminologyContent: sink,
    });
    return { store, make };
  }

  it('mirrors create, update (replacing the old version) and delete; ignores other types', async () => {
    const { store, make } = await setup();
    const sink = new RecordingSink();
    const repo = make(sink);
    const ctx = testContext();
    await repo.update(ctx, 'CodeSystem', 'c1', { ...cs('1'), id: 'c1' });
    await repo.update(ctx, 'CodeSystem', 'c1', { ...cs('2'), id: 'c1' });
    await repo.create(ctx, { resourceType: 'Patient' });
    await repo.delete(ctx, 'CodeSystem', 'c1');
    expect(sink.log).toEqual([
      'put CodeSystem http://x/cs|1',
      'remove CodeSystem http://x/cs|1',
      'put CodeSystem http://x/cs|2',
      'remove CodeSystem http://x/cs|2',
    ]);
    expect(sink.entries.size).toBe(0);
    await store.close();
  });

  it('applies nothing when the write fails', async () => {
    const { store, make } = await setup();
    const sink = new RecordingSink();
    await expect(make(sink).create(testContext(), { resourceType: 'ValueSet', url: 'http://x/vs', status: 'bogus' })).rejects.toThrow();
    expect(sink.log).toEqual([]);
    await store.close();
  });

  it('loads the stored (not deleted) terminology resources at boot', async () => {
    const { store, make } = await setup();
    const ctx = testContext();
    const writer = make(new RecordingSink());
    await writer.update(ctx, 'CodeSystem', 'c1', { ...cs('1'), id: 'c1' });
    await writer.update(ctx, 'CodeSystem', 'c2', { ...cs('1', 'http://x/other'), id: 'c2' });
    await writer.create(ctx, { resourceType: 'ConceptMap', url: 'http://x/cm', status: 'active' });
    await writer.delete(ctx, 'CodeSystem', 'c2');
    const sink = new RecordingSink();
    expect(await make(sink).loadTerminology()).toBe(2);
    expect([...sink.entries.keys()].sort()).toEqual(['CodeSystem http://x/cs|1', 'ConceptMap http://x/cm|']);
    await store.close();
  });
});
