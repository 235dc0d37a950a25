import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTerminologyMapping, GAP_FILE_NAME } from './index.js';
import { LAB, mappingTestService } from './test-fixtures.js';

describe('createTerminologyMapping', () => {
  it('builds the mapper and keeps its gap report in DATA_DIR across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mapping-'));
    try {
      const terminology = mappingTestService();
      const first = await createTerminologyMapping({ terminology, dataDir, now: () => Date.parse('2026-03-01T00:00:00Z') });
      expect(first.mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' }).mapped).toBe(true);
      first.mapper.map({ system: LAB, code: 'ZZ' }, { source: 'a' });
      await first.close();
      expect(JSON.parse(await readFile(join(dataDir, GAP_FILE_NAME), 'utf8'))).toMatchObject({ gaps: [{ code: 'ZZ', count: 1 }] });

      const second = await createTerminologyMapping({ terminology, dataDir, now: () => Date.parse('2026-03-02T00:00:00Z') });
      second.mapper.map({ system: LAB, code: 'ZZ' }, { source: 'a' });
      expect(second.gaps.list().gaps).toEqual([
        { source: 'a', system: LAB, code: 'ZZ', count: 2, firstSeen: '2026-03-01T00:00:00.000Z', lastSeen: '2026-03-02T00:00:00.000Z' },
      ]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('works without persistence', async () => {
    const m = await createTerminologyMapping({ terminology: mappingTestService(), now: () => 0 });
    m.mapper.map({ system: LAB, code: 'ZZ' }, { source: 'a' });
    await m.flush();
    await m.close();
    expect(m.gaps.size).toBe(1);
  });
});
