/**
 * Corpus test: every message file under `${CORPUS_DIR}/hl7v2` parses with a usable MSH and
 * re-serializes byte for byte. CORPUS_DIR defaults to `../shared/corpus` relative to the repo root.
 * Files are read in place, never copied into the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHl7, serializeInputToBuffer, serializeMessage } from '../../src/translators/hl7v2/parser/index.js';
import { corpusDir, hl7v2MessageFiles } from '../support/corpus.js';

const hl7Dir = join(corpusDir, 'hl7v2');

/** The malformed negative cases and the issue location each must produce. */
const NEGATIVE: Record<string, string | 'no-message'> = {
  'empty.hl7': 'no-message',
  'msh_present_but_missing_all_fields.hl7': 'MSH-9',
  'msh_present_but_missing_msh-2.hl7': 'MSH-2',
  'msh_present_but_missing_msh-9.hl7': 'MSH-9',
  'msh_present_but_missing_msh-10.hl7': 'MSH-10',
};

if (!existsSync(hl7Dir)) {
  describe('HL7 v2 corpus', () => {
    it(`CORPUS_DIR ${hl7Dir} not found: corpus tests not run`, () => {
      console.warn(`CORPUS_DIR ${hl7Dir} not found: corpus tests not run`);
      expect(existsSync(hl7Dir)).toBe(false);
    });
  });
} else {
  const files = hl7v2MessageFiles(hl7Dir);
  describe(`HL7 v2 corpus (${files.length} files in ${hl7Dir})`, () => {
    it('has message files', () => {
      expect(files.length).toBeGreaterThan(50);
    });

    it.each(files.map((f) => [relative(hl7Dir, f), f] as const))('%s', (_name, file) => {
      const bytes = readFileSync(file);
      const parsed = parseHl7(bytes);
      expect(serializeInputToBuffer(parsed).equals(bytes)).toBe(true);
      for (const m of parsed.messages) {
        expect(serializeMessage(m)).toBe(parsed.source.text.slice(m.offset, m.offset + m.toString().length));
      }
      const base = file.split('/').pop() ?? '';
      const expected = NEGATIVE[base];
      if (expected === 'no-message') {
        expect(parsed.messages).toHaveLength(0);
        expect(parsed.issues.map((i) => i.severity)).toContain('fatal');
        return;
      }
      expect(parsed.messages.length).toBeGreaterThan(0);
      for (const m of parsed.messages) expect(m.msh.name).toBe('MSH');
      const locations = parsed.messages.flatMap((m) => m.issues.filter((i) => i.severity === 'error').flatMap((i) => i.expression ?? []));
      if (expected !== undefined) expect(locations).toContain(expected);
      else expect(locations).toEqual([]);
    });
  });
}
