/**
 * The HL7 v2 messages the parser benchmarks run on: every message of every `.hl7` / `.txt` file under
 * `${CORPUS_DIR}/hl7v2` (default `../shared/corpus`, license texts skipped; multi-message files split),
 * with segments joined by CR as on the MLLP wire (the npm parsers compared do not all accept LF).
 * Without the corpus, our own hand-written fixtures are used and `source` says so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHl7 } from '../../src/translators/hl7v2/parser/index.js';
import { encodeText } from '../../src/translators/hl7v2/parser/charset.js';
import { ADT_FIXTURES } from '../../src/translators/hl7v2/fhir/messages/fixtures.js';
import { ORDER_FIXTURES } from '../../src/translators/hl7v2/fhir/messages/order-fixtures.js';
import { FIXTURES } from '../../src/translators/hl7v2/parser/fixtures.js';

/** One benchmark message: wire bytes (in its MSH-18 charset) and the same as text. */
export interface BenchMessage {
  readonly file: string;
  readonly bytes: Buffer;
  readonly text: string;
}

/** The corpus as benchmark messages, and where it came from. */
export interface Hl7v2Corpus {
  readonly source: 'corpus' | 'fixtures';
  readonly dir: string;
  readonly note?: string;
  readonly files: number;
  readonly messages: readonly BenchMessage[];
}

function messageFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'licenses') out.push(...messageFiles(path));
    } else if (/\.(hl7|txt)$/i.test(name)) out.push(path);
  }
  return out.sort();
}

/** Splits `input` into its messages, each re-joined with CR terminators. */
function split(file: string, input: Buffer | string): BenchMessage[] {
  const out: BenchMessage[] = [];
  for (const m of parseHl7(input).messages) {
    const text = `${m.all.map((s) => s.raw).join('\r')}\r`;
    out.push({ file, bytes: encodeText(text, m.source.encoding), text });
  }
  return out;
}

/** Loads the corpus from `CORPUS_DIR` (or our fixtures when it is absent). */
export function loadHl7v2Corpus(): Hl7v2Corpus {
  const dir = join(resolve(process.cwd(), process.env['CORPUS_DIR'] ?? '../shared/corpus'), 'hl7v2');
  if (existsSync(dir)) {
    const files = messageFiles(dir);
    const messages = files.flatMap((f) => split(f.slice(dir.length + 1), readFileSync(f)));
    if (messages.length > 0) return { source: 'corpus', dir, files: files.length, messages };
  }
  const fixtures: Array<[string, string]> = [
    ...Object.entries(ADT_FIXTURES),
    ...Object.entries(ORDER_FIXTURES),
    ...FIXTURES.map((f): [string, string] => [f.name, f.text]),
  ];
  return {
    source: 'fixtures',
    dir,
    note: `CORPUS_DIR corpus ${dir} not found: measured on the repository's own fixtures instead`,
    files: fixtures.length,
    messages: fixtures.flatMap(([name, text]) => split(name, text)),
  };
}
