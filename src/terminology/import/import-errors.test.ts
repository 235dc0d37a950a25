/** Malformed input is an OperationOutcomeError naming the file, and nothing is written. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportFormat } from './imported-system.js';
import { silentProgress } from './progress.js';
import { importedTerminologyDir, runImport } from './run-import.js';

const dir = mkdtempSync(join(tmpdir(), 'lyfe-import-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad distribution files', () => {
  it.each([
    ['loinc', 'Loinc.csv', '"LOINC_NUM","COMPONENT"\n"1-8","x"\n', 'processing', /missing column/],
    ['loinc', 'Loinc.csv', '"LOINC_NUM","COMPONENT","PROPERTY","TIME_ASPCT","SYSTEM","SCALE_TYP","METHOD_TYP","CLASS","STATUS","LONG_COMMON_NAME","SHORTNAME"\n"1-8","unterminated\n', 'processing', /quoted field/],
    ['icd10cm', 'icd10cm_order_2025.txt', 'this is not an order file\n', 'processing', /line 1/],
    ['cvx', 'cvx.txt', 'abc|def\n', 'processing', /line 1/],
    ['rxnorm', 'RXNCONSO.RRF', '1|ENG|x\n', 'processing', /fields/],
    ['ndc', 'product.txt', 'PRODUCTID\tPRODUCTNDC\n1\t2\n', 'processing', /missing column/],
    ['ndc', 'product.txt', 'PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tNONPROPRIETARYNAME\tDOSAGEFORMNAME\nx\t00021433\tHUMAN OTC DRUG\tA\tB\tTABLET\n', 'processing', /line 2/],
    ['snomed', 'sct2_Concept_Snapshot_INT_20240101.txt', 'id\teffectiveTime\n1\t2\n', 'not-found', /description file/],
  ] as const)('%s %s → %s', async (format: ImportFormat, name, text, code, message) => {
    const folder = mkdtempSync(join(dir, `${format}-`));
    writeFileSync(join(folder, name), text);
    const dataDir = join(folder, 'data');
    const run = runImport({ format, path: join(folder, name), dataDir, progress: silentProgress });
    await expect(run).rejects.toMatchObject({ outcome: { issue: [{ code }] } });
    await expect(run).rejects.toThrow(message);
    expect(() => readdirSync(importedTerminologyDir(dataDir))).toThrow();
  });

  it('a missing path is not-found', async () => {
    await expect(runImport({ format: 'cvx', path: join(dir, 'nope.txt'), dataDir: dir, progress: silentProgress })).rejects.toMatchObject({ outcome: { issue: [{ code: 'not-found' }] } });
  });
});
