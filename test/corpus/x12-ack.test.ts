/**
 * Corpus test of the acknowledgements: every interchange of every file under `${CORPUS_DIR}/x12` gets
 * the TA1 / 999 its envelope findings imply (the five defective files the codes the corpus README
 * implies, the clean ones an accepting 999 per group), each generated acknowledgement passes our own
 * tokenizer and envelope checks, and our 999s have the structure of the corpus' real-world 999s.
 * CORPUS_DIR defaults to `../shared/corpus` relative to the repo root; files are read in place.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseX12, type X12Interchange } from '../../src/translators/x12/index.js';
import { acknowledgeInterchange, build999, isAcknowledgementInterchange, type InterchangeAcks } from '../../src/translators/x12/ack/index.js';
import { envelopeErrorsOf, fixedContext, segmentsOf } from '../../src/translators/x12/ack/test-support.js';
import { corpusDir } from '../support/corpus.js';

const x12Dir = join(corpusDir, 'x12');

/** `TA1 R 022`, and per 999 `AK1 … | IK5 … | AK9 …` (the acknowledgement segments that carry codes). */
function summary(acks: InterchangeAcks): string[] {
  const pick = (text: string, ids: readonly string[]): string[] =>
    segmentsOf(text).filter((s) => ids.includes(s[0] ?? '')).map((s) => s.join(' '));
  return [
    ...(acks.ta1 === undefined ? [] : pick(acks.ta1.text, ['TA1']).map((s) => s.split(' ').slice(0, 1).concat(s.split(' ').slice(4)).join(' '))),
    ...acks.functional.map((a) => pick(a.text, ['AK1', 'IK3', 'IK4', 'IK5', 'AK9']).join(' | ')),
  ];
}

/** What the README's defects imply for the (first) interchange of each defective file. */
const DEFECTIVE: Record<string, readonly string[]> = {
  // SE01 = 25 vs 11 486 actual → 999 IK5 R 4, the group's only set rejected (ISA14 = 1: TA1 A 000 too).
  '837P_ims_many-claims-820.x12': ['TA1 A 000', 'AK1 HC 1 005010X222A1 | IK5 R 4 | AK9 R 1 1 0'],
  // SE01 wrong (25 vs 34) → 999 IK5 R 4; ISA14 = 1, so also a TA1 accepting the envelope.
  '837P_ims_different-separators.x12': ['TA1 A 000', 'AK1 HC 1 005010X222A1 | IK5 R 4 | AK9 R 1 1 0'],
  // SE02 ≠ ST02 (4323 vs 4321) → 999 IK5 R 3 (ISA14 = 1: TA1 A 000 too).
  '271_lfh_subscriber-error-AAA.x12': ['TA1 A 000', 'AK1 HB 1 005010X279A1 | IK5 R 3 | AK9 R 1 1 0'],
  // ISA not fixed-width, line-wrapped → TA1 R 022 (invalid control structure); a rejected interchange gets no 999.
  '278_tmhp_request-assessment.x12': ['TA1 R 022'],
  '278_tmhp_request-pt-restart.x12': ['TA1 R 022'],
};

/** Acknowledgements themselves: never acknowledged. */
const ACKS = ['999_emedny_accepted.x12', '999_ims_rejected.x12'];

/** Clean: a TA1 only when ISA14 = 1 (or E 025 for a repeated ISA13), and an accepting 999 per group. */
function expectClean(ic: X12Interchange, acks: InterchangeAcks, repeated: boolean): void {
  const ta1 = repeated ? ['TA1 E 025'] : ic.ackRequested ? ['TA1 A 000'] : [];
  const groups = ic.groups.map((g) => {
    const sets = g.transactions.map((t) => `AK2 ${t.id} ${t.controlNumber}`);
    return `AK1 ${g.functionalId} ${g.controlNumber} ${g.version} | ${sets.map(() => 'IK5 A').join(' | ')} | AK9 A ${sets.length} ${sets.length} ${sets.length}`;
  });
  expect(summary(acks)).toEqual([...ta1, ...groups]);
}

const seen = new Set<string>();
const key = (ic: X12Interchange): string => `${ic.sender.qualifier}|${ic.sender.id}|${ic.controlNumber}`;

if (!existsSync(x12Dir)) {
  describe('X12 acknowledgements over the corpus', () => {
    it(`CORPUS_DIR ${x12Dir} not found: corpus acknowledgement tests not run`, () => {
      console.warn(`CORPUS_DIR ${x12Dir} not found: corpus acknowledgement tests not run`);
      expect(existsSync(x12Dir)).toBe(false);
    });
  });
} else {
  const files = readdirSync(x12Dir).filter((n) => n.endsWith('.x12')).sort();
  describe(`X12 acknowledgements over the corpus (${files.length} files)`, () => {
    it.each(files)('%s: gets the acknowledgements its envelope implies, each passing our envelope checks', (name) => {
      const { envelope } = parseX12(readFileSync(join(x12Dir, name)));
      seen.clear();
      envelope.interchanges.forEach((ic, n) => {
        const acks = acknowledgeInterchange(ic, [], fixedContext('\n'));
        const repeated = seen.has(key(ic));
        seen.add(key(ic));
        if (ACKS.includes(name)) expect(summary(acks)).toEqual([]);
        else if (n === 0 && DEFECTIVE[name] !== undefined) expect(summary(acks)).toEqual(DEFECTIVE[name]);
        else expectClean(ic, acks, repeated);
        for (const a of [...(acks.ta1 === undefined ? [] : [acks.ta1]), ...acks.functional]) expect(envelopeErrorsOf(a.text)).toEqual([]);
      });
    });

    it("answers 837P_ims_different-separators.x12 in its own delimiters (element '~', component '^', terminator '_')", () => {
      const [ic] = parseX12(readFileSync(join(x12Dir, '837P_ims_different-separators.x12'))).envelope.interchanges;
      if (ic === undefined) throw new Error('no interchange');
      const text = acknowledgeInterchange(ic, [], fixedContext()).functional[0]?.text ?? '';
      // ISA11 there is the legacy 'U': the answer picks a free repetition separator.
      expect(text.slice(0, 106)).toMatch(/^ISA~00~ {10}~00~ {10}~ZZ~RECEIVERS\.ID {3}~ZZ~SUBMITTERS\.ID {2}~240305~1407~\{~00501~\d{9}~0~T~\^_$/);
      expect(text).toContain('_AK1~HC~1~005010X222A1_AK2~837~987654~005010X222A1_IK5~R~4_');
    });

    /** Segment ids in order, and per segment the positions that hold a value. */
    const shape = (text: string): string[] =>
      segmentsOf(text).map((s) => `${s[0] ?? ''}:${s.slice(1).flatMap((v, i) => (v === '' ? [] : [i + 1])).join(',')}`);

    /** An 837I interchange matching the AK1 / AK2 the real 999s acknowledge (GS06 28, ST02 0028, no ST03). */
    const acknowledged = (): X12Interchange => {
      const text = ['ISA*00*          *00*          *ZZ*ETIN           *ZZ*EMEDNYBAT      *110311*0500*^*00501*000000028*0*T*:',
        'GS*HC*ABCD*EMEDNY*20110311*0500*28*X*005010X223A2', 'ST*837*0028', 'BHT*0019*00*1*20110311*0500*CH', 'SE*3*0028', 'GE*1*28',
        'IEA*1*000000028', ''].join('~');
      const ic = parseX12(text).envelope.interchanges[0];
      if (ic === undefined) throw new Error('no interchange');
      return ic;
    };
    const SAMPLES: readonly (readonly [string, Parameters<typeof build999>[2]])[] = [
      ['999_emedny_accepted.x12', []],
      ['999_ims_rejected.x12', [{ level: 'segment', severity: 'error', group: 0, transaction: 0, ik3: '1', segment: { id: 'NM', position: 17 } }]],
    ];

    it.each(SAMPLES)('%s: our 999 for the same case has its segment order, element usage and AK1 … AK9', (name, findings) => {
      const sample = readFileSync(join(x12Dir, name), 'latin1');
      const { envelope } = parseX12(sample);
      const ic = envelope.interchanges[0];
      expect(ic !== undefined && isAcknowledgementInterchange(ic)).toBe(true);
      const source = acknowledged();
      const group = source.groups[0];
      if (group === undefined) throw new Error('no group');
      const ours = build999(source, group, findings, fixedContext('\n')).text;
      expect(shape(ours)).toEqual(shape(sample));
      const inner = (text: string): string[][] => segmentsOf(text).filter((s) => /^(AK|IK)/.test(s[0] ?? ''));
      expect(inner(ours)).toEqual(inner(sample));
    });
  });
}
