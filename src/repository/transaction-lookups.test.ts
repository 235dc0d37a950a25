import { describe, it, expect, beforeEach } from 'vitest';
import type { Bundle, BundleEntry, Observation, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import type { FhirStore, FhirStoreTransaction } from '../ports/fhir-store.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

/** The store with the searches and reads its transactions run counted. */
function counting(store: FhirStore): { store: FhirStore; searches: string[]; reads: string[] } {
  const searches: string[] = [];
  const reads: string[] = [];
  const wrap = (tx: FhirStoreTransaction): FhirStoreTransaction => ({
    read: (type, id) => {
      reads.push(`${type}/${id}`);
      return tx.read(type, id);
    },
    vread: (type, id, vid) => tx.vread(type, id, vid),
    search: (request) => {
      searches.push(request.resourceTypes.join(','));
      return tx.search(request);
    },
    history: (query) => tx.history(query),
    referrers: (type, id, limit) => tx.referrers(type, id, limit),
    write: (version) => tx.write(version),
  });
  const wrapped: FhirStore = Object.create(store) as FhirStore;
  wrapped.transaction = (work) => store.transaction((tx) => work(wrap(tx)));
  return { store: wrapped, searches, reads };
}

// Lookups a transaction bundle repeats are answered once, with the same outcome as before.
describe.each(storeKinds)('transaction lookups on the %s store', (kind) => {
  let repo: FhirRepository;
  let seen: { searches: string[]; reads: string[] };
  beforeEach(async () => {
    const c = counting(await openTestStore(kind, registry, extractor));
    seen = c;
    repo = makeRepository({ store: c.store, registry, extractor, validator });
  });

  const tx = (entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry });
  const mrn = (v: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'http://mrn', value: v }] });
  const obsFor = (subject: string): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: 'c' }, subject: { reference: subject } });

  it('runs one search for a conditional query that an update and a reference both use', async () => {
    const patient = await repo.create(ctx, mrn('42'));
    seen.searches.length = 0;
    const res = await repo.bundle(ctx, tx([
      { resource: { ...mrn('42'), gender: 'female' }, request: { method: 'PUT', url: 'Patient?identifier=http://mrn|42' } },
      { resource: obsFor('Patient?identifier=http://mrn|42'), request: { method: 'POST', url: 'Observation' } },
    ]));
    expect(res.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '201 Created']);
    expect((res.entry?.[1]?.resource as Observation).subject?.reference).toBe(`Patient/${patient.resource.id ?? ''}`);
    expect(seen.searches).toEqual(['Patient']);
  });

  it('checks references to a resource matched by ifNoneExist without reading it again', async () => {
    const patient = await repo.create(ctx, mrn('7'));
    seen.reads.length = 0;
    const res = await repo.bundle(ctx, tx([
      { fullUrl: 'urn:uuid:p', resource: mrn('7'), request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=http://mrn|7' } },
      { resource: obsFor('urn:uuid:p'), request: { method: 'POST', url: 'Observation' } },
    ]));
    expect(res.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '201 Created']);
    expect((res.entry?.[1]?.resource as Observation).subject?.reference).toBe(`Patient/${patient.resource.id ?? ''}`);
    expect(seen.reads).not.toContain(`Patient/${patient.resource.id ?? ''}`);
  });

  it('still refuses a reference to a resource that does not exist', async () => {
    const res = repo.bundle(ctx, tx([{ resource: obsFor('Patient/missing'), request: { method: 'POST', url: 'Observation' } }]));
    await expect(res).rejects.toMatchObject({ category: 'unprocessable' });
  });
});
