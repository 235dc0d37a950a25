import { describe, it, expect, beforeEach } from 'vitest';
import type { Bundle, BundleEntry, Observation, OperationOutcome, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

describe.each(storeKinds)('on the %s store', (kind) => {
  let repo: FhirRepository;
  beforeEach(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
  });

  const tx = (type: 'transaction' | 'batch', entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type, entry });
  const mrn = (v: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'http://mrn', value: v }] });
  const obsFor = (subject: string, code = 'c'): Observation => ({ resourceType: 'Observation', status: 'final', code: { text: code }, subject: { reference: subject } });

  describe('transaction', () => {
    it('creates resources and rewrites urn:uuid references everywhere', async () => {
      const res = await repo.bundle(ctx, tx('transaction', [
        { fullUrl: 'urn:uuid:obs', resource: obsFor('urn:uuid:pat'), request: { method: 'POST', url: 'Observation' } },
        { fullUrl: 'urn:uuid:pat', resource: mrn('1'), request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: 'urn:uuid:enc',
          resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'urn:uuid:pat' }, contained: [{ resourceType: 'Organization', id: 'x', partOf: { reference: 'urn:uuid:org' } }] },
          request: { method: 'POST', url: 'Encounter' },
        },
        { fullUrl: 'urn:uuid:org', resource: { resourceType: 'Organization', name: 'o' }, request: { method: 'POST', url: 'Organization' } },
      ]));
      expect(res.type).toBe('transaction-response');
      expect(res.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created']);
      const patientLoc = res.entry?.[1]?.response?.location ?? '';
      expect(patientLoc).toMatch(/^Patient\/[^/]+\/_history\/1$/);
      const patientRef = patientLoc.replace(/\/_history\/1$/, '');
      expect((res.entry?.[0]?.resource as Observation).subject?.reference).toBe(patientRef);
      expect(res.entry?.[0]?.response?.etag).toBe('W/"1"');
      expect(res.entry?.[0]?.response?.lastModified).toBeDefined();
      const enc = res.entry?.[2]?.resource as { contained?: { partOf?: { reference?: string } }[] };
      expect(enc.contained?.[0]?.partOf?.reference).toMatch(/^Organization\//);
    });

    it('processes DELETE before POST before PUT before GET', async () => {
      await repo.update(ctx, 'Patient', 'old', { resourceType: 'Patient', id: 'old' });
      const res = await repo.bundle(ctx, tx('transaction', [
        { request: { method: 'GET', url: 'Patient?_count=50' } },
        { resource: { resourceType: 'Patient', id: 'put', gender: 'male' }, request: { method: 'PUT', url: 'Patient/put' } },
        { resource: mrn('new'), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'DELETE', url: 'Patient/old' } },
      ]));
      const search = res.entry?.[0]?.resource as Bundle;
      expect(search.entry?.map((e) => e.resource?.id).sort()).toEqual(['id-1', 'put'].sort());
      expect(res.entry?.[3]?.response?.status).toBe('204 No Content');
      expect(res.entry?.[1]?.response?.status).toBe('201 Created');
    });

    it('resolves conditional references; none → 404, several → 412', async () => {
      await repo.create(ctx, mrn('42'));
      const ok = await repo.bundle(ctx, tx('transaction', [{ resource: obsFor('Patient?identifier=http://mrn|42'), request: { method: 'POST', url: 'Observation' } }]));
      expect((ok.entry?.[0]?.resource as Observation).subject?.reference).toMatch(/^Patient\/id-\d+$/);
      const none = await outcomeOf(repo.bundle(ctx, tx('transaction', [{ resource: obsFor('Patient?identifier=http://mrn|43'), request: { method: 'POST', url: 'Observation' } }])));
      expect(none.category).toBe('not-found');
      await repo.create(ctx, mrn('42'));
      const many = await outcomeOf(repo.bundle(ctx, tx('transaction', [{ resource: obsFor('Patient?identifier=http://mrn|42'), request: { method: 'POST', url: 'Observation' } }])));
      expect(many.category).toBe('precondition-failed');
    });

    it('conditional create (ifNoneExist) and conditional update converge on replay', async () => {
      const bundle = tx('transaction', [
        { fullUrl: 'urn:uuid:p', resource: mrn('9'), request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=http://mrn|9' } },
        { resource: { ...obsFor('urn:uuid:p'), identifier: [{ system: 'http://obs', value: '1' }] }, request: { method: 'PUT', url: 'Observation?identifier=http://obs|1' } },
      ]);
      const first = await repo.bundle(ctx, bundle);
      const second = await repo.bundle(ctx, bundle);
      expect(first.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created']);
      expect(second.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK']);
      expect(second.entry?.[1]?.response?.location).toBe(first.entry?.[1]?.response?.location);
      expect((await repo.search(ctx, 'Observation', new URLSearchParams())).entry).toHaveLength(1);
    });

    it('rolls back everything when one entry fails, naming the entry', async () => {
      const e = await outcomeOf(repo.bundle(ctx, tx('transaction', [
        { resource: mrn('a'), request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', birthDate: 'bad' }, request: { method: 'POST', url: 'Patient' } },
      ])));
      expect(e.category).toBe('invalid');
      expect(e.outcome.issue[0]?.expression?.[0]).toBe('Bundle.entry[1]');
      expect((await repo.search(ctx, 'Patient', new URLSearchParams())).entry ?? []).toHaveLength(0);
    });

    it('If-Match in entry.request: mismatch → 412 and nothing is written', async () => {
      await repo.update(ctx, 'Patient', 'v', { resourceType: 'Patient', id: 'v' });
      const e = await outcomeOf(repo.bundle(ctx, tx('transaction', [
        { resource: mrn('z'), request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', id: 'v', gender: 'male' }, request: { method: 'PUT', url: 'Patient/v', ifMatch: 'W/"2"' } },
      ])));
      expect(e.category).toBe('precondition-failed');
      expect((await repo.search(ctx, 'Patient', new URLSearchParams())).entry).toHaveLength(1);
    });

    it.each([
      ['an unresolved urn:uuid reference', [{ resource: obsFor('urn:uuid:missing'), request: { method: 'POST', url: 'Observation' } }], 'invalid'],
      ['the same resource twice', [
        { resource: { resourceType: 'Patient', id: 'd' }, request: { method: 'PUT', url: 'Patient/d' } },
        { resource: { resourceType: 'Patient', id: 'd' }, request: { method: 'PUT', url: 'Patient/d' } },
      ], 'invalid'],
      ['a bad method', [{ request: { method: 'FETCH', url: 'Patient' } }], 'invalid'],
      ['a dangling local reference', [{ resource: obsFor('Patient/ghost'), request: { method: 'POST', url: 'Observation' } }], 'unprocessable'],
      ['a GET of a missing resource', [{ request: { method: 'GET', url: 'Patient/none' } }], 'not-found'],
    ] as const)('fails on %s', async (_name, entries, category) => {
      expect((await outcomeOf(repo.bundle(ctx, tx('transaction', entries as unknown as BundleEntry[])))).category).toBe(category);
    });

    it('rejects non-bundles and other bundle types', async () => {
      expect((await outcomeOf(repo.bundle(ctx, { resourceType: 'Patient' }))).category).toBe('invalid');
      expect((await outcomeOf(repo.bundle(ctx, { resourceType: 'Bundle', type: 'collection' }))).category).toBe('invalid');
    });

    it('PATCH entries (FHIRPath Patch Parameters and JSON Patch Binary) and Prefer=minimal', async () => {
      await repo.update(ctx, 'Patient', 'pp', { resourceType: 'Patient', id: 'pp', active: true });
      const jsonPatch = Buffer.from(JSON.stringify([{ op: 'add', path: '/gender', value: 'male' }])).toString('base64');
      const res = await repo.bundle(ctx, tx('transaction', [
        { resource: { resourceType: 'Parameters', parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'delete' }, { name: 'path', valueString: 'Patient.active' }] }] }, request: { method: 'PATCH', url: 'Patient/pp' } },
        { resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: jsonPatch }, request: { method: 'PATCH', url: 'Patient/pp' } },
      ]), { prefer: 'minimal' }).catch((e: unknown) => e);
      // The same resource twice in one transaction is refused.
      expect(res).toHaveProperty('category', 'invalid');
      const ok = await repo.bundle(ctx, tx('transaction', [
        { resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: jsonPatch }, request: { method: 'PATCH', url: 'Patient/pp' } },
      ]), { prefer: 'minimal' });
      expect(ok.entry?.[0]?.resource).toBeUndefined();
      expect(ok.entry?.[0]?.response?.location).toBe('Patient/pp/_history/2');
      expect(((await repo.read(ctx, 'Patient', 'pp')) as Patient).gender).toBe('male');
    });
  });

  describe('batch', () => {
    it('runs entries independently; failures become entry outcomes', async () => {
      await repo.update(ctx, 'Patient', 'b1', { resourceType: 'Patient', id: 'b1' });
      const res = await repo.bundle(ctx, tx('batch', [
        { resource: mrn('ok'), request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', birthDate: 'x' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/b1' } },
        { request: { method: 'GET', url: 'Patient/missing' } },
        { request: { method: 'DELETE', url: 'Patient/b1' } },
        { resource: obsFor('Patient?identifier=http://mrn|ok'), request: { method: 'POST', url: 'Observation' } },
      ]));
      expect(res.type).toBe('batch-response');
      expect(res.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '400', '200 OK', '404', '204 No Content', '201 Created']);
      expect((res.entry?.[1]?.response?.outcome as OperationOutcome).issue[0]?.code).toBe('invalid');
      expect((res.entry?.[5]?.resource as Observation).subject?.reference).toBe(res.entry?.[0]?.response?.location?.replace(/\/_history\/1$/, ''));
      expect((await outcomeOf(repo.read(ctx, 'Patient', 'b1'))).category).toBe('gone');
    });
  });
});
