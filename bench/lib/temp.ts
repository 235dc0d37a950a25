/** Scratch data directories for benchmark gateways, under .bench-data/tmp (removed afterwards). */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_DATA = join(process.cwd(), '.bench-data');

export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  mkdirSync(join(BENCH_DATA, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(BENCH_DATA, 'tmp', `${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
