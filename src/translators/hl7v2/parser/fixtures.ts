/**
 * Minimal hand-written ER7 fixtures for the parser tests (each names the fields that matter).
 * Segments are joined with `\r` unless a fixture is about line endings.
 */

const seg = (...lines: string[]): string => lines.join('\r') + '\r';

/** One fixture: its text and a note of what it exercises. */
export interface ParserFixture {
  readonly name: string;
  readonly text: string;
  /** How many messages it holds. */
  readonly messages: number;
}

/** Matters: MSH-9 / MSH-10 / MSH-12; PID-3 repetitions with HD subcomponents; PID-5 escapes; PID-8 null. */
export const ADT_A01 = seg(
  'MSH|^~\\&|APP|FAC|RCV|RFAC|20240115123000-0500||ADT^A01^ADT_A01|C1|P|2.5.1',
  'PID|1||123^^^HOSP&1.2.3&ISO^MR~456^^^SSA^SS||O\'BRIEN\\F\\SMITH^JOHN\\S\\JR||19800101|""',
  'ZPI|1|a^b&c',
);

/** Matters: MSH-1 `#`, MSH-2 `$%!@` (component, repetition, escape, subcomponent). */
export const CUSTOM = seg('MSH#$%!@#APP#FAC#R#F#20240101##ADT$A04#C2#P#2.5', 'PID#1##9$$$H@1.2@ISO%8##DOE!F!X$JANE');

/** Matters: v2.7 truncation char `#` in MSH-2; `\P\` in NTE-3. */
export const TRUNCATION = seg('MSH|^~\\&#|A|B|C|D|20240101||ADT^A08|C3|P|2.7', 'NTE|1||50\\P\\ off');

/** Matters: FT formatting escapes in OBX-5, hex escape, unknown escape kept. */
export const FORMATTED = seg(
  'MSH|^~\\&|A|B|C|D|20240101||ORU^R01|C4|P|2.5.1',
  'OBX|1|FT|X||line1\\.br\\line2\\.sp 2\\\\H\\bold\\N\\ \\X41\\ \\Zcustom\\ \\E\\',
);

/** Matters: FHS/BHS envelope around two messages, BTS-1 = 2, FTS-1 = 1. */
export const BATCH = seg(
  'FHS|^~\\&|A|B|C|D|20240101',
  'BHS|^~\\&|A|B|C|D|20240101',
  'MSH|^~\\&|A|B|C|D|20240101||ADT^A04|M1|P|2.5',
  'PID|1||111',
  'MSH|^~\\&|A|B|C|D|20240101||ADT^A04|M2|P|2.5',
  'PID|1||222',
  'BTS|2',
  'FTS|1',
);

/** Matters: required MSH-9 / MSH-10 / MSH-12 missing. */
export const HEADER_ONLY = 'MSH|^~\\&|A|B|C|D|20240101||||P|\r';

/** Every fixture, for the round-trip table. */
export const FIXTURES: readonly ParserFixture[] = [
  { name: 'ADT^A01 with escapes and null', text: ADT_A01, messages: 1 },
  { name: 'custom delimiters', text: CUSTOM, messages: 1 },
  { name: 'v2.7 truncation char', text: TRUNCATION, messages: 1 },
  { name: 'FT formatting', text: FORMATTED, messages: 1 },
  { name: 'FHS/BHS batch', text: BATCH, messages: 2 },
  { name: 'bare multi-MSH file, LF', text: (ADT_A01 + TRUNCATION).replaceAll('\r', '\n'), messages: 2 },
  { name: 'CRLF with blank lines and no final terminator', text: ADT_A01.replaceAll('\r', '\r\n\r\n').trimEnd(), messages: 1 },
  { name: 'BOM and leading blank line', text: '\uFEFF\n' + ADT_A01, messages: 1 },
  { name: 'required header fields missing', text: HEADER_ONLY, messages: 1 },
  { name: 'stray segment before MSH', text: 'PID|1\r' + ADT_A01, messages: 1 },
  { name: 'unusable MSH then a good one', text: 'MSH\r' + ADT_A01, messages: 1 },
];
