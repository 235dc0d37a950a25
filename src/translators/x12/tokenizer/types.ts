/**
 * Shared shapes of the X12 tokenizer. Text is held as "binary" strings (one char per input byte,
 * latin1), so char offsets are byte offsets and re-serialization is byte-exact whatever the encoding.
 * https://x12.org/resources/x12-basics (ISA delimiters: element = ISA byte 4, ISA11, ISA16, terminator)
 */

/** The delimiters of one interchange, read from its ISA. `repetition` is `''` when not in use. */
export interface X12Delimiters {
  readonly element: string;
  /** ISA11 (5010 repetition separator); `''` for a legacy `U` or an unusable value. */
  readonly repetition: string;
  /** ISA16. */
  readonly component: string;
  /** The char right after ISA16. */
  readonly segment: string;
}

/** The usual HIPAA delimiters; used for data before any ISA and when an ISA is unreadable. */
export const DEFAULT_X12_DELIMITERS: X12Delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };

/** Where an element (or a segment, element 0) sits in the input. */
export interface X12Position {
  /** 1-based number of the segment in the input. */
  readonly segment: number;
  readonly segmentId: string;
  /** 0 = the segment id; 1-based element index otherwise (`CLM02` → 2). */
  readonly element: number;
  /** 1-based repetition (1 when the element does not repeat). */
  readonly repetition: number;
  /** 1-based component; 0 when the whole element (or repetition) is addressed. */
  readonly component: number;
  /** False when the addressed element is absent; offsets then point where it would start. */
  readonly present: boolean;
  /** Byte offset into the input. */
  readonly byteOffset: number;
  /** Length of the addressed text in bytes. */
  readonly length: number;
  /** 1-based line and column (column counted in bytes). */
  readonly line: number;
  readonly column: number;
}
