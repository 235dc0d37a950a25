/**
 * Golden bundles of the X12 → FHIR translation: each hand-written fixture (src/translators/x12/
 * transactions/test-fixtures.ts) translates to exactly the Bundle under test/golden/x12/. After an
 * intended mapping change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/corpus/x12-golden.test.ts`
 * and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateText } from '../../src/translators/x12/fhir/test-support.js';
import { x270, x278, x834, x835, x837p } from '../../src/translators/x12/transactions/test-fixtures.js';

const goldenDir = resolve(import.meta.dirname, '../golden/x12');

describe('X12 → FHIR golden bundles', () => {
  it.each([
    ['837P', x837p()], ['835', x835((b) => [...b.map((s) => s.replace('BPR*I*130', 'BPR*I*120')), 'PLB*1912301953*20241231*WO:X1*10'])],
    ['834', x834()], ['270', x270()], ['278', x278()],
  ] as const)('%s', (name, text) => {
    const file = join(goldenDir, `${name}.json`);
    const actual = `${JSON.stringify(translateText(text), null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
