import { describe, it, expect, beforeAll } from 'vitest';
import type { Bundle } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';
import { CARE_DATE_PARAMS } from './care-dates.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();
const q = (s: string): URLSearchParams => new URLSearchParams(s);
const refs = (b: Bundle, mode?: string): string[] =>
  (b.entry ?? []).filter((e) => mode === undefined || e.search?.mode === mode).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();
const next = (b: Bundle): string | undefined => b.link?.find((l) => l.relation === 'next')?.url;

describe.each(storeKinds)('$everything on the %s store', (kind) => {
  let repo: FhirRepository;
  // The stepping clock gives every write its own second from 2024-01-01T00:00:00Z.
  let sinceOfLast = '';

  beforeAll(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
    const put = async (r: Record<string, unknown>): Promise<string> => {
      const res = await repo.update(ctx, String(r['resourceType']), String(r['id']), r);
      return res.resource.meta?.lastUpdated ?? '';
    };
    await put({ resourceType: 'Organization', id: 'org1', name: 'Acme' });
    await put({ resourceType: 'Organization', id: 'maker', name: 'Pharma' });
    await put({ resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'Doc' }] });
    await put({ resourceType: 'Practitioner', id: 'dr-unused', name: [{ family: 'Other' }] });
    await put({ resourceType: 'Location', id: 'loc1', name: 'Ward', managingOrganization: { reference: 'Organization/org1' } });
    await put({ resourceType: 'Medication', id: 'med1', code: { text: 'salbutamol' }, manufacturer: { reference: 'Organization/maker' } });
    for (const p of ['p1', 'p2']) {
      const subject = { reference: `Patient/${p}` };
      await put({ resourceType: 'Patient', id: p, managingOrganization: { reference: 'Organization/org1' } });
      await put({ resourceType: 'Encounter', id: `${p}-enc`, status: 'finished', class: { code: 'AMB' }, subject, location: [{ location: { reference: 'Location/loc1' } }] });
      await put({ resourceType: 'Observation', id: `${p}-obs`, status: 'final', code: { text: 'x' }, subject, performer: [{ reference: 'Practitioner/dr1' }] });
      await put({ resourceType: 'Device', id: `${p}-dev`, patient: subject, owner: { reference: 'Organization/org1' } });
      await put({ resourceType: 'MedicationRequest', id: `${p}-mr`, status: 'active', intent: 'order', subject, medicationReference: { reference: 'Medication/med1' } });
    }
    sinceOfLast = await put({ resourceType: 'Observation', id: 'p1-late', status: 'final', code: { text: 'y' }, subject: { reference: 'Patient/p1' } });
  });

  it('returns the patient, its compartment and what it references (transitively), nothing of p2', async () => {
    const b = await repo.everything(ctx, 'p1', q(''));
    expect(b.type).toBe('searchset');
    expect(refs(b, 'match')).toEqual(['Encounter/p1-enc', 'MedicationRequest/p1-mr', 'Observation/p1-late', 'Observation/p1-obs', 'Patient/p1']);
    expect(refs(b, 'include')).toEqual(['Device/p1-dev', 'Location/loc1', 'Medication/med1', 'Organization/maker', 'Organization/org1', 'Practitioner/dr1']);
    expect(b.total).toBe(5);
  });

  it('pages with _count through next links that keep the parameters', async () => {
    const seen: string[] = [];
    let params = q('_count=2');
    for (let i = 0; i < 10; i++) {
      const b = await repo.everything(ctx, 'p1', params);
      expect((b.entry ?? []).filter((e) => e.search?.mode === 'match').length).toBeLessThanOrEqual(2);
      seen.push(...refs(b, 'match'));
      const url = next(b);
      if (url === undefined) break;
      expect(url).toMatch(/^http:\/\/test\/fhir\/Patient\/p1\/\$everything\?/);
      params = new URL(url).searchParams;
      expect(params.get('_count')).toBe('2');
    }
    expect(seen.sort()).toEqual(['Encounter/p1-enc', 'MedicationRequest/p1-mr', 'Observation/p1-late', 'Observation/p1-obs', 'Patient/p1']);
  });

  it.each([
    ['_type=Observation', ['Observation/p1-late', 'Observation/p1-obs']],
    ['_type=Observation,Practitioner', ['Observation/p1-late', 'Observation/p1-obs', 'Practitioner/dr1']],
    ['_type=Medication', ['Medication/med1']],
    ['_type=Device', ['Device/p1-dev']],
  ])('%s returns only those types', async (query, expected) => {
    expect(refs(await repo.everything(ctx, 'p1', q(query)))).toEqual(expected);
  });

  it('_since keeps only resources changed at or after it', async () => {
    expect(refs(await repo.everything(ctx, 'p1', q(`_since=${sinceOfLast}`)))).toEqual(['Observation/p1-late']);
  });

  it('a caller confined to p1 gets 404 for p2 and its own data for p1', async () => {
    const confined = testContext({ patientCompartment: 'Patient/p1' });
    expect((await outcomeOf(repo.everything(confined, 'p2', q('')))).category).toBe('not-found');
    expect(refs(await repo.everything(confined, 'p1', q('')), 'match')).toContain('Observation/p1-obs');
  });

  it.each([
    ['_since=yesterday', '_since'],
    ['_type=Nope', '_type'],
    ['start=2024-13-01', 'start'],
    ['end=tomorrow', 'end'],
    ['start=2024-02-01&end=2024-01-31', 'start'],
    ['foo=1', 'foo'],
    ['_count=x', '_count'],
  ])('%s is a 400', async (query, word) => {
    const e = await outcomeOf(repo.everything(ctx, 'p1', q(query)));
    expect(e.category).toBe('invalid');
    expect(e.message).toContain(word);
  });

  it('an unknown patient is a 404', async () => {
    expect((await outcomeOf(repo.everything(ctx, 'nobody', q('')))).category).toBe('not-found');
  });
});

describe.each(storeKinds)('$everything start / end (care dates) on the %s store', (kind) => {
  let repo: FhirRepository;

  beforeAll(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
    const subject = { reference: 'Patient/p3' };
    const resources: Record<string, unknown>[] = [
      { resourceType: 'Patient', id: 'p3' },
      { resourceType: 'Observation', id: 'jan', status: 'final', code: { text: 'x' }, subject, effectiveDateTime: '2024-01-10T08:00:00Z' },
      { resourceType: 'Observation', id: 'march', status: 'final', code: { text: 'x' }, subject, effectiveDateTime: '2024-03-05' },
      { resourceType: 'Observation', id: 'undated', status: 'final', code: { text: 'x' }, subject },
      { resourceType: 'Encounter', id: 'feb-stay', status: 'finished', class: { code: 'IMP' }, subject, period: { start: '2024-01-31T22:00:00Z', end: '2024-02-03' } },
      { resourceType: 'Condition', id: 'old-dx', subject, onsetDateTime: '2023-12-01' },
      { resourceType: 'MedicationRequest', id: 'rx-jan', status: 'active', intent: 'order', subject, authoredOn: '2024-01-15', medicationCodeableConcept: { text: 'x' } },
      { resourceType: 'Coverage', id: 'cov', status: 'active', beneficiary: subject, payor: [{ display: 'Acme' }] },
    ];
    for (const r of resources) await repo.update(ctx, String(r['resourceType']), String(r['id']), r);
  });

  it.each([
    ['start=2024-01-01&end=2024-01-31', ['Coverage/cov', 'Encounter/feb-stay', 'MedicationRequest/rx-jan', 'Observation/jan', 'Observation/undated', 'Patient/p3']],
    ['start=2024-02', ['Coverage/cov', 'Encounter/feb-stay', 'Observation/march', 'Observation/undated', 'Patient/p3']],
    ['end=2023', ['Condition/old-dx', 'Coverage/cov', 'Observation/undated', 'Patient/p3']],
    ['start=2024-01-11&end=2024-01-14', ['Coverage/cov', 'Observation/undated', 'Patient/p3']],
    ['start=2024-01-01&end=2024-12-31&_type=Observation', ['Observation/jan', 'Observation/march', 'Observation/undated']],
  ])('%s keeps the resources whose care date overlaps, and every undated one', async (query, expected) => {
    const b = await repo.everything(ctx, 'p3', q(query));
    expect(refs(b, 'match')).toEqual(expected);
    expect(b.total).toBeUndefined();
  });

  it('next links keep start and end', async () => {
    let params = q('start=2024-01-01&end=2024-01-31&_count=2');
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const b = await repo.everything(ctx, 'p3', params);
      seen.push(...refs(b, 'match'));
      const url = next(b);
      if (url === undefined) break;
      params = new URL(url).searchParams;
      expect([params.get('start'), params.get('end')]).toEqual(['2024-01-01', '2024-01-31']);
    }
    expect(seen.sort()).toEqual(['Coverage/cov', 'Encounter/feb-stay', 'MedicationRequest/rx-jan', 'Observation/jan', 'Observation/undated', 'Patient/p3']);
  });
});

describe('CARE_DATE_PARAMS', () => {
  it('names only search parameters the registry knows', () => {
    const unknown = Object.entries(CARE_DATE_PARAMS).flatMap(([type, params]) => params.filter((p) => registry.get(type, p) === undefined).map((p) => `${type}.${p}`));
    expect(unknown).toEqual([]);
  });
});
