import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4.js';
import { isOperationOutcomeError } from '../../core/outcomes.js';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { describeFhirStoreContract } from '../contract/fhir-store-contract.js';
import { versionOf } from '../contract/fixtures.js';
import type { ResourceDoc } from './documents.js';
import { MongoFhirStore } from './mongo-fhir-store.js';
import { MingoClient } from './test-support/mingo-client.js';

const registry = defaultSearchParamRegistry();
const extractor = createIndexExtractor(registry);

describeFhirStoreContract('mongo (mingo double)', async () => {
  const client = new MingoClient();
  const store = await MongoFhirStore.open({ db: client.db(), client, registry, extractor });
  return { store, registry, cleanup: () => store.close() };
});

describe('MongoFhirStore specifics (mingo double)', () => {
  async function open() {
    const client = new MingoClient();
    const store = await MongoFhirStore.open({ db: client.db(), client, registry, extractor });
    return { client, store };
  }
  const obs = (id: string): Observation => ({
    resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '1234-5' }] },
    subject: { reference: 'Patient/1' }, effectiveDateTime: '2021-03-04',
  });

  it('creates the multikey and history indexes at boot', async () => {
    const { client } = await open();
    const names = (c: string) => (client.server.indexes.get(c) ?? []).map((i) => i.name);
    expect(names('resources')).toContain('idx.tok.p_1_idx.tok.c_1_idx.tok.s_1');
    expect(names('resources')).toContain('resourceType_1_ts_1');
    expect(names('history')).toContain('resourceType_1_id_1_versionId_-1');
  });

  it('stores index arrays, compartments and sort keys on the current document, and one history document per version', async () => {
    const { client, store } = await open();
    await store.transaction(async (tx) => tx.write(versionOf(obs('o1'), 1)));
    await store.transaction(async (tx) => tx.write(versionOf(obs('o1'), 2)));
    const doc = await client.db().collection<ResourceDoc>('resources').findOne({ _id: 'Observation/o1' });
    expect(doc?.versionId).toBe(2);
    expect(doc?.idx.tok).toContainEqual({ p: 'code', s: 'http://loinc.org', c: '1234-5' });
    expect(doc?.idx.ref).toContainEqual(expect.objectContaining({ p: 'subject', r: 'Patient/1', tt: 'Patient', ti: '1' }));
    expect(doc?.compartments).toEqual(['Patient/1']);
    expect(doc?.sort['date']).toEqual({ lo: Date.parse('2021-03-04T00:00:00Z'), hi: Date.parse('2021-03-04T23:59:59.999Z') });
    expect(client.server.size('history')).toBe(2);
  });

  it('turns a lost compare-and-set into a conflict and writes nothing', async () => {
    const { client, store } = await open();
    await store.transaction(async (tx) => tx.write(versionOf(obs('o1'), 1)));
    for (const v of [1, 3]) {
      const e: unknown = await store.transaction(async (tx) => tx.write(versionOf(obs('o1'), v))).catch((x: unknown) => x);
      expect(isOperationOutcomeError(e) && e.category).toBe('conflict');
    }
    expect(client.server.size('history')).toBe(1);
  });

  it('reports reindex progress per batch', async () => {
    const { store } = await open();
    await store.transaction(async (tx) => { for (const id of ['a', 'b', 'c']) await tx.write(versionOf(obs(id), 1)); });
    const seen: number[] = [];
    expect(await store.reindex((p) => seen.push(p.done))).toEqual({ done: 3, total: 3 });
    expect(seen).toEqual([3]);
  });

  it('reports unavailable from ping once the client is closed', async () => {
    const { store } = await open();
    await store.close();
    const e: unknown = await store.ping().catch((x: unknown) => x);
    expect(isOperationOutcomeError(e) && e.category).toBe('unavailable');
  });
});
