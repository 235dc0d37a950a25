/** The coverage report survives a restart: saved atomically under DATA_DIR, loaded at boot. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Hl7v2CoverageReport } from '../../translators/hl7v2/coverage/index.js';
import { startCoveragePersistence } from './coverage-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'hl7v2-coverage-'));
  dirs.push(d);
  return d;
};
const reads = { present: new Set(['PID-3', 'PID-5', 'ZPI-2']), read: new Set(['PID-3', 'PID-5']) };

describe('startCoveragePersistence', () => {
  it('saves on stop and a new process (new report) loads the same rows', async () => {
    const path = join(tempDir(), 'hl7v2-coverage.json');
    const errors: unknown[] = [];
    const first = new Hl7v2CoverageReport();
    const p1 = await startCoveragePersistence({ report: first, path, intervalMs: 60_000, onError: (e) => errors.push(e) });
    first.record('LAB/HOSP', 'ADT^A04', reads);
    first.record('LAB/HOSP', 'ADT^A04', reads);
    await p1.stop();
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const second = new Hl7v2CoverageReport();
    const p2 = await startCoveragePersistence({ report: second, path, intervalMs: 60_000, onError: (e) => errors.push(e) });
    expect(second.rows()).toEqual(first.rows());
    second.record('LAB/HOSP', 'ADT^A04', reads);
    await p2.flush();
    const third = new Hl7v2CoverageReport();
    await (await startCoveragePersistence({ report: third, path, intervalMs: 60_000, onError: (e) => errors.push(e) })).stop();
    expect(third.rows()[0]).toMatchObject({ messages: 3, present: 9, mapped: 6, ignored: 3 });
    expect(errors).toEqual([]);
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing while nothing changed', async () => {
    const path = join(tempDir(), 'hl7v2-coverage.json');
    const p = await startCoveragePersistence({ report: new Hl7v2CoverageReport(), path, intervalMs: 60_000, onError: () => undefined });
    await p.stop();
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('an unreadable file is reported, the report starts empty and the next save replaces the file', async () => {
    const path = join(tempDir(), 'hl7v2-coverage.json');
    writeFileSync(path, '{"format":"something else"}');
    const errors: unknown[] = [];
    const report = new Hl7v2CoverageReport();
    const p = await startCoveragePersistence({ report, path, intervalMs: 60_000, onError: (e) => errors.push(e) });
    expect(errors).toHaveLength(1);
    expect(report.rows()).toEqual([]);
    report.record('A', 'ORU^R01', reads);
    await p.stop();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'lyfeai-hl7v2-coverage/1', rows: [{ sender: 'A', messageType: 'ORU^R01', messages: 1 }] });
  });
});
