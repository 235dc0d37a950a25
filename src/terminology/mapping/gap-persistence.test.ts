import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileGapStore, MemoryGapStore } from './gap-file-store.js';
import { startGapPersistence } from './gap-persistence.js';
import { MappingGapTable } from './mapping-gaps.js';

let dir = '';
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gaps-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const gap = { source: 'lab-a', system: 'http://x/lab', code: 'A', display: 'Alpha', count: 2, firstSeen: '2026-03-01T00:00:00.000Z', lastSeen: '2026-03-01T01:00:00.000Z' };

describe('JsonFileGapStore', () => {
  it('answers [] before anything is saved, then what was saved (file mode 0600)', async () => {
    const store = new JsonFileGapStore(join(dir, 'sub', 'mapping-gaps.json'));
    expect(await store.load()).toEqual([]);
    await store.save([gap]);
    expect(await store.load()).toEqual([gap]);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });

  it('skips entries that are not gaps and refuses a file that is not a gap file', async () => {
    const path = join(dir, 'g.json');
    await writeFile(path, JSON.stringify({ format: 'lyfeai-mapping-gaps/1', gaps: [gap, { ...gap, count: -1 }, { ...gap, firstSeen: 'yesterday' }, 'x', null] }));
    expect(await new JsonFileGapStore(path).load()).toEqual([gap]);
    await writeFile(path, '{"hello":1}');
    await expect(new JsonFileGapStore(path).load()).rejects.toThrow(/not a mapping-gap file/);
  });
});

describe('startGapPersistence', () => {
  it('loads the saved report, saves only when changed, and saves on stop', async () => {
    const store = new MemoryGapStore();
    store.saved = [gap];
    const table = new MappingGapTable();
    const p = await startGapPersistence({ table, store, intervalMs: 3_600_000, onError: () => undefined });
    expect(table.list().gaps).toEqual([gap]);
    await p.flush();
    expect(store.saves).toBe(0);
    table.record({ source: 'lab-a', system: 'http://x/lab', code: 'A' }, Date.parse('2026-03-02T00:00:00Z'));
    await p.flush();
    expect(store.saves).toBe(1);
    expect(store.saved[0]?.count).toBe(3);
    table.record({ source: 'lab-b', system: 'http://x/lab', code: 'B' }, Date.parse('2026-03-02T00:00:00Z'));
    await p.stop();
    expect(store.saves).toBe(2);
    expect(store.saved).toHaveLength(2);
  });

  it('saves again after a failed save', async () => {
    const store = new MemoryGapStore();
    let failNext = true;
    const flaky = { load: () => store.load(), save: (g: Parameters<MemoryGapStore['save']>[0]) => (failNext ? Promise.reject(new Error('disk full')) : store.save(g)) };
    const table = new MappingGapTable();
    const p = await startGapPersistence({ table, store: flaky, intervalMs: 3_600_000, onError: () => undefined });
    table.record({ source: 's', system: 'x', code: 'c' }, 0);
    await expect(p.flush()).rejects.toThrow('disk full');
    failNext = false;
    await p.flush();
    expect(store.saved).toHaveLength(1);
  });

  it('writes the JSON file in DATA_DIR on stop', async () => {
    const store = new JsonFileGapStore(join(dir, 'mapping-gaps.json'));
    const table = new MappingGapTable();
    const p = await startGapPersistence({ table, store, intervalMs: 3_600_000, onError: () => undefined });
    table.record({ source: 's', system: 'x', code: 'c' }, 0);
    await p.stop();
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toMatchObject({ gaps: [{ source: 's', system: 'x', code: 'c', count: 1 }] });
  });
});
