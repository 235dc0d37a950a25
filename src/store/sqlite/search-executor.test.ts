import type { Patient } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { versionOf } from '../contract/fixtures.js';
import { searchRequest } from '../contract/search-builders.js';
import { SqliteFhirStore } from './sqlite-fhir-store.js';

const registry = defaultSearchParamRegistry();

async function storeWith(n: number): Promise<SqliteFhirStore> {
  const store = SqliteFhirStore.open({ path: ':memory:', registry, extractor: createIndexExtractor(registry) });
  await store.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await tx.write(versionOf({ resourceType: 'Patient', id: `p${i}` } satisfies Patient, 1));
  });
  return store;
}

describe('executeSearch totals and paging', () => {
  it.each([
    ['accurate', [5, 5, 5]],
    ['estimate', [5, 5, 5]],
    ['none', [undefined, undefined, undefined]],
  ] as const)('_total=%s on every page of a paged search', async (total, expected) => {
    const store = await storeWith(5);
    const totals: (number | undefined)[] = [];
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.search(searchRequest(['Patient'], [], { count: 2, total, cursor }));
      totals.push(page.total);
      ids.push(...page.resources.map((r) => r.id ?? ''));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(totals).toEqual(expected);
    expect(ids).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    await store.close();
  });

  it('counts a complete first page from its rows, and 0 matches as 0', async () => {
    const store = await storeWith(3);
    expect((await store.search(searchRequest(['Patient'], [], { count: 10 }))).total).toBe(3);
    expect((await store.search(searchRequest(['Observation'], [], { count: 10 }))).total).toBe(0);
    await store.close();
  });

  it('estimate after a write counts what the first page saw; accurate recounts', async () => {
    const store = await storeWith(4);
    const first = await store.search(searchRequest(['Patient'], [], { count: 2, total: 'estimate' }));
    await store.transaction((tx) => tx.write(versionOf({ resourceType: 'Patient', id: 'p9' } satisfies Patient, 1)));
    const cursor = first.nextCursor;
    expect((await store.search(searchRequest(['Patient'], [], { count: 2, total: 'estimate', cursor }))).total).toBe(4);
    expect((await store.search(searchRequest(['Patient'], [], { count: 2, total: 'accurate', cursor }))).total).toBe(5);
    await store.close();
  });

  it('rejects a cursor with a malformed total', async () => {
    const store = await storeWith(1);
    const bad = Buffer.from(JSON.stringify(['t', 0, 1, -3])).toString('base64url');
    await expect(store.search(searchRequest(['Patient'], [], { cursor: bad }))).rejects.toMatchObject({ category: 'invalid' });
    await store.close();
  });
});
