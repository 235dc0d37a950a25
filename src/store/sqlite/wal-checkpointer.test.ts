import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { versionOf } from '../contract/fixtures.js';
import { SqliteFhirStore } from './sqlite-fhir-store.js';
import { WalCheckpointer, type CheckpointResult } from './wal-checkpointer.js';

const registry = defaultSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const patient = (id: string): Patient => ({ resourceType: 'Patient', id, name: [{ family: `F${id}` }] });

describe('WalCheckpointer (worker thread)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-ckpt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints every frame of the WAL into the database without the writer', async () => {
    const path = join(dir, 'x.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t(x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
    })();
    const results: CheckpointResult[] = [];
    const cp = new WalCheckpointer(path, 60_000, (r) => results.push(r), () => undefined);
    const r = await cp.pass();
    expect(r.busy).toBe(0);
    expect(r.log).toBeGreaterThan(10);
    expect(r.checkpointed).toBe(r.log);
    expect(results).toEqual([r]);
    await cp.stop();
    // Copied into the main file: a connection that ignores the WAL sees the rows.
    db.close();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(2000 * 100);
  });

  it('keeps a process with nothing else to do alive while a pass or the stop is awaited', () => {
    const path = join(dir, 'z.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const module = pathToFileURL(join(import.meta.dirname, 'wal-checkpointer.ts')).href;
    const script = `const { WalCheckpointer } = await import(${JSON.stringify(module)});
      const cp = new WalCheckpointer(${JSON.stringify(path)}, 60000, () => undefined, () => undefined);
      const r = await cp.pass();
      await cp.stop();
      process.stdout.write('settled ' + r.busy);`;
    const file = join(dir, 'await-pass.mjs');
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'settled 0' });
  });

  it('rejects passes after stop', async () => {
    const path = join(dir, 'y.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const cp = new WalCheckpointer(path, 60_000, () => undefined, () => undefined);
    await cp.stop();
    await expect(cp.pass()).rejects.toThrow(/stopped/);
  });
});

describe('SqliteFhirStore with the checkpoint worker', () => {
  it('copies committed pages into the database from the worker, keeps every write across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-ckpt-store-'));
    const path = join(dir, 'fhir.db');
    try {
      const store = SqliteFhirStore.open({ path, registry, extractor, checkpointIntervalMs: 5 });
      const before = statSync(path).size;
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.transaction((tx) => tx.write(versionOf(patient(`p${i}`), 1)))));
      // The writer never checkpoints (wal_autocheckpoint = 0): the main file grows only through the worker.
      for (let i = 0; i < 500 && statSync(path).size <= before; i++) await new Promise((r) => setTimeout(r, 10));
      expect(statSync(path).size).toBeGreaterThan(before);
      await store.close();
      const reopened = SqliteFhirStore.open({ path, registry, extractor, checkpointIntervalMs: 0 });
      const found = await Promise.all(Array.from({ length: 50 }, (_, i) => reopened.read('Patient', `p${i}`)));
      expect(found.every((v) => v?.versionId === 1)).toBe(true);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
