import { describe, expect, it } from 'vitest';
import { parseX12 } from '../parse.js';
import { parseTransactions } from './parse-transactions.js';
import { x835, x837p } from './test-fixtures.js';
import { allSegments, ancestor, descendants, el, loopIn, loopsIn, type X12Loop } from './tree.js';
import { X12_TRANSACTION_SPECS, specFor } from './registry.js';

function parsed(text: string) {
  const [t] = parseTransactions(parseX12(text).envelope);
  if (t?.root === undefined) throw new Error('not parsed');
  return { root: t.root, findings: t.findings.map((f) => `${f.ik3 ?? ''}${f.ik4 ?? ''} ${f.segment?.id ?? ''}@${f.segment?.position ?? ''} ${f.segment?.loop ?? ''}`) };
}

/** `loop:SEG@position` for every segment, in input order. */
const placed = (root: X12Loop): string[] => allSegments(root).map((s) => `${s.loop.id || 'header'}:${s.segment.id}@${s.position}`);

describe('X12 loop specs', () => {
  it('compile and are found by ST01 + guide (errata share the guide)', () => {
    expect(X12_TRANSACTION_SPECS.map((s) => s.name)).toEqual(['837P', '837I', '837D', '835', '834', '270', '271', '276', '277', '277CA', '278']);
    expect([specFor('837', '005010X222A1')?.name, specFor('837', '005010X223A2')?.name, specFor('837', '005010X224A2')?.name,
      specFor('277', '005010X214')?.name, specFor('277', '005010X212')?.name, specFor('850', '004010')?.name]).toEqual(['837P', '837I', '837D', '277CA', '277', undefined]);
  });
});

describe('X12 loop parser', () => {
  it('builds the 837P loop tree with HL levels, loop ids and positions', () => {
    const { root, findings } = parsed(x837p());
    expect(findings).toEqual([]);
    expect(placed(root)).toEqual([
      'header:ST@1', 'header:BHT@2', '1000A:NM1@3', '1000A:PER@4', '1000B:NM1@5', '2000A:HL@6', '2000A:PRV@7',
      '2010AA:NM1@8', '2010AA:N3@9', '2010AA:N4@10', '2010AA:REF@11', '2000B:HL@12', '2000B:SBR@13',
      '2010BA:NM1@14', '2010BA:N3@15', '2010BA:N4@16', '2010BA:DMG@17', '2010BB:NM1@18',
      '2300:CLM@19', '2300:REF@20', '2300:HI@21', '2310B:NM1@22', '2310B:PRV@23',
      '2400:LX@24', '2400:SV1@25', '2400:DTP@26', '2400:LX@27', '2400:SV1@28', '2400:DTP@29', '2410:LIN@30', '2410:CTP@31',
    ]);
    const claim = descendants(root, '2300')[0];
    expect(loopsIn(claim, '2400')).toHaveLength(2);
    expect(ancestor(claim, '2000B')?.id).toBe('2000B');
    expect(el(loopIn(loopIn(root, '2000A'), '2010AA')?.items[0]?.kind === 'segment' ? loopIn(loopIn(root, '2000A'), '2010AA')?.items[0] as never : undefined, 9)).toBe('1912301953');
  });

  it('reads the 835 loops 1000A / 1000B / 2000 / 2100 / 2110', () => {
    const { root, findings } = parsed(x835());
    expect(findings).toEqual([]);
    expect(placed(root).filter((p) => !p.startsWith('header'))).toEqual([
      '1000A:N1@5', '1000A:N3@6', '1000A:N4@7', '1000A:PER@8', '1000B:N1@9', '2000:LX@10', '2100:CLP@11', '2100:NM1@12', '2100:NM1@13',
      '2100:DTM@14', '2110:SVC@15', '2110:DTM@16', '2110:CAS@17', '2110:LQ@18', '2110:SVC@19', '2110:DTM@20',
    ]);
  });

  /** body edit → structure findings (IK304 / IK403, segment @ position, loop). */
  const CASES: readonly (readonly [string, (b: string[]) => string[], readonly string[]])[] = [
    ['unknown segment id: IK3 1', (b) => b.toSpliced(19, 0, 'ZZZ*1'), ['1 ZZZ@21 2300']],
    ['known segment where it cannot be: IK3 2', (b) => b.toSpliced(19, 0, 'CTP****1*UN'), ['2 CTP@21 2300']],
    ['required segment missing (2010AA N4): IK3 3 where it was expected', (b) => b.toSpliced(8, 1), ['3 N4@10 2010AA']],
    ['required loop missing (2010BB payer): IK3 3', (b) => b.toSpliced(16, 1), ['3 NM1@18 2010BB']],
    ['segment over its maximum use (2nd CLM PWK ok, 2nd CN1 not): IK3 5', (b) => b.toSpliced(18, 0, 'CN1*01', 'CN1*02'), ['5 CN1@21 2300']],
    ['loop over its maximum (two 2010AB): IK3 4', (b) => b.toSpliced(10, 0, 'NM1*87*2', 'N3*A', 'N4*B', 'NM1*87*2', 'N3*A', 'N4*B'), ['4 NM1@15 2010AB']],
    ['segment out of sequence (REF after 2310B): IK3 7', (b) => b.toSpliced(22, 0, 'REF*D9*X'), ['7 REF@24 2300']],
    ['qualifier not in the code list: IK4 7 on the qualifier', (b) => b.map((s) => (s.startsWith('REF*D9') ? 'REF*QQ*1' : s)), ['7 REF@20 2300']],
  ];
  it.each(CASES)('%s', (_name, edit, expected) => {
    expect(parsed(x837p(edit)).findings).toEqual(expected);
  });

  it('drops closed loops it is told not to retain, after their hook ran (bounded memory)', async () => {
    const { X12LoopParser } = await import('./loop-parser.js');
    const { envelope } = parseX12(x837p());
    const set = envelope.interchanges[0]?.groups[0]?.transactions[0];
    if (set === undefined) throw new Error('no set');
    const spec = specFor('837', '005010X222A1');
    if (spec === undefined) throw new Error('no spec');
    const seen: string[] = [];
    const parser = new X12LoopParser(spec, set.st, { onLoopEnd: (l) => seen.push(`${l.id}:${l.items.length}`), retain: (l) => l.id !== '2300' });
    for (const s of set.segments.slice(1, -1)) parser.add(s);
    const root = parser.end();
    expect(seen).toContain('2300:6');
    expect(descendants(root, '2300')).toEqual([]);
    expect(descendants(root, '2000B')).toHaveLength(1);
  });
});
