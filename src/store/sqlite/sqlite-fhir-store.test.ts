import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { describeFhirStoreContract } from '../contract/fhir-store-contract.js';
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
