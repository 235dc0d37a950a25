import { describe, expect, it } from 'vitest';
import { clean837, isa } from '../fixtures.js';
import { toOperationOutcomeIssue } from '../issues.js';
import { parseX12 } from '../parse.js';

/** `clean837` with `from` replaced by `to` (each fixture names the one element that matters). */
const edit = (from: string, to: string): string => {
  const text = clean837('\n');
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
};

type Expected = readonly [rule: string, severity: string, code: string | undefined, location: string];

const CASES: readonly (readonly [string, string, readonly Expected[]])[] = [
  ['clean interchange', clean837('\n'), []],
  ['IEA02 ≠ ISA13', edit('IEA*1*000000001', 'IEA*1*000000009'), [['iea-control-number', 'error', '001', 'IEA02']]],
  ['IEA01 ≠ number of groups', edit('IEA*1*', 'IEA*2*'), [['iea-group-count', 'error', '021', 'IEA01']]],
  ['GE02 ≠ GS06', edit('GE*1*1', 'GE*1*7'), [['ge-control-number', 'error', '4', 'seg 8 (GE) element 02']]],
  ['GE01 ≠ number of transaction sets', edit('GE*1*1', 'GE*3*1'), [['ge-transaction-count', 'error', '5', 'seg 8 (GE) element 01']]],
  ['SE02 ≠ ST02', edit('SE*5*0001', 'SE*5*0002'), [['se-control-number', 'error', '3', 'seg 7 (SE) element 02']]],
  ['SE01 ≠ segment count', edit('SE*5*0001', 'SE*25*0001'), [['se-segment-count', 'error', '4', 'seg 7 (SE) element 01']]],
  ['SE missing', edit('SE*5*0001~\n', ''), [['se-missing', 'error', '2', 'seg 3 (ST)']]],
  ['GE missing', edit('GE*1*1~\n', ''), [['ge-missing', 'error', '3', 'seg 2 (GS)']]],
  ['IEA missing at the end of the input', edit('IEA*1*000000001~\n', ''), [['iea-missing', 'error', '023', 'seg 1 (ISA)']]],
  ['GS06 not numeric', edit('*1*X*', '*A1*X*').replace('GE*1*1', 'GE*1*A1'), [['gs-control-number', 'error', '6', 'seg 2 (GS) element 06']]],
  ['ST01 not a transaction set id', edit('ST*837*', 'ST*83*'), [['st-identifier', 'error', '6', 'seg 3 (ST) element 01']]],
  ['ST02 too short', edit('ST*837*0001', 'ST*837*001').replace('SE*5*0001', 'SE*5*001'), [['st-control-number', 'error', '7', 'seg 3 (ST) element 02']]],
  ['segment between GS and ST', edit('ST*837', 'REF*X*1~\nST*837'), [['unexpected-segment', 'error', '024', 'seg 3 (REF)']]],
  ['TA1 after the ISA is interchange content', edit('GS*', 'TA1*000000009*240115*1230*A*000~\nGS*'), []],
  ['TA1 inside a group is misplaced', edit('ST*837', 'TA1*000000009*240115*1230*A*000~\nST*837'), [['unexpected-segment', 'error', '024', 'seg 3 (TA1)']]],
  ['segment before the ISA', `REF*X*1~\n${clean837('\n')}`, [['outside-interchange', 'error', undefined, 'seg 1 (REF)']]],
  ['ISA09 not a date', edit('*240115*', '*241315*'), [['isa-element', 'error', '014', 'ISA09']]],
  ['ISA12 not 00501', edit('*00501*', '*00401*'), [['isa-element', 'error', '017', 'ISA12']]],
  ['ISA14 not 0 / 1', edit('*0*T*', '*2*T*'), [['isa-element', 'error', '019', 'ISA14']]],
  ['short ISA06', edit('*SENDER         *', '*SENDER*'), [['isa-length', 'error', '022', 'ISA'], ['isa-element', 'error', '006', 'ISA06']]],
  ['duplicate ISA13 from one sender', clean837('\n') + clean837('\n'), [['isa-duplicate', 'warning', '025', 'ISA13']]],
  ['other sender may reuse ISA13', clean837('\n') + clean837('\n').replace('SENDER         ', 'OTHER          '), []],
  ['duplicate ST02 in a group', edit('GE*1*1', 'ST*837*0001~\nSE*2*0001~\nGE*2*1'), [['st-duplicate', 'error', '23', 'seg 8 (ST) element 02']]],
  ['duplicate GS06 in an interchange', edit('IEA*1*', 'GS*HC*S*R*20240115*1230*1*X*005010X222A1~\nGE*0*1~\nIEA*2*'), [['gs-duplicate', 'error', '19', 'seg 9 (GS) element 06']]],
];

describe('X12 envelope (SNIP level 1)', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    const { envelope } = parseX12(text);
    expect(envelope.issues.map((i) => [i.rule, i.severity, i.ta1 ?? i.ak9 ?? i.ik5, i.location])).toEqual(expected);
  });

  it('keeps TA1 segments that follow the ISA on the interchange', () => {
    const { envelope } = parseX12(edit('GS*', 'TA1*000000009*240115*1230*A*000~\nGS*'));
    expect(envelope.interchanges[0]?.ta1s.map((s) => [s.id, s.element(1)])).toEqual([['TA1', '000000009']]);
    expect(envelope.interchanges[0]?.stray).toEqual([]);
  });

  it('builds the interchange → group → transaction tree over several interchanges', () => {
    const text = clean837('\n') + clean837('\r\n', '000000002');
    const { envelope } = parseX12(text);
    expect(envelope.interchanges.map((ic) => [ic.controlNumber, ic.sender.id, ic.iea?.id, ic.groups.length])).toEqual([
      ['000000001', 'SENDER', 'IEA', 1],
      ['000000002', 'SENDER', 'IEA', 1],
    ]);
    const txn = envelope.interchanges[1]?.groups[0]?.transactions[0];
    expect([txn?.id, txn?.controlNumber, txn?.implementation, txn?.segmentCount]).toEqual(['837', '0001', '005010X222A1', 5]);
    expect(txn?.segments.map((s) => s.id)).toEqual(['ST', 'BHT', 'CLM', 'HI', 'SE']);
    expect(envelope.interchanges[0]?.groups[0]).toMatchObject({ functionalId: 'HC', controlNumber: '1', version: '005010X222A1' });
  });

  it('puts findings where their acknowledgement goes (TA1 / AK9 / IK5)', () => {
    const text = edit('SE*5*0001', 'SE*9*0001').replace('GE*1*1', 'GE*1*2').replace('IEA*1*000000001', 'IEA*1*000000003');
    const ic = parseX12(text).envelope.interchanges[0];
    expect(ic?.issues.map((i) => i.ta1)).toEqual(['001']);
    expect(ic?.groups[0]?.issues.map((i) => i.ak9)).toEqual(['4']);
    expect(ic?.groups[0]?.transactions[0]?.issues.map((i) => i.ik5)).toEqual(['4']);
  });

  it('counts without retaining segments when asked (streaming)', () => {
    const txn = parseX12(clean837('\n'), { retainSegments: false }).envelope.interchanges[0]?.groups[0]?.transactions[0];
    expect(txn?.segments).toEqual([]);
    expect(txn?.segmentCount).toBe(5);
    expect(txn?.issues).toEqual([]);
  });

  it('reports a line-wrapped ISA and still reads the rest', () => {
    const text = clean837('\n').replace(isa(), 'ISA*00* *00* *ZZ*SENDER\n*ZZ*RECEIVER       *240115*1230*^*00501*000000001*0*T*:~');
    const { envelope } = parseX12(text);
    expect(envelope.issues.map((i) => [i.ta1, i.location])).toEqual([['022', 'ISA'], ['011', 'ISA02'], ['013', 'ISA04'], ['006', 'ISA06']]);
    expect(envelope.interchanges[0]?.groups[0]?.transactions[0]?.se?.id).toBe('SE');
    expect(envelope.issues[3]?.place).toMatchObject({ segment: 1, element: 6, line: 1 });
  });

  it('converts findings to OperationOutcome issues with the code in details', () => {
    const [first] = parseX12(edit('SE*5*0001', 'SE*5*0002')).envelope.issues;
    if (first === undefined) throw new Error('expected a finding');
    expect(toOperationOutcomeIssue(first)).toMatchObject({
      severity: 'error', code: 'value', expression: ['seg 7 (SE) element 02'],
      details: { coding: [{ system: 'https://x12.org/codes/618', code: '3' }] },
    });
  });
});
