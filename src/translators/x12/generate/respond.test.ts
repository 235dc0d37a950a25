import { describe, expect, it } from 'vitest';
import { fixedContext, segmentsOf } from '../ack/test-support.js';
import { testContext } from '../fhir/test-support.js';
import { x270, x278, x837p } from '../transactions/test-fixtures.js';
import { CLAIM_NOT_FOUND } from './claim-status-277.js';
import { respondToX12, type X12Lookups } from './respond.js';

const lookups: X12Lookups = { coverages: () => [], claimStatus: () => CLAIM_NOT_FOUND, payerClaimNumber: () => 'P1' };
const ids = (text: string | undefined): string[] => segmentsOf(text ?? '').map((s) => s[0] ?? '').filter((s) => ['ST', 'AK9', 'EB', 'AAA', 'HCR', 'STC'].includes(s));

describe('respondToX12', () => {
  it.each([
    ['270 → 999 + 271 (unknown member: AAA)', x270(), '271', ['ST', 'AAA']],
    ['278 request → 999 + pended 278 response', x278(), '278', ['ST', 'HCR', 'HCR']],
    ['837P → 999 + 277CA', x837p(), '277', ['ST', 'STC', 'STC']],
  ])('%s', (_name, text, st, response) => {
    const answer = respondToX12(text, lookups, testContext(), fixedContext());
    expect(ids(answer.acknowledgements[0]?.functional[0]?.text)).toEqual(['ST', 'AK9']);
    expect(answer.acknowledgements[0]?.functional[0]?.code).toBe('A');
    const [set] = answer.sets;
    expect([set?.accepted, set?.translation?.issues.length, segmentsOf(set?.response?.text ?? '').find((s) => s[0] === 'ST')?.[1]]).toEqual([true, 0, st]);
    expect(ids(set?.response?.text)).toEqual(response);
  });

  it('a rejected set is acknowledged (999 R) and neither translated nor answered', () => {
    const answer = respondToX12(x837p((b) => b.map((s) => s.replace('CLM*26463774*150', 'CLM*26463774*151'))), lookups, testContext(), fixedContext());
    expect(answer.acknowledgements[0]?.functional[0]?.code).toBe('R');
    expect(answer.sets.map((s) => [s.accepted, s.translation, s.response])).toEqual([[false, undefined, undefined]]);
  });
});
