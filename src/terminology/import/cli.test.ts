/** The operator CLI (`npm run terminology:import`), run as a process: exit codes, stdout JSON, the file. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './test-support/imported-fixtures.js';

const script = fileURLToPath(new URL('../../../scripts/terminology-import.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'lyfe-import-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('terminology:import CLI', () => {
  it('imports, prints a JSON summary and a progress line, writes DATA_DIR/terminology/<format>.ndjson', () => {
    const r = run('cvx', FIXTURES.cvx, '--data-dir', dataDir, '--version', '2025-01');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'cvx', url: 'http://hl7.org/fhir/sid/cvx', version: '2025-01', concepts: 4 });
    expect(r.stderr).toMatch(/cvx\.txt \[#+\] 100%/);
    expect(existsSync(join(dataDir, 'terminology', 'cvx.ndjson'))).toBe(true);
  });
  it.each([
    [['nope', 'x'], 2],
    [['cvx'], 2],
    [['cvx', join(dataDir, 'missing.txt'), '--data-dir', dataDir], 1],
  ])('%j exits %i', (args, status) => {
    expect(run(...args).status).toBe(status);
  });
});
