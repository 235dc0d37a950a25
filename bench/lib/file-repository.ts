/**
 * A FhirRepository on a fresh file-backed SQLite store in `dir`, set up as the gateway does (search
 * registry, index extractor, schema validation), for benches that commit without HTTP.
 */
import { join } from 'node:path';
import { createIndexExtractor } from '../../src/core/search/extract.js';
import { loadSearchParamRegistry } from '../../src/core/search/registry.js';
import { FhirRepository } from '../../src/repository/fhir-repository.js';
import { SqliteFhirStore } from '../../src/store/sqlite/sqlite-fhir-store.js';
import { createSchemaValidator } from '../../src/validation/index.js';

/** The base URL the bench repositories treat as local. */
export const BENCH_FHIR_BASE = 'http://bench.local/fhir';

/** Opens `dir/fhir.sqlite`; `ids` (the repository's too) gives `b1`, `b2`, ... */
export function openFileRepository(dir: string): { readonly store: SqliteFhirStore; readonly repo: FhirRepository; readonly ids: () => string } {
  const registry = loadSearchParamRegistry();
  const extractor = createIndexExtractor(registry, { localBaseUrls: [BENCH_FHIR_BASE] });
  const store = SqliteFhirStore.open({ path: join(dir, 'fhir.sqlite'), registry, extractor });
  let n = 0;
  const ids = (): string => `b${++n}`;
  const repo = new FhirRepository({
    store, registry, extractor, validator: createSchemaValidator(), clock: () => new Date(), ids, config: { localBaseUrls: [BENCH_FHIR_BASE] },
  });
  return { store, repo, ids };
}
