import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { versionOf } from '../contract/fixtures.js';
import { param, searchRequest, text } from '../contract/search-builders.js';
import { SqliteFhirStore } from './sqlite-fhir-store.js';

const registry = defaultSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const patient = (id: string, family: string): Patient => ({ resourceType: 'Patient', id, name: [{ family }] });
const observation = (id: string, subject: string): Observation => ({
  resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, subject: { reference: subject },
});
const byFamily = (family: string) => searchRequest(['Patient'], [param(registry, 'Patient', 'family', [text(family)])]);

// Index rows are buffered per unit and inserted together: every read of index tables inside the unit
// must still see them, and a rolled-back unit must leave none behind.
describe.each([
  ['file database', true],
  [':memory:', false],
])('SqliteFhirStore buffered index rows (%s)', (_name, file) => {
  let dir: string;
  let store: SqliteFhirStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-index-'));
    store = SqliteFhirStore.open({ path: file ? join(dir, 'fhir.db') : ':memory:', registry, extractor });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the unit search and follow references over the rows it wrote', async () => {
    const seen = await store.transaction(async (tx) => {
      await tx.write(versionOf(patient('p1', 'Bufferedfamily'), 1));
      await tx.write(versionOf(observation('o1', 'Patient/p1'), 1));
      const found = (await tx.search(byFamily('bufferedfamily'))).resources.map((r) => r.id);
      const referrers = (await tx.referrers('Patient', 'p1', 10)).map((k) => `${k.resourceType}/${k.id}`);
      return { found, referrers };
    });
    expect(seen).toEqual({ found: ['p1'], referrers: ['Observation/o1'] });
    expect((await store.search(byFamily('bufferedfamily'))).resources.map((r) => r.id)).toEqual(['p1']);
  });

  it('re-indexes a resource written twice in one unit from its last version only', async () => {
    await store.transaction(async (tx) => {
      await tx.write(versionOf(patient('p2', 'Firstname'), 1));
      await tx.write(versionOf(patient('p2', 'Secondname'), 2));
    });
    expect((await store.search(byFamily('firstname'))).resources).toEqual([]);
    expect((await store.search(byFamily('secondname'))).resources.map((r) => r.id)).toEqual(['p2']);
  });

  it('keeps no rows of a unit that failed', async () => {
    await expect(store.transaction(async (tx) => {
      await tx.write(versionOf(patient('p3', 'Rolledback'), 1));
      throw new Error('unit fails');
    })).rejects.toThrow('unit fails');
    await store.transaction(async (tx) => tx.write(versionOf(patient('p4', 'Kept'), 1)));
    expect((await store.search(byFamily('rolledback'))).resources).toEqual([]);
    expect((await store.search(byFamily('kept'))).resources.map((r) => r.id)).toEqual(['p4']);
  });
});
