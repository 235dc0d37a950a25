import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Device, Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { versionOf } from '../contract/fixtures.js';
import { SqliteFhirStore } from './sqlite-fhir-store.js';
import { WriteGroup } from './write-group.js';

const registry = defaultSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const patient = (id: string, family: string): Patient => ({ resourceType: 'Patient', id, name: [{ family }] });
const device = (id: string, serialNumber: string): Device => ({ resourceType: 'Device', id, serialNumber });

describe('SqliteFhirStore group commit (file database)', () => {
  let dir: string;
  let path: string;
  let store: SqliteFhirStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-group-'));
    path = join(dir, 'fhir.db');
    store = SqliteFhirStore.open({ path, registry, extractor });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent transactions, rolls back only the failed one, and answers after the commit', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.write(versionOf(patient(`p${i}`, `Family${i}`), 1));
          await new Promise((r) => setImmediate(r));
          if (i === 2) throw new Error('unit 2 fails');
          return i;
        })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Each answered transaction is visible to the read connection and to a fresh connection.
    const other = SqliteFhirStore.open({ path, registry, extractor });
    try {
      for (const s of [store, other]) {
        const found = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => (await s.read('Patient', `p${i}`))?.versionId));
        expect(found).toEqual([1, 1, undefined, 1, 1, 1]);
        const page = await s.search({
          resourceTypes: ['Patient'], filters: [], compartment: undefined, sort: [], count: 10, cursor: undefined, total: 'accurate',
          summary: undefined, elements: undefined, include: [], revinclude: [], selfParams: [],
        });
        expect(page.total).toBe(5);
      }
    } finally {
      await other.close();
    }
  });

  it('keeps compare-and-set between transactions of one group', async () => {
    await store.transaction((tx) => tx.write(versionOf(patient('a', 'A'), 1)));
    const outcomes = await Promise.allSettled([
      store.transaction((tx) => tx.write(versionOf(patient('a', 'B'), 2))),
      store.transaction((tx) => tx.write(versionOf(patient('a', 'C'), 2))),
      store.transaction((tx) => tx.write(versionOf(patient('a', 'D'), 3))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const current = await store.read('Patient', 'a');
    expect(current?.versionId).toBe(3);
    expect((current?.resource as Patient | undefined)?.name?.[0]?.family).toBe('D');
  });

  it('rolls back a unit that registered new index params without losing the group', async () => {
    const outcomes = await Promise.allSettled([
      store.transaction((tx) => tx.write(versionOf(patient('x', 'X'), 1))),
      store.transaction(async (tx) => {
        await tx.write(versionOf(device('d1', 'S1'), 1));
        throw new Error('fail after a first Device write');
      }),
      store.transaction((tx) => tx.write(versionOf(device('d2', 'S2'), 1))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.read('Device', 'd1')).toBeUndefined();
    expect((await store.read('Device', 'd2'))?.versionId).toBe(1);
    expect((await store.read('Patient', 'x'))?.versionId).toBe(1);
  });
});

describe('WriteGroup durability', () => {
  function group(durable: () => Promise<void>): { db: Database.Database; wg: WriteGroup } {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t(x)');
    const wg = new WriteGroup(db, () => Promise.resolve(() => undefined), () => undefined, true, 32, durable);
    return { db, wg };
  }

  it('answers a committed unit only after the WAL fsync, and with its error when the fsync fails', async () => {
    let finish: (e?: Error) => void = () => undefined;
    const { db, wg } = group(() => new Promise<void>((ok, fail) => {
      finish = (e) => (e === undefined ? ok() : fail(e));
    }));
    wg.begin();
    db.exec("INSERT INTO t VALUES ('a')");
    let settled = false;
    const first = wg.commitUnit().then(() => {
      settled = true;
    });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(db.inTransaction).toBe(false); // committed by the scheduled COMMIT …
    expect(settled).toBe(false); // … but not answered before the fsync
    finish();
    await first;
    expect(settled).toBe(true);

    wg.begin();
    db.exec("INSERT INTO t VALUES ('b')");
    const second = wg.commitUnit();
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    finish(new Error('EIO: fsync failed'));
    await expect(second).rejects.toThrow(/fsync failed/);
  });
});
