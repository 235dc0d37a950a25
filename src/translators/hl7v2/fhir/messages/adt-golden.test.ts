/**
 * Golden bundles: each ADT fixture translates to exactly the committed `test/golden/hl7v2/adt-<event>.json`
 * (bundle, issues, patient key, event time, fallback bundle). Regenerate after a deliberate mapping
 * change with `UPDATE_GOLDEN=1 npx vitest run src/translators/hl7v2/fhir/messages/adt-golden.test.ts`
 * and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from '../../parser/index.js';
import { translateHl7v2 } from '../translate.js';
import { testContext } from '../testing.js';
import { v2ConceptMapCodeMapper as codes } from '../../../../../test/support/v2-concept-map-code-mapper.js';
import { ADT_FIXTURES } from './fixtures.js';

const root = resolve(import.meta.dirname, '../../../../..');
const goldenDir = join(root, 'test', 'golden', 'hl7v2');

describe('ADT golden bundles', () => {
  it.each(Object.entries(ADT_FIXTURES))('ADT^%s', (event, text) => {
    const result = translateHl7v2(parseHl7Message(text), testContext({ codes }));
    const file = join(goldenDir, `adt-${event.toLowerCase()}.json`);
    const actual = `${JSON.stringify(result, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
    expect(existsSync(file), `${file} missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
