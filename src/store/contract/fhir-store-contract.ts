/**
 * The FhirStore contract: behaviour every adapter (store/sqlite, store/mongo) must show, written against
 * the port only. Each adapter's test file calls `describeFhirStoreContract`.
 * https://hl7.org/fhir/R4/http.html (versions, history) and https://hl7.org/fhir/R4/search.html
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FhirResource, Organization, Patient } from 'fhir/r4.js';
import { isOperationOutcomeError } from '../../core/outcomes.js';
import type { LoadedSearchParamRegistry } from '../../core/search/registry.js';
import type { SearchParamRegistry } from '../../core/search/types.js';
import type { FhirStore, HistoryQuery, ResourceVersion } from '../../ports/fhir-store.js';
import { deletionOf, putAll, putIn, versionOf } from './fixtures.js';
import { describeSearchContract } from './search-contract.js';
import { param, searchRequest, token } from './search-builders.js';

/** What an adapter test hands the suite; `cleanup` closes and removes the store. */
export interface ContractStore {
  readonly store: FhirStore;
  readonly registry: SearchParamRegistry;
  cleanup(): Promise<void>;
}

const patient = (id: string, family: string): Patient => ({ resourceType: 'Patient', id, name: [{ family }] });

const history = (q: Partial<HistoryQuery>): HistoryQuery => ({
  resourceType: undefined, id: undefined, since: undefined, at: undefined, count: 100, cursor: undefined, ...q,
});

async function categoryOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isOperationOutcomeError(e) ? e.category : 'not-an-outcome';
  }
}

/** Registers the contract suite for one adapter. */
export function describeFhirStoreContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`FhirStore contract: ${name}`, () => {
    let env: ContractStore;
    let store: FhirStore;
    beforeEach(async () => {
      env = await makeStore();
      store = env.store;
    });
    afterEach(async () => {
      await env.cleanup();
    });

    describe('create, read, vread, update, delete', () => {
      it('reads back each version and keeps old ones', async () => {
        await store.transaction(async (tx) => tx.write(versionOf(patient('a', 'One'), 1)));
        await store.transaction(async (tx) => tx.write(versionOf(patient('a', 'Two'), 2)));
        const current = await store.read('Patient', 'a');
        expect(current?.versionId).toBe(2);
        expect(current?.deleted).toBe(false);
        expect(current?.method).toBe('PUT');
        expect((current?.resource as Patient | undefined)?.name?.[0]?.family).toBe('Two');
        expect(current?.resource?.meta?.versionId).toBe('2');
        const v1 = await store.vread('Patient', 'a', 1);
        expect((v1?.resource as Patient | undefined)?.name?.[0]?.family).toBe('One');
        expect(v1?.method).toBe('POST');
        expect(await store.vread('Patient', 'a', 3)).toBeUndefined();
        expect(await store.read('Patient', 'nope')).toBeUndefined();
        expect(await store.read('Observation', 'a')).toBeUndefined();
      });

      it('records a deletion marker as the current version and drops it from search', async () => {
        await putAll(store, [patient('a', 'One')]);
        await store.transaction(async (tx) => tx.write(deletionOf('Patient', 'a', 2)));
        const current = await store.read('Patient', 'a');
        expect(current).toMatchObject({ versionId: 2, deleted: true, method: 'DELETE', resource: undefined });
        expect((await store.vread('Patient', 'a', 1))?.deleted).toBe(false);
        const page = await store.search(searchRequest(['Patient'], [param(env.registry, 'Patient', 'family', [{ kind: 'string', value: 'one' }])]));
        expect(page.resources).toHaveLength(0);
        expect(page.total).toBe(0);
        // A resource can be re-created after deletion, continuing the version sequence.
        await store.transaction(async (tx) => tx.write(versionOf(patient('a', 'Again'), 3)));
        expect((await store.read('Patient', 'a'))?.deleted).toBe(false);
      });

      it('keeps versions gapless', async () => {
        for (let i = 0; i < 5; i++) await putAll(store, [patient('g', `F${i}`)]);
        const page = await store.history(history({ resourceType: 'Patient', id: 'g' }));
        expect(page.versions.map((v) => v.versionId)).toEqual([5, 4, 3, 2, 1]);
      });
    });

    describe('transactions and compare-and-set', () => {
      it('rolls back every write when the work throws', async () => {
        const boom = store.transaction(async (tx) => {
          await tx.write(versionOf(patient('x', 'X'), 1));
          await tx.write(versionOf(patient('y', 'Y'), 1));
          throw new Error('boom');
        });
        await expect(boom).rejects.toThrow('boom');
        expect(await store.read('Patient', 'x')).toBeUndefined();
        expect(await store.history(history({}))).toMatchObject({ versions: [], total: 0 });
        // The store is still usable afterwards.
        await putAll(store, [patient('x', 'X')]);
        expect((await store.read('Patient', 'x'))?.versionId).toBe(1);
      });

      it('lets reads inside the transaction see its own writes', async () => {
        await store.transaction(async (tx) => {
          await putIn(tx, patient('own', 'Ownwrite'));
          expect((await tx.read('Patient', 'own'))?.versionId).toBe(1);
          const page = await tx.search(searchRequest(['Patient'], [param(env.registry, 'Patient', '_id', [token('own')])]));
          expect(page.resources.map((r) => r.id)).toEqual(['own']);
        });
      });

      it('does not deadlock when store-level reads run inside transaction work', async () => {
        await putAll(store, [patient('outer', 'Outer')]);
        const seen = await store.transaction(async (tx) => {
          await putIn(tx, patient('inner', 'Inner'));
          return (await store.read('Patient', 'outer'))?.versionId;
        });
        expect(seen).toBe(1);
      });

      it.each([
        ['creating an existing resource', 1, 1],
        ['skipping a version', 1, 3],
        ['updating a missing resource', 0, 2],
      ])('rejects %s with a conflict', async (_label, existing, write) => {
        for (let v = 1; v <= existing; v++) await store.transaction(async (tx) => tx.write(versionOf(patient('c', `V${v}`), v)));
        const category = await categoryOf(store.transaction(async (tx) => tx.write(versionOf(patient('c', 'New'), write))));
        expect(category).toBe('conflict');
        expect((await store.read('Patient', 'c'))?.versionId).toBe(existing === 0 ? undefined : existing);
      });

      it('lets exactly one of two concurrent writers of the same version win', async () => {
        await putAll(store, [patient('race', 'Start')]);
        const writer = (family: string) =>
          store.transaction(async (tx) => {
            await new Promise((r) => setTimeout(r, 5));
            await tx.write(versionOf(patient('race', family), 2));
            return family;
          });
        const results = await Promise.allSettled([writer('A'), writer('B')]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(isOperationOutcomeError(lost[0]?.reason) && lost[0]?.reason.category).toBe('conflict');
        const winner = (won[0] as PromiseFulfilledResult<string>).value;
        expect(((await store.read('Patient', 'race'))?.resource as Patient | undefined)?.name?.[0]?.family).toBe(winner);
        expect((await store.history(history({ resourceType: 'Patient', id: 'race' }))).total).toBe(2);
      });
    });

    describe('history', () => {
      const written: ResourceVersion[] = [];
      beforeEach(async () => {
        written.length = 0;
        const org: Organization = { resourceType: 'Organization', id: 'o1', name: 'Org' };
        await store.transaction(async (tx) => {
          written.push(await putIn(tx, patient('h1', 'A')));
          written.push(await putIn(tx, patient('h2', 'B')));
          written.push(await putIn(tx, org));
          written.push(await putIn(tx, patient('h1', 'A2')));
          const del = deletionOf('Patient', 'h2', 2);
          await tx.write(del);
          written.push(del);
        });
      });

      it('lists instance, type and system history newest first', async () => {
        const instance = await store.history(history({ resourceType: 'Patient', id: 'h1' }));
        expect(instance.versions.map((v) => v.versionId)).toEqual([2, 1]);
        expect(instance.total).toBe(2);
        const type = await store.history(history({ resourceType: 'Patient' }));
        expect(type.versions.map((v) => `${v.id}/${v.versionId}`)).toEqual(['h2/2', 'h1/2', 'h2/1', 'h1/1']);
        expect(type.versions[0]).toMatchObject({ deleted: true, method: 'DELETE', resource: undefined });
        const system = await store.history(history({}));
        expect(system.versions).toHaveLength(5);
        expect(system.versions.map((v) => v.lastUpdated)).toEqual(written.map((v) => v.lastUpdated).reverse());
      });

      it('filters by since and at', async () => {
        const third = written[2]?.lastUpdated ?? '';
        const since = await store.history(history({ since: third }));
        expect(since.versions.map((v) => v.id)).toEqual(['h2', 'h1', 'o1']);
        const at = await store.history(history({ at: third }));
        expect(at.versions.map((v) => v.id)).toEqual(['o1', 'h2', 'h1']);
      });

      it('pages with a keyset cursor without gaps or repeats', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.history(history({ count: 2, cursor }));
          expect(page.versions.length).toBeLessThanOrEqual(2);
          seen.push(...page.versions.map((v) => `${v.resourceType}/${v.id}/${v.versionId}`));
          cursor = page.nextCursor;
          pages++;
        } while (cursor !== undefined && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(written.map((v) => `${v.resourceType}/${v.id}/${v.versionId}`).reverse());
      });

      it('rejects a tampered cursor as invalid', async () => {
        expect(await categoryOf(store.history(history({ cursor: 'not-a-cursor' })))).toBe('invalid');
      });
    });

    describe('referrers', () => {
      it('lists current resources referring to a target through any reference parameter', async () => {
        const resources: FhirResource[] = [
          { resourceType: 'Patient', id: 'rp', link: [{ other: { reference: 'Patient/rp' }, type: 'seealso' }] } as Patient,
          { resourceType: 'Observation', id: 'ro1', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/rp' } },
          { resourceType: 'Encounter', id: 're1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/rp/_history/1' } },
          { resourceType: 'Observation', id: 'ro2', status: 'final', code: { text: 'x' }, subject: { reference: 'https://elsewhere.example/Patient/rp' } },
          { resourceType: 'Observation', id: 'ro3', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/rp' } },
        ];
        await putAll(store, resources);
        await store.transaction(async (tx) => tx.write(deletionOf('Observation', 'ro3', 2)));
        const keys = (list: readonly { resourceType: string; id: string }[]): string[] => list.map((k) => `${k.resourceType}/${k.id}`).sort();
        expect(keys(await store.referrers('Patient', 'rp', 10))).toEqual(['Encounter/re1', 'Observation/ro1']);
        expect(await store.referrers('Patient', 'rp', 1)).toHaveLength(1);
        expect(await store.referrers('Patient', 'nobody', 10)).toEqual([]);
        // Inside a transaction the unit of work's own deletes count.
        const inTx = await store.transaction(async (tx) => {
          await tx.write(deletionOf('Observation', 'ro1', 2));
          return keys(await tx.referrers('Patient', 'rp', 10));
        });
        expect(inTx).toEqual(['Encounter/re1']);
      });
    });

    describe('reindex', () => {
      it('re-extracts every current resource and search still works', async () => {
        await putAll(store, [patient('r1', 'Reindexed'), patient('r2', 'Other')]);
        await store.transaction(async (tx) => tx.write(deletionOf('Patient', 'r2', 2)));
        const progress: number[] = [];
        const result = await store.reindex((p) => progress.push(p.done));
        expect(result).toEqual({ done: 1, total: 1 });
        expect(progress.at(-1)).toBe(1);
        const page = await store.search(searchRequest(['Patient'], [param(env.registry, 'Patient', 'family', [{ kind: 'string', value: 'reindexed' }])]));
        expect(page.resources.map((r) => r.id)).toEqual(['r1']);
      });

      it('re-extracts only one resource type when asked', async () => {
        await putAll(store, [patient('t1', 'One'), patient('t2', 'Two'), { resourceType: 'Organization', id: 'to', name: 'Org' } as Organization]);
        const progress: number[] = [];
        expect(await store.reindex((p) => progress.push(p.total), 'Organization')).toEqual({ done: 1, total: 1 });
        expect(progress.every((t) => t === 1)).toBe(true);
        expect(await store.reindex(undefined, 'Encounter')).toEqual({ done: 0, total: 0 });
      });

      it('indexes existing resources for a parameter defined later only once reindexed', async () => {
        const registry = env.registry as Partial<LoadedSearchParamRegistry>;
        if (typeof registry.define !== 'function' || typeof registry.undefine !== 'function') throw new Error('the contract needs a LoadedSearchParamRegistry');
        const colour = (id: string, value: string): Patient => ({ resourceType: 'Patient', id, extension: [{ url: 'http://x/colour', valueString: value }] });
        await putAll(store, [colour('c1', 'Blue'), colour('c2', 'Red')]);
        registry.define('contract/colour', {
          resourceType: 'SearchParameter', url: 'http://x/SearchParameter/colour', name: 'colour', status: 'active', description: 'colour',
          code: 'colour', base: ['Patient'], type: 'string', expression: "Patient.extension.where(url='http://x/colour').value",
        });
        try {
          const byColour = async (): Promise<string[]> =>
            (await store.search(searchRequest(['Patient'], [param(env.registry, 'Patient', 'colour', [{ kind: 'string', value: 'blue' }])]))).resources.map((r) => r.id ?? '');
          expect(await byColour()).toEqual([]);
          await putAll(store, [colour('c3', 'Blue')]);
          expect(await byColour()).toEqual(['c3']);
          await store.reindex(undefined, 'Patient');
          expect((await byColour()).sort()).toEqual(['c1', 'c3']);
        } finally {
          registry.undefine('contract/colour');
        }
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });

  describeSearchContract(name, makeStore);
}
