import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalSync } from './wal-sync.js';

describe('WalSync', () => {
  it('creates a missing WAL file empty and answers every concurrent sync, then closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
    const path = join(dir, 'x.sqlite-wal');
    const wal = new WalSync(path);
    expect(existsSync(path)).toBe(true);
    const order: number[] = [];
    const all = [1, 2, 3, 4, 5].map((n) => wal.sync().then(() => order.push(n)));
    // close waits for the fsyncs asked for before it
    await wal.close();
    expect(order.sort()).toEqual([1, 2, 3, 4, 5]);
    await Promise.all(all);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to sync once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
    const wal = new WalSync(join(dir, 'y.sqlite-wal'));
    await wal.close();
    await expect(wal.sync()).rejects.toThrow(/closed/);
    rmSync(dir, { recursive: true, force: true });
  });
});
