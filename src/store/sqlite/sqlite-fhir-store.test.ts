import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import type { Patient } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { describeFhirStoreContract } from '../contract/fhir-store-contract.js';
import { deletionOf, versionOf } from '../contract/fixtures.js';
import { SqliteFhirStore } from './sqlite-fhir-store.js';

const registry = defaultSearchParamRegistry();
const extractor = createIndexExtractor(registry);

describeFhirStoreContract('sqlite (file, WAL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  const store = SqliteFhirStore.open({ path: join(dir, 'fhir.db'), registry, extractor, reindexBatchSize: 1 });
  return {
    store,
    registry,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeFhirStoreContract('sqlite (:memory:)', async () => {
  const store = SqliteFhirStore.open({ path: ':memory:', registry, extractor });
  return { store, registry, cleanup: () => store.close() };
});

const jane = (family: string): Patient => ({ resourceType: 'Patient', id: 'j', name: [{ family }] });

describe('SqliteFhirStore.readJson (read-by-id without parsing)', () => {
  it('serves the stored text of the current version, and deletion markers without text', async () => {
    const store = SqliteFhirStore.open({ path: ':memory:', registry, extractor });
    try {
      await store.transaction(async (tx) => tx.write(versionOf(jane('One'), 1)));
      await store.transaction(async (tx) => tx.write(versionOf(jane('Two'), 2)));
      const current = await store.read('Patient', 'j');
      const text = await store.readJson('Patient', 'j');
      expect(text).toMatchObject({ versionId: 2, lastUpdated: current?.lastUpdated, deleted: false });
      expect(text?.json).toBe(JSON.stringify(current?.resource));
      expect(JSON.parse(text?.json ?? '{}')).toMatchObject({ meta: { versionId: '2' }, name: [{ family: 'Two' }] });
      expect(await store.readJson('Patient', 'nope')).toBeUndefined();
      await store.transaction(async (tx) => tx.write(deletionOf('Patient', 'j', 3)));
      expect(await store.readJson('Patient', 'j')).toEqual({ versionId: 3, lastUpdated: expect.any(String) as string, deleted: true, json: undefined });
    } finally {
      await store.close();
    }
  });
});
