/**
 * The search half of the FhirStore contract: every parameter type, prefix and modifier, chains, `_has`,
 * compartments, sorting, keyset paging, totals and injection attempts. https://hl7.org/fhir/R4/search.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4.js';
import { isOperationOutcomeError } from '../../core/outcomes.js';
import { parseSearchRequest } from '../../core/search/parse.js';
import type { SearchFilter, SearchRequest } from '../../core/search/types.js';
import type { FhirStore, SearchPage } from '../../ports/fhir-store.js';
import type { ContractStore } from './fhir-store-contract.js';
import { DATASET, ids, putAll } from './fixtures.js';
import { URL_CASES } from './url-cases.js';
import {
  chain, composite, date, has, identifier, missing, num, param, qty, ref, searchRequest, sortBy, text, token, uri,
} from './search-builders.js';

type R = ContractStore['registry'];
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** [label, resource type, filters (built from the registry), expected ids] */
type Case = readonly [string, string, (r: R) => SearchFilter[], readonly string[]];

const CASES: readonly Case[] = [
  // token
  ['token code', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5')])], ['o1', 'o2']],
  ['token system|code', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5', LOINC)])], ['o1', 'o2']],
  ['token wrong system', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5', 'http://x')])], []],
  ['token |code (no system)', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5', undefined, true)])], []],
  ['token system|', 'Observation', (r) => [param(r, 'Observation', 'code', [token(undefined, 'http://other')])], ['o3']],
  ['token OR values', 'Observation', (r) => [param(r, 'Observation', 'code', [token('9999'), token('8888-8')])], ['o3', 'o4']],
  ['token AND filters', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5')]), param(r, 'Observation', 'status', [token('final')])], ['o1', 'o2']],
  ['token :not', 'Observation', (r) => [param(r, 'Observation', 'code', [token('1234-5')], 'not')], ['o3', 'o4']],
  ['token :text', 'Observation', (r) => [param(r, 'Observation', 'code', [text('glucose')], 'text')], ['o1']],
  ['token boolean', 'Patient', (r) => [param(r, 'Patient', 'active', [token('true')])], ['p1']],
  ['token identifier', 'Patient', (r) => [param(r, 'Patient', 'identifier', [token('123', 'http://mrn')])], ['p1']],
  ['token :of-type', 'Patient', (r) => [param(r, 'Patient', 'identifier', [{ kind: 'of-type', typeSystem: 'http://terminology.hl7.org/CodeSystem/v2-0203', typeCode: 'MR', value: '123' }], 'of-type')], ['p1']],
  ['token :missing=true', 'Patient', (r) => [param(r, 'Patient', 'active', [missing(true)], 'missing')], ['p3']],
  ['_id', 'Patient', (r) => [param(r, 'Patient', '_id', [token('p1'), token('p3')])], ['p1', 'p3']],
  // string
  ['string prefix', 'Patient', (r) => [param(r, 'Patient', 'family', [text('smi')])], ['p1']],
  ['string prefix, case-insensitive', 'Patient', (r) => [param(r, 'Patient', 'name', [text('SM')])], ['p1', 'p2']],
  ['string accents folded', 'Patient', (r) => [param(r, 'Patient', 'family', [text('odegard')])], ['p3']],
  ['string :exact', 'Patient', (r) => [param(r, 'Patient', 'family', [text('Smith')], 'exact')], ['p1']],
  ['string :exact is case-sensitive', 'Patient', (r) => [param(r, 'Patient', 'family', [text('smith')], 'exact')], []],
  ['string :contains', 'Patient', (r) => [param(r, 'Patient', 'family', [text('YTH')], 'contains')], ['p2']],
  ['string address', 'Patient', (r) => [param(r, 'Patient', 'address-city', [text('bos')])], ['p1']],
  ['string :missing=false', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [missing(false)], 'missing')], ['p1', 'p2']],
  // date
  ['date eq year', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('eq', '1980')])], ['p1']],
  ['date ne', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('ne', '1980')])], ['p2']],
  ['date gt', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('gt', '1985')])], ['p2']],
  ['date lt', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('lt', '1985')])], ['p1']],
  ['date ge (equal day)', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('ge', '1990-01-01')])], ['p2']],
  ['date le (equal day)', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('le', '1980-05-01')])], ['p1']],
  ['date sa', 'Observation', (r) => [param(r, 'Observation', 'date', [date('sa', '2020')])], ['o1']],
  ['date eb', 'Observation', (r) => [param(r, 'Observation', 'date', [date('eb', '2020')])], ['o2']],
  ['date ge on dateTime', 'Observation', (r) => [param(r, 'Observation', 'date', [date('ge', '2020')])], ['o1', 'o3']],
  ['date ap', 'Patient', (r) => [param(r, 'Patient', 'birthdate', [date('ap', '1980-05-01')])], ['p1']],
  // number
  ['number eq', 'RiskAssessment', (r) => [param(r, 'RiskAssessment', 'probability', [num('eq', '0.8')])], ['r1']],
  ['number gt', 'RiskAssessment', (r) => [param(r, 'RiskAssessment', 'probability', [num('gt', '0.5')])], ['r1']],
  ['number le', 'RiskAssessment', (r) => [param(r, 'RiskAssessment', 'probability', [num('le', '0.25')])], ['r2']],
  ['number ne', 'RiskAssessment', (r) => [param(r, 'RiskAssessment', 'probability', [num('ne', '0.8')])], ['r2']],
  // quantity
  ['quantity value only', 'Observation', (r) => [param(r, 'Observation', 'value-quantity', [qty('eq', '5.4')])], ['o1']],
  ['quantity with unit', 'Observation', (r) => [param(r, 'Observation', 'value-quantity', [qty('eq', '120', UCUM, 'mg')])], ['o2']],
  ['quantity wrong unit', 'Observation', (r) => [param(r, 'Observation', 'value-quantity', [qty('eq', '120', UCUM, 'kg')])], []],
  ['quantity gt', 'Observation', (r) => [param(r, 'Observation', 'value-quantity', [qty('gt', '10')])], ['o2']],
  ['quantity lt', 'Observation', (r) => [param(r, 'Observation', 'value-quantity', [qty('lt', '10')])], ['o1']],
  // reference
  ['reference Type/id', 'Observation', (r) => [param(r, 'Observation', 'subject', [ref('Patient/p1')])], ['o1', 'o3']],
  ['reference bare id', 'Observation', (r) => [param(r, 'Observation', 'patient', [ref('p1')])], ['o1', 'o3']],
  ['reference :[type]', 'Observation', (r) => [param(r, 'Observation', 'subject', [ref('p2')], 'type', 'Patient')], ['o2']],
  ['reference :identifier', 'Observation', (r) => [param(r, 'Observation', 'performer', [identifier('http://npi', 'N-1')], 'identifier')], ['o3']],
  ['reference :missing', 'Observation', (r) => [param(r, 'Observation', 'subject', [missing(true)], 'missing')], ['o4']],
  // uri
  ['uri exact', 'ValueSet', (r) => [param(r, 'ValueSet', 'url', [uri('http://example.org/fhir/ValueSet/colors')])], ['vs1']],
  ['uri not a prefix match', 'ValueSet', (r) => [param(r, 'ValueSet', 'url', [uri('http://example.org/fhir')])], []],
  ['uri :below', 'ValueSet', (r) => [param(r, 'ValueSet', 'url', [uri('http://example.org/fhir/')], 'below')], ['vs1']],
  ['uri :above', 'ValueSet', (r) => [param(r, 'ValueSet', 'url', [uri('http://example.org/other/ValueSet/sizes/v2')], 'above')], ['vs2']],
  // composite
  ['composite code$quantity', 'Observation', (r) => [param(r, 'Observation', 'code-value-quantity', [composite(token('1234-5', LOINC), qty('eq', '5.4'))])], ['o1']],
  ['composite components match together', 'Observation', (r) => [param(r, 'Observation', 'code-value-quantity', [composite(token('1234-5'), qty('gt', '100'))])], ['o2']],
  ['composite no tuple', 'Observation', (r) => [param(r, 'Observation', 'code-value-quantity', [composite(token('9999'), qty('eq', '5.4'))])], []],
  // chains and _has
  ['chain', 'Observation', (r) => [chain(r, 'Observation', 'subject', 'Patient', param(r, 'Patient', 'family', [text('smith')]))], ['o1', 'o3']],
  ['chain, two levels', 'Observation', (r) => [chain(r, 'Observation', 'subject', 'Patient', chain(r, 'Patient', 'organization', 'Organization', param(r, 'Organization', 'name', [text('other')])))], ['o2']],
  ['_has', 'Patient', (r) => [has(r, 'Observation', 'patient', param(r, 'Observation', 'code', [token('9999')]))], ['p1']],
  ['_has nested', 'Organization', (r) => [has(r, 'Patient', 'organization', has(r, 'Observation', 'patient', param(r, 'Observation', 'code', [token('1234-5')])))], ['org1', 'org2']],
  ['_has nested, one match', 'Organization', (r) => [has(r, 'Patient', 'organization', has(r, 'Observation', 'patient', param(r, 'Observation', 'code', [token('9999')])))], ['org1']],
  // injection attempts behave as literal values
  ['injection in token', 'Patient', (r) => [param(r, 'Patient', 'identifier', [token("' OR 1=1 --")])], ['p2']],
  ['injection in string', 'Patient', (r) => [param(r, 'Patient', 'family', [text("' OR 1=1 --")])], []],
  ['% is literal', 'Patient', (r) => [param(r, 'Patient', 'given', [text('%')], 'contains')], ['p3']],
  ['% prefix is literal', 'Patient', (r) => [param(r, 'Patient', 'family', [text('%')])], []],
  ['_ is literal', 'Patient', (r) => [param(r, 'Patient', 'family', [text('_')], 'contains')], []],
  ['operator object is literal', 'Patient', (r) => [param(r, 'Patient', 'family', [text('{"$gt":""}')])], []],
  ['operator object in token', 'Patient', (r) => [param(r, 'Patient', 'gender', [token('{"$ne":null}')])], []],
];

async function categoryOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isOperationOutcomeError(e) ? e.category : 'not-an-outcome';
  }
}

/** Follows next cursors from the first page; returns every page's ids. */
async function allPages(store: FhirStore, request: SearchRequest): Promise<{ pages: SearchPage[]; ids: string[] }> {
  const pages: SearchPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search({ ...request, cursor });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 50);
  return { pages, ids: pages.flatMap((p) => p.resources.map((r: Resource) => r.id ?? '')) };
}

/** Registers the search contract for one adapter (one store per describe, loaded with DATASET). */
export function describeSearchContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`FhirStore search contract: ${name}`, () => {
    let env: ContractStore;
    let store: FhirStore;
    let r: R;
    beforeAll(async () => {
      env = await makeStore();
      store = env.store;
      r = env.registry;
      await putAll(store, DATASET);
    });
    afterAll(async () => {
      await env.cleanup();
    });

    it.each(CASES)('%s', async (_label, type, filters, expected) => {
      const page = await store.search(searchRequest([type], filters(r)));
      expect(ids(page)).toEqual([...expected].sort());
      expect(page.total).toBe(expected.length);
    });

    it.each(URL_CASES)('URL %s: %s?%s', async (_label, type, query, expected) => {
      const request = parseSearchRequest(type, new URLSearchParams(query), r, { lenient: false, defaultCount: 100, maxCount: 1000 });
      const page = await store.search(request);
      expect(ids(page)).toEqual([...expected].sort());
    });

    it('restricts to a patient compartment', async () => {
      const page = await store.search(searchRequest(['Observation'], [], { compartment: 'Patient/p1' }));
      expect(ids(page)).toEqual(['o1', 'o3']);
      const both = await store.search(searchRequest(['Observation', 'RiskAssessment'], [], { compartment: 'Patient/p1' }));
      expect(ids(both)).toEqual(['o1', 'o3', 'r1']);
      const filtered = await store.search(searchRequest(['Observation'], [param(r, 'Observation', 'status', [token('final')])], { compartment: 'Patient/p1' }));
      expect(ids(filtered)).toEqual(['o1']);
    });

    it('searches several types and all types', async () => {
      const some = await store.search(searchRequest(['Patient', 'Organization'], []));
      expect(ids(some)).toEqual(['org1', 'org2', 'p1', 'p2', 'p3']);
      const all = await store.search(searchRequest([], [param(r, 'Patient', '_id', [token('p1'), token('o1')])]));
      expect(ids(all)).toEqual(['o1', 'p1']);
    });

    it('searches on _lastUpdated', async () => {
      const p1 = await store.read('Patient', 'p1');
      const at = p1?.lastUpdated ?? '';
      const page = await store.search(searchRequest(['Patient'], [param(r, 'Patient', '_lastUpdated', [date('le', at)])]));
      expect(ids(page)).toEqual(['p1']);
    });

    it.each([
      ['birthdate ascending, missing last', [['birthdate', false]], ['p1', 'p2', 'p3']],
      ['birthdate descending, missing last', [['birthdate', true]], ['p2', 'p1', 'p3']],
      ['family ascending (folded)', [['family', false]], ['p3', 'p1', 'p2']],
      ['family descending (folded)', [['family', true]], ['p2', 'p1', 'p3']],
      ['two keys', [['active', false], ['birthdate', true]], ['p2', 'p1', 'p3']],
      ['_id descending', [['_id', true]], ['p3', 'p2', 'p1']],
    ] as const)('sorts by %s', async (_label, keys, expected) => {
      const sort = keys.map(([code, desc]) => sortBy(r, 'Patient', code, desc));
      const page = await store.search(searchRequest(['Patient'], [], { sort }));
      expect(page.resources.map((x) => x.id)).toEqual(expected);
    });

    it.each([
      ['unsorted', [] as const],
      ['sorted by date descending', [['date', true]] as const],
      ['sorted by code then _id', [['code', false], ['_id', true]] as const],
    ])('pages forward and back with keyset cursors (%s)', async (_label, keys) => {
      const sort = keys.map(([code, desc]) => sortBy(r, 'Observation', code, desc));
      const full = await store.search(searchRequest(['Observation'], [], { sort }));
      const request = searchRequest(['Observation'], [], { sort, count: 1 });
      const { pages, ids: paged } = await allPages(store, request);
      expect(paged).toEqual(full.resources.map((x) => x.id));
      expect(pages).toHaveLength(4);
      expect(pages[0]?.previousCursor).toBeUndefined();
      expect(pages[3]?.nextCursor).toBeUndefined();
      // Walk back from the last page.
      let cursor = pages[3]?.previousCursor;
      const back: string[] = [];
      while (cursor !== undefined) {
        const page = await store.search({ ...request, cursor });
        back.unshift(...page.resources.map((x) => x.id ?? ''));
        cursor = page.previousCursor;
      }
      expect(back).toEqual(paged.slice(0, 3));
    });

    it('pages with a count larger than one', async () => {
      const { pages, ids: paged } = await allPages(store, searchRequest(['Patient', 'Observation', 'Organization'], [], { count: 3 }));
      expect(pages.map((p) => p.resources.length)).toEqual([3, 3, 3]);
      expect(new Set(paged).size).toBe(9);
      expect(pages.every((p) => p.total === 9)).toBe(true);
    });

    it.each([
      ['none', undefined],
      ['estimate', 2],
      ['accurate', 2],
    ] as const)('reports total %s', async (total, expected) => {
      const page = await store.search(searchRequest(['Observation'], [param(r, 'Observation', 'code', [token('1234-5')])], { total }));
      if (expected === undefined) expect(page.total).toBeUndefined();
      else expect(page.total).toBeGreaterThanOrEqual(expected);
      expect(page.resources).toHaveLength(2);
    });

    it('counts without returning resources when count is 0', async () => {
      const page = await store.search(searchRequest(['Observation'], [param(r, 'Observation', 'code', [token('1234-5')])], { count: 0 }));
      expect(page).toMatchObject({ resources: [], total: 2, nextCursor: undefined });
    });

    it('rejects a tampered cursor and unsupported terminology modifiers with 400s', async () => {
      expect(await categoryOf(store.search(searchRequest(['Patient'], [], { cursor: 'eyJ4Ijoi' })))).toBe('invalid');
      const inVs = param(r, 'Observation', 'code', [uri('http://vs')], 'in');
      expect(await categoryOf(store.search(searchRequest(['Observation'], [inVs])))).toBe('invalid');
    });
  });
}
