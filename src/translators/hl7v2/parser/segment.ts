/**
 * A read-only view of one segment: lazy field split, decoded values, raw text and source positions.
 * Field numbering follows the standard: for MSH / FHS / BHS, field 1 is the field separator and
 * field 2 the encoding characters (returned verbatim, never split or unescaped).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.5)
 */
import type { Delimiters, Hl7Value, SegmentRecord, SourcePosition, SourceText } from './types.js';
import { decodeEscapes, decodeFormatted, formattedToText, type FormattedPart } from './escape.js';
import { parsePath, type Hl7Path } from './path.js';

const HEADERS = new Set(['MSH', 'FHS', 'BHS']);

/** Raw text of an addressed element and where it starts inside the segment. */
interface Located {
  readonly raw: string | undefined;
  /** Offset in the segment's raw text (end of the deepest present ancestor when absent). */
  readonly start: number;
}

/** The `n`th (0-based) `sep`-separated part of `s`, or undefined when there are fewer parts. */
function nth(s: string, sep: string, n: number): { text: string; start: number } | undefined {
  if (sep === '' || !s.includes(sep)) return n === 0 ? { text: s, start: 0 } : undefined;
  let start = 0;
  for (let k = 0; k < n; k++) {
    const i = s.indexOf(sep, start);
    if (i < 0) return undefined;
    start = i + sep.length;
  }
  const end = s.indexOf(sep, start);
  return { text: s.slice(start, end < 0 ? s.length : end), start };
}

/** Splits `s` on `sep` ('' never splits). */
function split(s: string, sep: string): string[] {
  return sep === '' ? [s] : s.split(sep);
}

/** One segment of a parsed message (or a batch envelope segment). */
export class Hl7Segment {
  readonly name: string;
  /** Field numbers read while set (the coverage report, translators/hl7v2/coverage); undefined = not tracked. */
  fieldReads: Set<number> | undefined;
  #fields: string[] | undefined;
  #starts: number[] | undefined;

  /**
   * @param index 0-based position in the message; @param occurrence 1-based among same-id segments.
   */
  constructor(
    readonly record: SegmentRecord,
    readonly delimiters: Delimiters,
    readonly source: SourceText,
    readonly index: number,
    readonly occurrence: number,
  ) {
    this.name = record.name;
  }

  /** Segment text without its terminator. */
  get raw(): string {
    return this.record.raw;
  }

  #split(): { fields: string[]; starts: number[] } {
    if (this.#fields !== undefined && this.#starts !== undefined) return { fields: this.#fields, starts: this.#starts };
    const raw = this.record.raw;
    const parts = split(raw, this.delimiters.field);
    const fields: string[] = [];
    const starts: number[] = [];
    let at = 0;
    for (const p of parts) {
      fields.push(p);
      starts.push(at);
      at += p.length + this.delimiters.field.length;
    }
    if (HEADERS.has(this.name) && raw.length >= 4) {
      fields.splice(1, 0, this.delimiters.field); // field 1 is the separator itself
      starts.splice(1, 0, 3);
    }
    this.#fields = fields;
    this.#starts = starts;
    return { fields, starts };
  }

  /** Number of the last field present (0 when the segment holds only its id). */
  get fieldCount(): number {
    return this.#split().fields.length - 1;
  }

  /** Raw (escaped) text of field `n` with all repetitions, or undefined beyond the last field. */
  rawField(n: number): string | undefined {
    this.fieldReads?.add(n);
    return this.#split().fields[n];
  }

  #locate(fieldNo: number, rep?: number, comp?: number, sub?: number): Located {
    this.fieldReads?.add(fieldNo);
    const { fields, starts } = this.#split();
    const field = fields[fieldNo];
    if (field === undefined) return { raw: undefined, start: this.record.raw.length };
    let start = starts[fieldNo] ?? 0;
    if (fieldNo <= 2 && HEADERS.has(this.name)) return { raw: field, start };
    const d = this.delimiters;
    // A deeper index implies the first repetition / component (`3.1` is `3[1].1`).
    const component = comp ?? (sub === undefined ? undefined : 1);
    const repetition = rep ?? (component === undefined ? undefined : 1);
    let text = field;
    for (let step = 0; step < 3; step++) {
      const n = step === 0 ? repetition : step === 1 ? component : sub;
      if (n === undefined) continue;
      const part = nth(text, step === 0 ? d.repetition : step === 1 ? d.component : d.subcomponent, n - 1);
      if (part === undefined) return { raw: undefined, start: start + text.length };
      text = part.text;
      start += part.start;
    }
    return { raw: text, start };
  }

  #at(p: Hl7Path): Located {
    return this.#locate(p.field, p.repetition, p.component, p.subcomponent);
  }

  #path(path: string | Hl7Path): Hl7Path {
    return typeof path === 'string' ? parsePath(path) : path;
  }

  /**
   * Raw (escaped) text of the element exactly as addressed: `raw('3')` is the whole field with its
   * repetitions, `raw('3[2].4')` one component. Undefined when absent.
   */
  rawAt(path: string | Hl7Path): string | undefined {
    return this.#at(this.#path(path)).raw;
  }

  /**
   * Decoded value at `path` (HAPI Terser semantics): missing repetition / component / subcomponent
   * default to 1, so `get('5')` on `DOE^JOHN` is `DOE`. Returns `null` for the explicit null `""`,
   * `undefined` for empty or absent. Formatting escapes (FT / TX) stay verbatim; see `formatted`.
   */
  get(path: string | Hl7Path): Hl7Value {
    const p = this.#path(path);
    const isHeaderField = p.field <= 2 && HEADERS.has(this.name);
    const raw = this.#locate(p.field, p.repetition ?? 1, p.component ?? 1, p.subcomponent ?? 1).raw;
    if (raw === undefined || raw === '') return undefined;
    if (raw === '""') return null;
    return isHeaderField ? raw : decodeEscapes(raw, this.delimiters, this.source.encoding);
  }

  /** Decoded values of every repetition of a field (component / subcomponent default to 1). */
  getAll(path: string | Hl7Path): Hl7Value[] {
    const p = this.#path(path);
    const field = this.rawField(p.field);
    if (field === undefined || field === '') return [];
    const count = split(field, this.delimiters.repetition).length;
    const out: Hl7Value[] = [];
    for (let r = 1; r <= count; r++) out.push(this.get({ ...p, repetition: r }));
    return out;
  }

  /** Number of repetitions of field `n` (0 when empty or absent). */
  repetitionCount(n: number): number {
    const field = this.rawField(n);
    return field === undefined || field === '' ? 0 : split(field, this.delimiters.repetition).length;
  }

  /** The element as text and formatting commands (FT / TX / CF), whole element as addressed. */
  formatted(path: string | Hl7Path): FormattedPart[] {
    const raw = this.#at(this.#path(path)).raw;
    if (raw === undefined || raw === '""') return [];
    return decodeFormatted(raw, this.delimiters, this.source.encoding);
  }

  /** Plain text of an FT / TX element: `.br` → newline, highlighting dropped. */
  text(path: string | Hl7Path): string | undefined {
    const parts = this.formatted(path);
    return parts.length === 0 ? undefined : formattedToText(parts);
  }

  /** Where the element at `path` (as addressed) is in the input, present or not. */
  position(path: string | Hl7Path): SourcePosition {
    const p = this.#path(path);
    const { raw, start } = this.#at(p);
    const charOffset = this.record.offset + start;
    return {
      segment: this.name,
      segmentIndex: this.index,
      occurrence: this.occurrence,
      field: p.field,
      ...(p.repetition === undefined ? {} : { repetition: p.repetition }),
      ...(p.component === undefined ? {} : { component: p.component }),
      ...(p.subcomponent === undefined ? {} : { subcomponent: p.subcomponent }),
      present: raw !== undefined,
      charOffset,
      byteOffset: this.source.byteOffset(charOffset),
      length: raw?.length ?? 0,
      line: this.record.line,
      column: start + 1,
    };
  }
}
