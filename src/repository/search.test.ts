import { describe, it, expect, beforeAll } from 'vitest';
import type { Bundle, Observation, Patient } from 'fhir/r4.js';
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
  const q = (s: string): URLSearchParams => new URLSearchParams(s);
  const ids = (b: Bundle, mode = 'match'): string[] =>
    (b.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();
  const subsetted = (b: Bundle): boolean[] => (b.entry ?? []).map((e) => e.resource?.meta?.tag?.some((t) => t.code === 'SUBSETTED') ?? false);

  beforeAll(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
    // Organization/o1 ← Patient/p1, p2 (managingOrganization) ← Observations; Patient/p1 links to p2.
    await repo.update(ctx, 'Organization', 'o1', { resourceType: 'Organization', id: 'o1', name: 'Acme' });
    const patient = (id: string, family: string, extra: Partial<Patient> = {}): Patient => ({
      resourceType: 'Patient', id, name: [{ family }], gender: 'female', managingOrganization: { reference: 'Organization/o1' },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }, ...extra,
    });
    await repo.update(ctx, 'Patient', 'p2', patient('p2', 'Beta'));
    await repo.update(ctx, 'Patient', 'p1', patient('p1', 'Alpha', { link: [{ other: { reference: 'Patient/p2' }, type: 'seealso' }] }));
    await repo.update(ctx, 'Patient', 'p3', patient('p3', 'Gamma', { gender: 'male' }));
    for (let i = 0; i < 5; i++) {
      const obs: Observation = {
        resourceType: 'Observation', id: `o${i}`, status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: i < 3 ? '8867-4' : '9279-1' }] },
        subject: { reference: i < 4 ? 'Patient/p1' : 'Patient/p2' }, valueQuantity: { value: 60 + i, unit: '/min' },
      };
      await repo.update(ctx, 'Observation', `o${i}`, obs);
    }
  });

  describe('search', () => {
    it('finds matches with mode match, fullUrl and a self link', async () => {
      const b = await repo.search(ctx, 'Patient', q('gender=female'));
      expect(b.type).toBe('searchset');
      expect(ids(b)).toEqual(['Patient/p1', 'Patient/p2']);
      expect(b.total).toBe(2);
      expect(b.entry?.[0]?.fullUrl).toMatch(/^http:\/\/test\/fhir\/Patient\/p[12]$/);
      expect(b.link?.[0]).toEqual({ relation: 'self', url: 'http://test/fhir/Patient?gender=female' });
    });

    it('pages with next / previous links carrying _cursor', async () => {
      const first = await repo.search(ctx, 'Observation', q('_count=2&_sort=_id'));
      expect(ids(first)).toEqual(['Observation/o0', 'Observation/o1']);
      const next = first.link?.find((l) => l.relation === 'next')?.url ?? '';
      expect(next).toContain('_cursor=');
      const second = await repo.search(ctx, 'Observation', new URL(next).searchParams);
      expect(ids(second)).toEqual(['Observation/o2', 'Observation/o3']);
      expect(second.link?.find((l) => l.relation === 'self')?.url).toContain('_cursor=');
      const prev = second.link?.find((l) => l.relation === 'previous')?.url ?? '';
      expect(prev).not.toBe('');
      expect(ids(await repo.search(ctx, 'Observation', new URL(prev).searchParams))).toEqual(['Observation/o0', 'Observation/o1']);
    });

    it.each([
      ['a chain', 'Observation', 'subject:Patient.name=alpha', ['Observation/o0', 'Observation/o1', 'Observation/o2', 'Observation/o3']],
      ['a two-level chain', 'Observation', 'subject:Patient.organization.name=acme&code=9279-1', ['Observation/o3', 'Observation/o4']],
      ['_has', 'Patient', '_has:Observation:subject:code=8867-4', ['Patient/p1']],
      ['_has on a shared code', 'Patient', '_has:Observation:subject:code=9279-1', ['Patient/p1', 'Patient/p2']],
    ])('searches through %s', async (_label, type, query, expected) => {
      expect(ids(await repo.search(ctx, type, q(query)))).toEqual(expected);
    });

    it('pages through next links in the order of several _sort keys, with an accurate total', async () => {
      const seen: string[] = [];
      let page = await repo.search(ctx, 'Observation', q('_sort=-code,value-quantity&_count=2&_total=accurate'));
      expect(page.total).toBe(5);
      for (;;) {
        seen.push(...(page.entry ?? []).map((e) => e.resource?.id ?? ''));
        const next = page.link?.find((l) => l.relation === 'next')?.url;
        if (next === undefined) break;
        page = await repo.search(ctx, 'Observation', new URL(next).searchParams);
      }
      expect(seen).toEqual(['o3', 'o4', 'o0', 'o1', 'o2']);
    });

    it('unknown parameters: 400, or dropped from the self link under lenient handling', async () => {
      expect((await outcomeOf(repo.search(ctx, 'Patient', q('foo=bar')))).category).toBe('invalid');
      const b = await repo.search(testContext({ lenient: true }), 'Patient', q('foo=bar&gender=male'));
      expect(ids(b)).toEqual(['Patient/p3']);
      expect(b.link?.[0]?.url).toBe('http://test/fhir/Patient?gender=male');
    });

    it('_total=none omits the total; _summary=count returns only the total', async () => {
      expect((await repo.search(ctx, 'Observation', q('_total=none'))).total).toBeUndefined();
      const count = await repo.search(ctx, 'Observation', q('code=http://loinc.org|8867-4&_summary=count'));
      expect(count.total).toBe(3);
      expect(count.entry ?? []).toHaveLength(0);
    });

    it('_summary=true keeps summary elements and tags SUBSETTED; text keeps the narrative', async () => {
      const t = await repo.search(ctx, 'Patient', q('_id=p1&_summary=true'));
      const p = t.entry?.[0]?.resource as Patient;
      expect(p.text).toBeUndefined();
      expect(p.name).toBeDefined();
      expect(subsetted(t)).toEqual([true]);
      const text = await repo.search(ctx, 'Patient', q('_id=p1&_summary=text'));
      expect(Object.keys(text.entry?.[0]?.resource ?? {}).sort()).toEqual(['id', 'meta', 'resourceType', 'text']);
      const data = await repo.search(ctx, 'Patient', q('_id=p1&_summary=data'));
      expect((data.entry?.[0]?.resource as Patient).text).toBeUndefined();
      expect((data.entry?.[0]?.resource as Patient).link).toBeDefined();
      const full = await repo.search(ctx, 'Patient', q('_id=p1&_summary=false'));
      expect(subsetted(full)).toEqual([false]);
    });

    it('_elements keeps the listed and mandatory elements', async () => {
      const b = await repo.search(ctx, 'Observation', q('_id=o1&_elements=subject'));
      expect(Object.keys(b.entry?.[0]?.resource ?? {}).sort()).toEqual(['code', 'id', 'meta', 'resourceType', 'status', 'subject']);
      expect(subsetted(b)).toEqual([true]);
    });

    it('_include adds referenced resources with mode include', async () => {
      const b = await repo.search(ctx, 'Observation', q('code=http://loinc.org|8867-4&_include=Observation:subject'));
      expect(ids(b)).toEqual(['Observation/o0', 'Observation/o1', 'Observation/o2']);
      expect(ids(b, 'include')).toEqual(['Patient/p1']);
    });

    it('_include:iterate follows references of included resources; * includes every reference', async () => {
      const b = await repo.search(ctx, 'Observation', q('_id=o4&_include=Observation:subject&_include:iterate=Patient:organization'));
      expect(ids(b, 'include')).toEqual(['Organization/o1', 'Patient/p2']);
      const star = await repo.search(ctx, 'Patient', q('_id=p1&_include=*'));
      expect(ids(star, 'include')).toEqual(['Organization/o1', 'Patient/p2']);
      const typed = await repo.search(ctx, 'Patient', q('_id=p1&_include=Patient:link:Patient'));
      expect(ids(typed, 'include')).toEqual(['Patient/p2']);
    });

    it('_revinclude adds referencing resources, with :iterate', async () => {
      const b = await repo.search(ctx, 'Patient', q('_id=p2&_revinclude=Observation:subject'));
      expect(ids(b, 'include')).toEqual(['Observation/o4']);
      const it2 = await repo.search(ctx, 'Organization', q('_id=o1&_revinclude=Patient:organization&_revinclude:iterate=Observation:subject'));
      expect(ids(it2, 'include')).toEqual([
        'Observation/o0', 'Observation/o1', 'Observation/o2', 'Observation/o3', 'Observation/o4', 'Patient/p1', 'Patient/p2', 'Patient/p3',
      ]);
    });

    it('compartment search /Patient/p1/Observation and system search with _type', async () => {
      const b = await repo.search(ctx, 'Observation', q(''), 'Patient/p1');
      expect(ids(b)).toEqual(['Observation/o0', 'Observation/o1', 'Observation/o2', 'Observation/o3']);
      expect(b.link?.[0]?.url).toBe('http://test/fhir/Patient/p1/Observation');
      const sys = await repo.search(ctx, undefined, q('_type=Organization,Patient&_count=50'));
      expect(ids(sys)).toEqual(['Organization/o1', 'Patient/p1', 'Patient/p2', 'Patient/p3']);
    });

    it('include results respect the include cap with an outcome entry', async () => {
      const store = await openTestStore(kind, registry, extractor);
      const small = makeRepository({ store, registry, extractor, validator, config: { maxIncludes: 1 } });
      await small.update(ctx, 'Patient', 'a', { resourceType: 'Patient', id: 'a' });
      for (const id of ['x', 'y']) await small.update(ctx, 'Observation', id, { resourceType: 'Observation', id, status: 'final', code: { text: 'c' }, subject: { reference: 'Patient/a' } });
      const b = await small.search(ctx, 'Patient', q('_revinclude=Observation:subject'));
      expect(ids(b, 'include')).toHaveLength(1);
      expect(b.entry?.some((e) => e.search?.mode === 'outcome')).toBe(true);
    });
  });
});
