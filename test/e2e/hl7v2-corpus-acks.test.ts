/**
 * The corpus' negative cases (cdc-trusted-intermediary Test/Message and Test/Orders 011 / 012) through the
 * pipeline with the real translator: each gets the negative ACK its defect calls for, stored with the
 * entry. Each file runs against a fresh inbox (they share sender and control id, which in one inbox
 * would rightly be answered as conflicts).
 * Deliberate difference: 012 (OBX-2 = XAD with a free-text OBX-5) is applied (AA) with a 102 warning —
 * the value is kept as text rather than refusing the order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { ackSummary, startHl7v2Harness } from './support/hl7v2-harness.js';

const DIR = join(loadConfig({}).corpusDir, 'hl7v2', 'cdc-trusted-intermediary', 'Test');

const CASES: Array<[string, string, string[]]> = [
  ['Message/empty.hl7', 'AR', ['100']],
  ['Message/msh_present_but_missing_all_fields.hl7', 'AR', ['101']],
  ['Message/msh_present_but_missing_msh-9.hl7', 'AR', ['101']],
  ['Message/msh_present_but_missing_msh-10.hl7', 'AE', ['101']],
  ['Message/msh_present_but_missing_msh-2.hl7', 'AE', ['101']],
  ['Message/msh_present_but_missing_msh-6.hl7', 'AE', ['101']], // MSH only: an order without a patient
  ['Message/msh-12_has_value_2_3.hl7', 'AE', ['101']],
  ['Message/orm_obx-5_is_not_a_numeric_value.hl7', 'AE', ['101', '102']],
  ['Orders/011_AL_ORM_O01_malformed_DTM_datatype_0_initial_message.hl7', 'AE', ['102']],
  ['Orders/012_AL_ORM_O01_malformed_XAD_datatype_0_initial_message.hl7', 'AA', ['102']],
];

describe.runIf(existsSync(DIR))('corpus negative cases → ACK', () => {
  it.each(CASES)('%s → %s with ERR %j', async (file, code, errors) => {
    const h = startHl7v2Harness({ translate: translateHl7v2 });
    try {
      const [ack] = await h.send(readFileSync(join(DIR, file)));
      const summary = ackSummary(ack);
      expect(summary.code).toBe(code);
      expect(summary.errors).toEqual(expect.arrayContaining(errors));
      const [entry] = (await h.inbox.list({ limit: 1 })).entries;
      expect(entry?.ack?.text).toBe(ack?.text);
      expect(code === 'AA' ? ['done'] : ['failed', 'dead']).toContain(entry?.state);
    } finally {
      await h.close();
    }
  });
});
