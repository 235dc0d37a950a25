import { describe, expect, it } from 'vitest';
import { clean837, isa, segs } from '../fixtures.js';
import { parseX12 } from '../parse.js';
import { acknowledgeInterchange, buildTa1, build999, envelopeFindings, type AckFinding } from './index.js';
import { envelopeErrorsOf, fixedContext } from './test-support.js';

/** `clean837` with `from` replaced by `to` (each case names the one element that matters). */
const edit = (from: string, to: string, text = clean837('\n')): string => {
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
};
const interchangeOf = (text: string) => {
  const ic = parseX12(text).envelope.interchanges[0];
  if (ic === undefined) throw new Error('no interchange');
  return ic;
};
const groupOf = (ic: ReturnType<typeof interchangeOf>) => {
  const g = ic.groups[0];
  if (g === undefined) throw new Error('no group');
  return g;
};
/** The acknowledgement segments between the envelopes (TA1, or AK1 … AK9). */
const body = (text: string): string[] =>
  text.split('~').map((s) => s.trim()).filter((s) => s !== '' && !/^(ISA|GS|ST|SE|GE|IEA)\*/.test(s));

const TWO_SETS = edit('GE*1*1', 'ST*837*0002~\nBHT*0019~\nSE*3*0002~\nGE*2*1');

/** input, extra findings → TA1 body (or none), 999 bodies. */
const CASES: readonly (readonly [string, string, readonly AckFinding[], readonly string[] | undefined, readonly (readonly string[])[]])[] = [
  ['clean: accepting 999, no TA1', clean837('\n'), [], undefined,
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*A*1*1*1']]],
  ['ISA14 = 1: TA1 A 000 as well', edit('*0*T*', '*1*T*'), [], ['TA1*000000001*240115*1230*A*000'],
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*A*1*1*1']]],
  ['IEA02 ≠ ISA13: TA1 R 001, no 999', edit('IEA*1*000000001', 'IEA*1*000000009'), [], ['TA1*000000001*240115*1230*R*001'], []],
  ['short ISA: TA1 R 022 (the first finding)', edit('*SENDER         *', '*SENDER*'), [], ['TA1*000000001*240115*1230*R*022'], []],
  ['duplicate ISA13 (a warning): TA1 E 025 and the 999', edit('*0*T*', '*0*T*'), [{ level: 'interchange', severity: 'warning', ta1: '025' }],
    ['TA1*000000001*240115*1230*E*025'], [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*A*1*1*1']]],
  ['SE01 wrong: IK5 R 4, group rejected', edit('SE*5*0001', 'SE*6*0001'), [], undefined,
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*R*4', 'AK9*R*1*1*0']]],
  ['SE02 ≠ ST02: IK5 R 3', edit('SE*5*0001', 'SE*5*0009'), [], undefined,
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*R*3', 'AK9*R*1*1*0']]],
  ['GE01 wrong: AK9 R with 5 (GE01 copied as included)', edit('GE*1*1', 'GE*3*1'), [], undefined,
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*R*3*1*0*5']]],
  ['one of two sets rejected: AK9 P', edit('SE*3*0002', 'SE*4*0002', TWO_SETS), [], undefined,
    [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK2*837*0002', 'IK5*R*4', 'AK9*P*2*2*1']]],
  ['SNIP 2 element error: IK3 / CTX / IK4 with a safe bad value, IK5 R I5', clean837('\n'), [{
    level: 'element', severity: 'error', group: 0, transaction: 0, ik4: 'I12', value: 'A*1~:^\n',
    segment: { id: 'CLM', position: 3, loop: '2300' }, element: { position: 5, component: 1, reference: '1331' },
    context: { businessUnit: { name: 'CLM01', value: 'A1' }, triggers: [{ segment: { id: 'BHT', position: 2 }, element: { position: 2, reference: '353' } }] },
  }], undefined, [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK3*CLM*3*2300*8', 'CTX*CLM01:A1',
    'IK4*5:1*1331*I12*A 1', 'CTX*SITUATIONAL TRIGGER*BHT*2**2*353', 'IK5*R*I5', 'AK9*R*1*1*0']]],
  ['SNIP 2 segment error as a warning: IK5 E, AK9 E', clean837('\n'), [
    { level: 'segment', severity: 'warning', group: 0, transaction: 0, ik3: '2', segment: { id: 'HI', position: 4 } },
  ], undefined, [['AK1*HC*1*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK3*HI*4**2', 'IK5*E*5', 'AK9*E*1*1*1']]],
  ['a 999 interchange is never acknowledged', segs([isa({ control: '000000005' }).slice(0, -1).replace('*0*T*', '*1*T*'),
    'GS*FA*S*R*20240115*1230*9*X*005010X231A1', 'ST*999*0001*005010X231A1', 'AK1*HC*1*005010X222A1', 'IK5*A', 'AK9*A*1*1*1',
    'SE*5*0001', 'GE*1*9', 'IEA*1*000000005'], '~', '\n'), [], undefined, []],
  ['a TA1 interchange is never acknowledged', segs([isa().slice(0, -1), 'TA1*000000002*240115*1230*A*000', 'IEA*0*000000001']), [], undefined, []],
];

describe('X12 acknowledgements (TA1 / 999)', () => {
  it.each(CASES)('%s', (_name, text, extra, ta1, acks999) => {
    const acks = acknowledgeInterchange(interchangeOf(text), extra, fixedContext('\n'));
    expect(acks.ta1 === undefined ? undefined : body(acks.ta1.text)).toEqual(ta1);
    expect(acks.functional.map((a) => body(a.text))).toEqual(acks999);
    for (const a of [...(acks.ta1 === undefined ? [] : [acks.ta1]), ...acks.functional]) expect(envelopeErrorsOf(a.text)).toEqual([]);
  });

  it('writes the whole 999 with swapped parties, injected clock and control numbers, correct counts', () => {
    const ic = interchangeOf(clean837('\n'));
    const ack = build999(ic, groupOf(ic), [], fixedContext());
    expect(ack.text).toBe([
      'ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *240305*1407*^*00501*000000500*0*T*:',
      'GS*FA*RECEIVER*SENDER*20240305*1407*70*X*005010X231A1', 'ST*999*0001*005010X231A1', 'AK1*HC*1*005010X222A1',
      'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*A*1*1*1', 'SE*6*0001', 'GE*1*70', 'IEA*1*000000500', ''].join('~'));
    expect([ack.code, ack.controlNumber]).toEqual(['A', '000000500']);
  });

  it('writes the TA1 in its own interchange with IEA01 = 0', () => {
    const ic = interchangeOf(edit('IEA*1*000000001', 'IEA*1*000000009'));
    const ack = buildTa1(ic, envelopeFindings(ic), fixedContext());
    expect(ack.text).toBe('ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *240305*1407*^*00501*000000500*0*T*:~'
      + 'TA1*000000001*240115*1230*R*001~IEA*0*000000500~');
    expect(ack.code).toBe('R');
  });

  it("answers with the original's delimiters, and the standard ones when they are unusable", () => {
    const custom = clean837('\n').replaceAll('*', '|').replace('|^|', '|!|').replace('|:~', '|>~').replaceAll('~', '\'');
    const acks = acknowledgeInterchange(interchangeOf(custom.replace('|0|T|', '|1|T|')), [], fixedContext());
    expect(acks.ta1?.text.endsWith("TA1|000000001|240115|1230|A|000'IEA|0|000000500'")).toBe(true);
    expect(acks.ta1?.text).toContain("|!|00501|000000500|0|T|>'TA1|");
    expect(envelopeErrorsOf(acks.functional[0]?.text ?? '')).toEqual([]);
    const letters = interchangeOf(clean837('\n').replace('*:~', '*A~'));
    expect(buildTa1(letters, envelopeFindings(letters), fixedContext()).text).toContain('*^*00501*000000500*0*T*:~TA1*');
  });
});
