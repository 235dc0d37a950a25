/**
 * Test support: a FhirRepository with a deterministic clock and ids over a given store. Kept free of
 * adapter imports: tests open the store themselves, once per adapter, with
 * `describe.each(storeKinds)` and `openTestStore` from store/test-support/store-kinds.ts.
 */
import { isOperationOutcomeError, type OperationOutcomeError } from '../core/outcomes.js';
import type { IndexExtractor, SearchParamRegistry } from '../core/search/types.js';
import type { FhirStore } from '../ports/fhir-store.js';
import type { ResourceValidator } from '../validation/types.js';
import { FhirRepository, type RepositoryConfig } from './fhir-repository.js';
import type { RequestContext } from './types.js';

/** A clock that advances one second per call from 2024-01-01T00:00:00Z. */
export function steppingClock(start = Date.UTC(2024, 0, 1)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

/** Ids `id-1`, `id-2`, ... */
export function sequentialIds(prefix = 'id-'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** A request context for tests. */
export function testContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return { baseUrl: 'http://test/fhir', source: '#test', lenient: false, patientCompartment: undefined, ...overrides };
}

/** Builds a repository with deterministic clock and ids. */
export function makeRepository(deps: {
  store: FhirStore;
  registry: SearchParamRegistry;
  extractor: IndexExtractor;
  validator: ResourceValidator;
  config?: Partial<RepositoryConfig>;
}): FhirRepository {
  return new FhirRepository({ ...deps, clock: steppingClock(), ids: sequentialIds() });
}

/** Awaits `p`, expecting it to throw an OperationOutcomeError, and returns that error. */
export async function outcomeOf(p: Promise<unknown>): Promise<OperationOutcomeError> {
  try {
    await p;
  } catch (e) {
    if (isOperationOutcomeError(e)) return e;
    throw e;
  }
  throw new Error('expected an OperationOutcomeError');
}
