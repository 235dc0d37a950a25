/**
 * Test support: every FhirStore adapter that runs in CI, opened fresh and empty, so suites above the
 * store (src/repository) can run once per adapter with `describe.each(storeKinds)`. MongoDB runs on the
 * driver double whose query semantics come from mingo (see DESIGN.md, "The store").
 */
import type { IndexExtractor, SearchParamRegistry } from '../../core/search/types.js';
import type { FhirStore } from '../../ports/fhir-store.js';
import { MongoFhirStore } from '../mongo/mongo-fhir-store.js';
import { MingoClient } from '../mongo/test-support/mingo-client.js';
import { SqliteFhirStore } from '../sqlite/sqlite-fhir-store.js';

/** The adapters every repository-level suite runs against. */
export const storeKinds = ['sqlite', 'mongo'] as const;

/** One of {@link storeKinds}. */
export type StoreKind = (typeof storeKinds)[number];

/** Opens an empty store of the given kind: SQLite in memory, or MongoFhirStore over a fresh mingo double. */
export async function openTestStore(kind: StoreKind, registry: SearchParamRegistry, extractor: IndexExtractor): Promise<FhirStore> {
  if (kind === 'sqlite') return SqliteFhirStore.open({ path: ':memory:', registry, extractor });
  const client = new MingoClient();
  return MongoFhirStore.open({ db: client.db(), client, registry, extractor });
}
