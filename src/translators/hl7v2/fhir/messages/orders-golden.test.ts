/**
 * Golden bundles: each order / result / pharmacy / scheduling / document / financial fixture translates
 * to exactly the committed `test/golden/hl7v2/<type>.json` (bundle, issues, patient key, event time).
 * Regenerate after a deliberate mapping change with
 * `UPDATE_GOLDEN=1 npx vitest run src/translators/hl7v2/fhir/messages/orders-golden.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from '../../parser/index.js';
import { translateHl7v2 } from '../translate.js';
import { testContext } from '../segments/orders-fixtures.js';
import { createSchemaValidator } from '../../../../validation/index.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';
import { ORDER_FIXTURES } from './order-fixtures.js';

const goldenDir = join(resolve(import.meta.dirname, '../../../../..'), 'test', 'golden', 'hl7v2');
const validator = createSchemaValidator();

describe('order / result / scheduling / document / financial golden bundles', () => {
  it.each(Object.entries(ORDER_FIXTURES))('%s', (name, text) => {
    const result = translateHl7v2(parseHl7Message(text), testContext(v2ConceptMapCodeMapper));
    const file = join(goldenDir, `${name}.json`);
    const actual = `${JSON.stringify(result, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
    expect(existsSync(file), `${file} missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const e of result.bundle.entry ?? []) expect(validator.validate(e.resource)).toEqual([]);
  });

  it('replaying a message yields the same conditional requests (replays converge)', () => {
    for (const text of Object.values(ORDER_FIXTURES)) {
      const urls = (t: string) => (translateHl7v2(parseHl7Message(t), testContext(v2ConceptMapCodeMapper)).bundle.entry ?? []).map((e) => `${e.request?.method ?? ''} ${e.request?.url ?? ''} ${e.request?.ifNoneExist ?? ''}`);
      expect(urls(text)).toEqual(urls(text));
      // Only Provenance is a plain create: everything else is matched on a business identifier.
      expect(urls(text).filter((u) => /^POST \w+ $/.test(u) && !u.startsWith('POST Provenance'))).toEqual([]);
    }
  });
});
