/**
 * One X12 segment as read: the whitespace before it, its raw text and its terminator, positioned in
 * the input. Elements are split lazily (a reader that looks at three elements pays for three).
 * ISA elements are never split into repetitions / components: ISA11 and ISA16 are the separators.
 * https://x12.org/resources/x12-basics
 */
import type { X12Issue } from '../issues.js';
import type { X12Delimiters, X12Position } from './types.js';

const NO_ISSUES: readonly X12Issue[] = Object.freeze([]);

/** `text.split(sep)` for a one-char `sep`: an indexOf / slice loop is 2-3x faster than V8's split here. */
export function splitOn(text: string, sep: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const i = text.indexOf(sep, from);
    if (i < 0) {
      out.push(from === 0 ? text : text.slice(from));
      return out;
    }
    out.push(text.slice(from, i));
    from = i + 1;
  }
}

/** A tokenized segment. `leading + raw + terminator` is exactly the input it was read from. */
export class X12Segment {
  /** 1-based number of the segment in the input. */
  readonly number: number;
  /** Whitespace (CR / LF / spaces) between the previous terminator and this segment. */
  readonly leading: string;
  /** Segment text without its terminator. */
  readonly raw: string;
  /** The segment terminator as read; `''` when the input ended without one. */
  readonly terminator: string;
  /** Byte offset, 1-based line and column of `raw`. */
  readonly byteOffset: number;
  readonly line: number;
  readonly column: number;
  readonly delimiters: X12Delimiters;
  /** Tokenizer findings about this segment (delimiters of an ISA, missing terminator, ...). */
  readonly issues: readonly X12Issue[];
  private split: string[] | undefined;
  private segmentId: string | undefined;

  /** Built by the tokenizer, which knows all of this when the segment completes. */
  constructor(number: number, leading: string, raw: string, terminator: string, byteOffset: number, line: number, column: number,
    delimiters: X12Delimiters, issues?: readonly X12Issue[]) {
    this.number = number;
    this.leading = leading;
    this.raw = raw;
    this.terminator = terminator;
    this.byteOffset = byteOffset;
    this.line = line;
    this.column = column;
    this.delimiters = delimiters;
    this.issues = issues ?? NO_ISSUES;
  }

  /** Element texts; index 0 is the segment id. */
  get elements(): readonly string[] {
    this.split ??= splitOn(this.raw, this.delimiters.element);
    return this.split;
  }

  /** Segment id (`CLM`). */
  get id(): string {
    if (this.segmentId !== undefined) return this.segmentId;
    const sep = this.raw.indexOf(this.delimiters.element);
    this.segmentId = this.split?.[0] ?? (sep < 0 ? this.raw : this.raw.slice(0, sep));
    return this.segmentId;
  }

  /** Number of elements after the id (trailing empty elements included as written). */
  get elementCount(): number {
    return this.elements.length - 1;
  }

  /** Raw text of element `n` (1-based), `''` when present but empty, `undefined` past the end. */
  element(n: number): string | undefined {
    return n < 1 ? undefined : this.elements[n];
  }

  /** The repetitions of element `n` (one entry when it does not repeat; `[]` when absent). */
  repetitions(n: number): string[] {
    const el = this.element(n);
    if (el === undefined) return [];
    const rep = this.delimiters.repetition;
    return rep === '' || this.isIsa() ? [el] : splitOn(el, rep);
  }

  /** Component `c` (1-based) of repetition `r` (1-based, default 1) of element `n`. */
  component(n: number, c: number, r = 1): string | undefined {
    const rep = this.repetitions(n)[r - 1];
    if (rep === undefined || c < 1) return undefined;
    if (this.isIsa()) return c === 1 ? rep : undefined;
    return splitOn(rep, this.delimiters.component)[c - 1];
  }

  /** The exact input this segment was read from. */
  toString(): string {
    return this.leading + this.raw + this.terminator;
  }

  /**
   * Position of element `n` (0 = segment id), repetition `r`, component `c` (0 = whole). Always
   * returns a position; `present` is false when the addressed part is not in the segment.
   */
  position(n = 0, r = 1, c = 0): X12Position {
    const d = this.delimiters;
    const isa = this.isIsa();
    let start = 0;
    let end = this.raw.length;
    let present = true;
    const narrow = (sep: string, index: number): void => {
      for (let i = 1; i < index && present; i++) {
        const next = sep === '' ? -1 : this.raw.indexOf(sep, start);
        if (next < 0 || next >= end) {
          present = false;
          start = end;
        } else start = next + 1;
      }
      if (present) {
        const stop = sep === '' ? -1 : this.raw.indexOf(sep, start);
        if (stop >= 0 && stop < end) end = stop;
      } else end = start;
    };
    narrow(d.element, n + 1);
    if (present && !isa) narrow(d.repetition, r);
    else if (r > 1) present = false;
    if (present && c > 0) {
      if (isa) present = c === 1;
      else narrow(d.component, c);
    }
    if (!present) end = start;
    const { line, column } = this.lineColumnAt(start);
    return {
      segment: this.number,
      segmentId: this.id,
      element: n,
      repetition: r,
      component: c,
      present,
      byteOffset: this.byteOffset + start,
      length: end - start,
      line,
      column,
    };
  }

  private isIsa(): boolean {
    return this.raw.startsWith('ISA');
  }

  /** Line / column of char `at` of `raw` (a wrapped ISA may hold line breaks). */
  private lineColumnAt(at: number): { line: number; column: number } {
    let line = this.line;
    let column = this.column;
    for (let i = 0; i < at; i++) {
      const ch = this.raw.charCodeAt(i);
      // CR, LF and CRLF each end one line (the LF of a CRLF is not counted again).
      if (ch === 13 || (ch === 10 && this.raw.charCodeAt(i - 1) !== 13)) {
        line++;
        column = 1;
      } else if (ch !== 10) column++;
    }
    return { line, column };
  }
}
