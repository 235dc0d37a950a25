/**
 * Incremental X12 tokenizer: feed chunks (Buffer or string) with `push`, get the segments completed
 * so far; `end` flushes the rest. Memory is bounded by the largest pending segment (capped by
 * `maxSegmentBytes`), not by the input. The result never depends on where the chunks were cut.
 * Delimiters are read again at every ISA, so one input may hold interchanges with different ones.
 * Whitespace between a terminator and the next segment (CR, LF, CRLF, spaces) is kept as the next
 * segment's `leading` (or as `trailing` at the end) for byte-exact re-serialization.
 * https://x12.org/resources/x12-basics
 */
import { fail } from '../../../core/outcomes.js';
import { formatLocation, type X12Issue } from '../issues.js';
import { readIsaHeader, type IsaPlace } from './isa-header.js';
import { X12Segment } from './segment.js';
import { DEFAULT_X12_DELIMITERS, type X12Delimiters } from './types.js';

/** Tokenizer options. */
export interface X12TokenizerOptions {
  /** A segment longer than this (no terminator found) is cut and reported; default 1 MiB. */
  readonly maxSegmentBytes?: number;
}

/** What `end()` returns: the last segments and the whitespace after the last terminator. */
export interface X12TokenizerEnd {
  readonly segments: X12Segment[];
  readonly trailing: string;
}

/** Turns a chunk into a binary (latin1) string: one char per input byte. */
export function toBinaryString(chunk: Uint8Array | string): string {
  if (typeof chunk === 'string') {
    // eslint-disable-next-line no-control-regex
    return /[^\x00-\x7f]/.test(chunk) ? Buffer.from(chunk, 'utf8').toString('latin1') : chunk;
  }
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
}

/** `text.indexOf(ch, from)`, or `text.length` when absent. */
function indexOr(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}

/** Whitespace allowed between segments: space, tab, LF, VT, FF, CR. */
function isBlank(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/** Streaming tokenizer; see the module comment. */
export class X12Tokenizer {
  private buf = '';
  /** Byte offset of `buf[0]` in the input. */
  private offset = 0;
  /** Index in `buf` up to which the pending segment is known to have no terminator. */
  private scanFrom = 0;
  /** Line / column of `buf[0]`, and whether the char before it was a CR. */
  private line = 1;
  private column = 1;
  private afterCr = false;
  private delimiters: X12Delimiters = DEFAULT_X12_DELIMITERS;
  private count = 0;
  private ended = false;
  private readonly maxSegmentBytes: number;

  constructor(options: X12TokenizerOptions = {}) {
    this.maxSegmentBytes = options.maxSegmentBytes ?? 1 << 20;
    if (!(this.maxSegmentBytes >= 128)) throw fail('internal', 'maxSegmentBytes must be at least 128');
  }

  /** Adds a chunk; returns the segments it completed (possibly none). */
  push(chunk: Uint8Array | string): X12Segment[] {
    if (this.ended) throw fail('internal', 'X12Tokenizer.push called after end()');
    this.buf = this.buf === '' ? toBinaryString(chunk) : this.buf + toBinaryString(chunk);
    return this.drain(false);
  }

  /** Flushes the input: the remaining segments (the last one may lack its terminator). */
  end(): X12TokenizerEnd {
    if (this.ended) throw fail('internal', 'X12Tokenizer.end called twice');
    const segments = this.drain(true);
    this.ended = true;
    const trailing = this.buf;
    this.buf = '';
    return { segments, trailing };
  }

  /** Segments emitted so far. */
  get segmentCount(): number {
    return this.count;
  }

  private drain(final: boolean): X12Segment[] {
    const out: X12Segment[] = [];
    const buf = this.buf;
    const len = buf.length;
    let pos = 0;
    // Next CR / LF at or after the segment being read (found again only once passed: linear overall).
    let nextLf = -1;
    let nextCr = -1;
    for (;;) {
      // Line / column are moved over the leading whitespace here and kept only if a segment completes.
      let line = this.line;
      let column = this.column;
      let afterCr = this.afterCr;
      let p = pos;
      for (; p < len; p++) {
        const ch = buf.charCodeAt(p);
        if (!isBlank(ch)) break;
        if (ch === 13 || (ch === 10 && !afterCr)) {
          line++;
          column = 1;
        } else if (ch !== 10) column++;
        afterCr = ch === 13;
      }
      if (p >= len) break;
      const isa = buf.charCodeAt(p) === 73 && buf.startsWith('ISA', p);
      if (!isa && !final && len - p < 3 && 'ISA'.startsWith(buf.slice(p))) break;
      let issues: X12Issue[] | undefined;
      let end = -1;
      if (isa) {
        const header = readIsaHeader(buf, p, final, this.placeAt(p, line, column));
        if (header.kind === 'need-more') break;
        this.delimiters = header.delimiters;
        issues = header.issues;
        if (header.kind === 'read') end = header.end;
      }
      if (end < 0) end = buf.indexOf(this.delimiters.segment, Math.max(p, this.scanFrom));
      let terminator = this.delimiters.segment;
      if (end < 0) {
        if (!final && len - p <= this.maxSegmentBytes) {
          this.scanFrom = len;
          break;
        }
        const cut = !final || len - p > this.maxSegmentBytes;
        end = cut ? p + this.maxSegmentBytes : len;
        terminator = '';
        const id = buf.slice(p, Math.min(end, p + 3));
        const where = { ...this.placeAt(p, line, column), segmentId: id };
        issues ??= [];
        issues.push(cut
          ? { severity: 'error', rule: 'segment-too-long', location: formatLocation(where.segment, id), place: where,
              message: `no segment terminator within ${this.maxSegmentBytes} bytes: the segment is cut there` }
          : { severity: 'warning', rule: 'segment-unterminated', location: formatLocation(where.segment, id), place: where,
              message: `the input ends without a segment terminator '${this.delimiters.segment}'` });
      }
      this.count++;
      out.push(new X12Segment(this.count, pos === p ? '' : buf.slice(pos, p), buf.slice(p, end), terminator, this.offset + p, line, column,
        this.delimiters, issues));
      // Move line / column over the segment and its terminator (a wrapped ISA or a newline terminator holds breaks).
      const stop = end + terminator.length;
      if (nextLf < p) nextLf = indexOr(buf, '\n', p);
      if (nextCr < p) nextCr = indexOr(buf, '\r', p);
      if (nextLf >= stop && nextCr >= stop) {
        if (stop > p) {
          column += stop - p;
          afterCr = false;
        }
      } else {
        for (let i = p; i < stop; i++) {
          const ch = buf.charCodeAt(i);
          if (ch === 13 || (ch === 10 && !afterCr)) {
            line++;
            column = 1;
          } else if (ch !== 10) column++;
          afterCr = ch === 13;
        }
      }
      this.line = line;
      this.column = column;
      this.afterCr = afterCr;
      pos = stop;
      this.scanFrom = 0;
    }
    this.buf = pos === 0 ? buf : buf.slice(pos);
    this.offset += pos;
    this.scanFrom = Math.max(0, this.scanFrom - pos);
    return out;
  }

  /** Place data of the segment starting at `p` of the buffer (built only when an issue needs it). */
  private placeAt(p: number, line: number, column: number): IsaPlace {
    return { segment: this.count + 1, byteOffset: this.offset + p, line, column };
  }
}
