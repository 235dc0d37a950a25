/**
 * Shared shapes of the ER7 (pipe-and-hat) parser.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 ch. 2.5–2.7)
 */

/** The message delimiters read from MSH-1 / MSH-2 (or FHS / BHS). An absent one is `''`. */
export interface Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  /** v2.7+ truncation character (5th char of MSH-2), `''` when not declared. */
  readonly truncation: string;
}

/** The standard `|^~\&` delimiters (no truncation character). */
export const DEFAULT_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: '',
};

/** How the input bytes were turned into text; needed to compute byte offsets and re-encode. */
export interface SourceText {
  /** The decoded input, BOM included (as U+FEFF) so offsets and round trips stay exact. */
  readonly text: string;
  /** Node / iconv-lite encoding name used to decode the bytes (`utf8`, `latin1`, ...). */
  readonly encoding: string;
  /** Byte offset of the char at `charOffset` in the original input. */
  byteOffset(charOffset: number): number;
  /**
   * The input bytes when every char of `text` is exactly one byte at the same offset (ISO-8859-1
   * decoding, or UTF-8 input that is pure ASCII): scanners may then read char codes as bytes.
   */
  readonly bytes?: Uint8Array;
}

/** One line of the input: a segment's raw text and what terminated it, positioned in the source. */
export interface SegmentRecord {
  /** First three characters (the segment id); may be malformed, see parse issues. */
  readonly name: string;
  /** Segment text without its terminator. */
  readonly raw: string;
  /** The CR / LF / CRLF run (and any blank lines) after the segment; `''` at end of input. */
  readonly terminator: string;
  /** Char offset of `raw` in the source text. */
  readonly offset: number;
  /** 1-based line number in the source text. */
  readonly line: number;
}

/**
 * Where an element sits in the input: the ERR-2 (ERL) coordinates plus offsets for lineage.
 * Component / repetition / subcomponent are present only when the path addressed them.
 */
export interface SourcePosition {
  /** Segment id, e.g. `PID`. */
  readonly segment: string;
  /** 0-based index of the segment in its message. */
  readonly segmentIndex: number;
  /** 1-based occurrence among segments of the same id (ERL-2). */
  readonly occurrence: number;
  readonly field: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
  /** False when the element is absent; offsets then point where it would start. */
  readonly present: boolean;
  /** Char offset into the decoded source text (BOM counted as one char). */
  readonly charOffset: number;
  /** Byte offset into the original input. */
  readonly byteOffset: number;
  /** Length of the raw (escaped) text in chars. */
  readonly length: number;
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
}

/** A decoded element value: text, `null` for the explicit HL7 null `""`, `undefined` when empty/absent. */
export type Hl7Value = string | null | undefined;
