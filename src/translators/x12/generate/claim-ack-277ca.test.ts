import { describe, expect, it } from 'vitest';
import { fixedContext, segmentsOf } from '../ack/test-support.js';
import { validateX12, X12StreamValidator } from '../snip/index.js';
import { x837p } from '../transactions/test-fixtures.js';
import { descendants, el, triggerNode } from '../transactions/index.js';
import { build277CA, ClaimAck277Builder } from './claim-ack-277ca.js';

/** The fixture with a second subscriber claim `C2` (200.00) under the same billing provider. */
const twoClaims = x837p((b) => [...b, ...b.slice(10, 18).map((s) => s.replace('HL*2*1*22*0', 'HL*3*1*22*0').replace('CLM*26463774*150', 'CLM*C2*200')),
  'LX*1', 'SV1*HC:99213*200*UN*1***1', 'DTP*472*D8*20240111']);
const decide = (clm01: string) => (clm01 === 'C2' ? { accepted: false } : { accepted: true, payerClaimNumber: 'P1' });

describe('ClaimAck277Builder', () => {
  it('streamed claim by claim (segments not kept), writes the same 277CA as build277CA', () => {
    const [t] = validateX12(twoClaims).transactions;
    if (t === undefined) throw new Error('no set');
    const whole = build277CA(t, decide, fixedContext('\n')).text;
    const builder = new ClaimAck277Builder(fixedContext('\n'));
    let text = '';
    const v = new X12StreamValidator({
      onUnit: (unit) => builder.add(unit, decide(el(triggerNode(unit), 1))),
      onSetEnd: (root) => { text = builder.finish({ interchange: t.interchange, group: t.group, set: t.set, root }).text; },
    });
    v.push(twoClaims);
    v.end();
    expect(text).toBe(whole);
    expect(builder.claims).toBe(2);
  });

  it('counts accepted and rejected claims with their totals and one provider HL', () => {
    const [t] = validateX12(twoClaims).transactions;
    if (t?.root === undefined) throw new Error('no set');
    expect(descendants(t.root, '2300')).toHaveLength(2);
    const segs = segmentsOf(build277CA(t, decide, fixedContext()).text).map((s) => s.join('*'));
    expect(segs.filter((s) => /^(QTY|AMT|STC|HL)\*/.test(s))).toEqual([
      'HL*1**20*1', 'HL*2*1*21*1', 'STC*A1:19*20240305*WQ*350', 'QTY*90*1', 'QTY*AA*1', 'AMT*YU*150', 'AMT*YY*200',
      'HL*3*2*19*1', 'HL*4*3*PT', 'STC*A2:20*20240305*WQ*150', 'HL*5*3*PT', 'STC*A3:21*20240305*U*200',
    ]);
  });
});
