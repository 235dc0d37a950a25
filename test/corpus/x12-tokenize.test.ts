/**
 * Corpus test: every file under `${CORPUS_DIR}/x12` tokenizes, re-serializes byte for byte and gives
 * the same segments when fed in chunks of 1, 7 and 4096 bytes. The envelope findings of the five
 * files with envelope defects on purpose match what the corpus README says about them; the others
 * have no envelope error. CORPUS_DIR defaults to `../shared/corpus` relative to the repo root.
 * Files are read in place, never copied into the repo.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseX12, serializeX12Tokens, tokenizeX12, X12Tokenizer, type X12Issue, type X12Segment,
} from '../../src/translators/x12/index.js';
import { corpusDir } from '../support/corpus.js';

const x12Dir = join(corpusDir, 'x12');

/** What a segment looks like to a comparison (content and position). */
const sig = (s: X12Segment): string => JSON.stringify([s.leading, s.raw, s.terminator, s.byteOffset, s.line, s.column, s.delimiters]);

function chunked(bytes: Buffer, size: number): { segments: string[]; trailing: string } {
  const t = new X12Tokenizer();
  const segments: string[] = [];
  for (let i = 0; i < bytes.length; i += size) for (const s of t.push(bytes.subarray(i, i + size))) segments.push(sig(s));
  const end = t.end();
  for (const s of end.segments) segments.push(sig(s));
  return { segments, trailing: end.trailing };
}

/** Envelope errors as `rule code location`. */
const errors = (issues: readonly X12Issue[]): string[] =>
  issues.filter((i) => i.severity !== 'warning').map((i) => `${i.rule} ${i.ta1 ?? i.ak9 ?? i.ik5 ?? '-'} ${i.location}`);

/** The README's defects, as the findings (and codes) they must produce. */
const DEFECTIVE: Record<string, readonly string[]> = {
  // "SE01=25 vs 11 486 actual" → 999 IK5 4.
  '837P_ims_many-claims-820.x12': ['se-segment-count 4 seg 11488 (SE) element 01'],
  // "SE01 wrong (25 vs 34)" → 999 IK5 4.
  '837P_ims_different-separators.x12': ['se-segment-count 4 seg 36 (SE) element 01'],
  // "SE02≠ST02 (4323 vs 4321)" → 999 IK5 3.
  '271_lfh_subscriber-error-AAA.x12': ['se-control-number 3 seg 10 (SE) element 02'],
  // "ISA not fixed-width and line-wrapped" → TA1 022 first, then the element codes.
  '278_tmhp_request-assessment.x12': ['isa-length 022 ISA', 'isa-element 011 ISA02', 'isa-element 013 ISA04', 'isa-element 006 ISA06', 'isa-element 008 ISA08'],
  '278_tmhp_request-pt-restart.x12': ['isa-length 022 ISA', 'isa-element 011 ISA02', 'isa-element 013 ISA04', 'isa-element 006 ISA06', 'isa-element 008 ISA08'],
};

if (!existsSync(x12Dir)) {
  describe('X12 corpus', () => {
    it(`CORPUS_DIR ${x12Dir} not found: corpus tests not run`, () => {
      console.warn(`CORPUS_DIR ${x12Dir} not found: corpus tests not run`);
      expect(existsSync(x12Dir)).toBe(false);
    });
  });
} else {
  const files = readdirSync(x12Dir).filter((n) => n.endsWith('.x12')).sort();
  describe(`X12 corpus (${files.length} files in ${x12Dir})`, () => {
    it('has the sample files, the five defective ones among them', () => {
      expect(files.length).toBeGreaterThanOrEqual(30);
      for (const name of Object.keys(DEFECTIVE)) expect(files).toContain(name);
    });

    it.each(files)('%s: tokenizes, round-trips and chunks identically', (name) => {
      const bytes = readFileSync(join(x12Dir, name));
      const tokens = tokenizeX12(bytes);
      expect(tokens.segments.length).toBeGreaterThan(3);
      expect(tokens.segments[0]?.id).toBe('ISA');
      expect(serializeX12Tokens(tokens).equals(bytes)).toBe(true);
      const whole = { segments: tokens.segments.map(sig), trailing: tokens.trailing };
      for (const size of [1, 7, 4096]) expect(chunked(bytes, size)).toEqual(whole);
    });

    it.each(files)('%s: envelope findings match the README', (name) => {
      const { envelope } = parseX12(readFileSync(join(x12Dir, name)));
      expect(errors(envelope.issues)).toEqual(DEFECTIVE[name] ?? []);
      expect(envelope.interchanges.length).toBeGreaterThan(0);
      for (const ic of envelope.interchanges) expect(ic.groups.flatMap((g) => g.transactions).length).toBeGreaterThan(0);
    });

    it('notes (as warnings) the 155 repeated interchange control numbers of the concatenated 835 file', () => {
      const { envelope } = parseX12(readFileSync(join(x12Dir, '835_tastypackets_profee-468-claims.x12')));
      const dup = envelope.issues.filter((i) => i.rule === 'isa-duplicate');
      expect([dup.length, dup[0]?.ta1, dup[0]?.severity, envelope.interchanges.length]).toEqual([155, '025', 'warning', 156]);
    });
  });
}
