import { describe, expect, it } from 'vitest';
import { acknowledgeInterchange } from '../ack/index.js';
import { fixedContext, segmentsOf } from '../ack/test-support.js';
import { el } from '../transactions/index.js';
import { x835, x837p } from '../transactions/test-fixtures.js';
import { elementFinding, type X12ValidationRule } from './rule.js';
import { DEFAULT_X12_RULES, validateX12 } from './validate.js';

/** `rule code SEG@pos loop element value ctx` for each finding of the first interchange. */
function findings(text: string, rules = DEFAULT_X12_RULES): string[] {
  return (validateX12(text, { rules }).findings[0] ?? []).map((f) =>
    [f.rule, f.ik3 ?? f.ik4 ?? f.ik5 ?? f.ak9 ?? f.ta1, `${f.segment?.id ?? ''}@${f.segment?.position ?? ''}`, f.segment?.loop ?? '',
      f.element === undefined ? '' : `${f.element.position}${f.element.component === undefined ? '' : `.${f.element.component}`}/${f.element.reference ?? ''}`,
      f.value ?? '', f.context?.businessUnit?.value ?? ''].join(' ').trimEnd());
}

const swap = (from: string, to: string) => (b: string[]): string[] => b.map((s) => (s.startsWith(from) ? to : s));

describe('SNIP level 2 element rules', () => {
  it.each([
    ['clean 837P', x837p(), []],
    ['required element missing (CLM01)', x837p(swap('CLM*', 'CLM**150***11:B:1*Y*A*Y*I')), ['required-element 1 CLM@19 2300 1/1028']],
    ['code list of a component (CLM05-3 frequency)', x837p(swap('CLM*', 'CLM*26463774*150***11:B:9*Y*A*Y*I')),
      ['code-value 7 CLM@19 2300 5.3/C023 9 26463774']],
    ['code list of an element (DMG03 gender)', x837p(swap('DMG*', 'DMG*D8*19730501*X')), ['code-value 7 DMG@17 2010BA 3/1068 X']],
    ['decimal amount (SV102)', x837p(swap('SV1*HC:87880', 'SV1*HC:87880*5O*UN*1***1')),
      ['snip3-837-claim-balance I12 CLM@19 2300 2/782 150 26463774', 'decimal 6 SV1@28 2400 2/782 5O 26463774']],
    ['D8 date (DTP03)', x837p(swap('DTP*472', 'DTP*472*D8*20240230')), ['date 8 DTP@26 2400 3/1251 20240230 26463774', 'date 8 DTP@29 2400 3/1251 20240230 26463774']],
    ['RD8 range (DTP03)', x837p(swap('DTP*472', 'DTP*472*RD8*20240110-20240101')).replace('DTP*472*RD8*20240110-20240101~\nLIN', 'DTP*472*D8*20240110~\nLIN'),
      ['date 8 DTP@26 2400 3/1251 20240110-20240101 26463774']],
    ['HL02 pointing nowhere', x837p(swap('HL*2*1*22', 'HL*2*7*22*0')), ['hl-parent I12 HL@12 2000B 2/734 7']],
  ] as const)('%s', (_name, text, expected) => {
    expect(findings(text)).toEqual(expected);
  });
});

describe('SNIP level 3 balancing', () => {
  it.each([
    ['837 CLM02 = sum of SV102', x837p(swap('CLM*', 'CLM*26463774*151***11:B:1*Y*A*Y*I')), ['snip3-837-claim-balance I12 CLM@19 2300 2/782 151 26463774']],
    ['clean 835', x835(), []],
    ['835 SVC02 − CAS ≠ SVC03', x835(swap('CAS*CO*45*20', 'CAS*CO*45*25')),
      ['snip3-835-claim-balance I12 CLP@11 2100 4/782 130', 'snip3-835-line-balance I12 SVC@15 2110 3/782 80']],
    ['835 CLP03 − CAS ≠ CLP04 (claim-level CAS counts)', x835((b) => b.toSpliced(10, 0, 'CAS*PR*1*5')),
      ['snip3-835-claim-balance I12 CLP@11 2100 4/782 130']],
    ['835 BPR02 = sum CLP04 − PLB', x835((b) => [...b, 'PLB*1912301953*20241231*WO:X1*10']), ['snip3-835-payment-balance I12 BPR@2  2/782 130']],
    ['835 PLB balances the payment', x835((b) => [...b.map((s) => s.replace('BPR*I*130', 'BPR*I*120')), 'PLB*1912301953*20241231*WO:X1*10']), []],
  ] as const)('%s', (_name, text, expected) => {
    expect(findings(text)).toEqual(expected);
  });
});

describe('999 from SNIP findings', () => {
  it('rejects the set with IK3 / CTX CLM01 / IK4 and IK5 R I5', () => {
    const text = x837p(swap('CLM*', 'CLM*26463774*151***11:B:1*Y*A*Y*I'));
    const v = validateX12(text);
    const ic = v.envelope.interchanges[0];
    if (ic === undefined) throw new Error('no interchange');
    const acks = acknowledgeInterchange(ic, v.findings[0]?.filter((f) => f.level !== 'interchange' && f.rule?.startsWith('snip')) ?? [], fixedContext());
    expect(segmentsOf(acks.functional[0]?.text ?? '').filter((s) => /^(IK|CTX|AK9)/.test(s[0] ?? '')).map((s) => s.join('*'))).toEqual([
      'IK3*CLM*19*2300*8', 'CTX*CLM01:26463774', 'IK4*2*782*I12*151', 'IK5*R*I5', 'AK9*R*1*1*0',
    ]);
  });
});

describe('trading-partner rules (SNIP 7 hook)', () => {
  it('adds a companion-guide edit next to the defaults', () => {
    const npiOnRendering: X12ValidationRule = {
      name: 'acme-rendering-npi', level: 7,
      appliesTo: (spec) => spec.name === '837P',
      start: () => ({
        onSegment(node, report) {
          if (node.segment.id === 'NM1' && node.loop.id === '2310B' && el(node, 8) !== 'XX') report(elementFinding(node, 8, 'I12', 'acme-rendering-npi', 'rendering provider must be sent with an NPI'));
        },
      }),
    };
    const text = x837p(swap('NM1*82', 'NM1*82*1*KILDARE*BEN****24*123456789'));
    expect(findings(text)).toEqual([]);
    expect(findings(text, [...DEFAULT_X12_RULES, npiOnRendering])).toEqual(['acme-rendering-npi I12 NM1@22 2310B 8/66 24 26463774']);
  });
});
