/**
 * A read-only view of one segment: lazy field split, decoded values, raw text and source positions.
 * Field numbering follows the standard: for MSH / FHS / BHS, field 1 is the field separator and
 * field 2 the encoding characters (returned verbatim, never split or unescaped).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.5)
 */
import type { Delimiters, Hl7Value, SegmentRecord, SourcePosition, SourceText } from './types.js';
import { decodeEscapes, decodeFormatted, formattedToText, type FormattedPart } from './escape.js';
import { parsePath, type Hl7Path } from './path.js';
import { PART, SegmentIndex } from './segment-index.js';

const HEADERS = new Set(['MSH', 'FHS', 'BHS']);

/** One segment of a parsed message (or a batch envelope segment). */
export class Hl7Segment {
  readonly name: string;
  /** Field numbers read while set (the coverage report, translators/hl7v2/coverage); undefined = not tracked. */
  fieldReads: Set<number> | undefined;
  /** Header segment (MSH / FHS / BHS): field 1 is the separator itself, fields 1–2 are never split. */
  readonly #spliced: boolean;
  #index: SegmentIndex | undefined;

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
    this.#spliced = HEADERS.has(record.name) && record.raw.length >= 4;
  }

  /** Segment text without its terminator. */
  get raw(): string {
    return this.record.raw;
  }

  #ix(): SegmentIndex {
    return (this.#index ??= new SegmentIndex(this.record.raw, this.delimiters, this.#spliced, this.source.bytes, this.record.offset));
  }

  /** Number of the last field present (0 when the segment holds only its id). */
  get fieldCount(): number {
    return this.#ix().fieldCount;
  }

  /**
   * Selects the element as addressed (a deeper index implies the first repetition / component:
   * `3.1` is `3[1].1`). Header fields 0–2 are never split.
   */
  #locate(field: number, rep?: number, comp?: number, sub?: number): SegmentIndex | undefined {
    this.fieldReads?.add(field);
    const ix = this.#ix();
    const component = comp ?? (sub === undefined ? undefined : 1);
    const repetition = rep ?? (component === undefined ? undefined : 1);
    return ix.locate(field, repetition, component, sub) ? ix : undefined;
  }

  /** The selected element's raw text. */
  #text(ix: SegmentIndex): string {
    return ix.virtual ? this.delimiters.field : this.record.raw.slice(ix.s, ix.e);
  }

  /** The selected element decoded: undefined when empty, null for `""`, header fields verbatim. */
  #decoded(ix: SegmentIndex, field: number): Hl7Value {
    if (ix.virtual) return this.delimiters.field;
    const { s, e } = ix;
    if (s === e) return undefined;
    const raw = this.record.raw;
    if (e - s === 2 && raw.charCodeAt(s) === 34 && raw.charCodeAt(s + 1) === 34) return null;
    const text = raw.slice(s, e);
    return field <= 2 && this.#spliced ? text : decodeEscapes(text, this.delimiters, this.source.encoding);
  }

  /** Raw (escaped) text of field `n` with all repetitions, or undefined beyond the last field. */
  rawField(n: number): string | undefined {
    const ix = this.#locate(n);
    return ix === undefined ? undefined : this.#text(ix);
  }

  #path(path: string | Hl7Path): Hl7Path {
    return typeof path === 'string' ? parsePath(path) : path;
  }

  /**
   * Raw (escaped) text of the element exactly as addressed: `raw('3')` is the whole field with its
   * repetitions, `raw('3[2].4')` one component. Undefined when absent.
   */
  rawAt(path: string | Hl7Path): string | undefined {
    const p = this.#path(path);
    const ix = this.#locate(p.field, p.repetition, p.component, p.subcomponent);
    return ix === undefined ? undefined : this.#text(ix);
  }

  /**
   * Decoded value at `path` (HAPI Terser semantics): missing repetition / component / subcomponent
   * default to 1, so `get('5')` on `DOE^JOHN` is `DOE`. Returns `null` for the explicit null `""`,
   * `undefined` for empty or absent. Formatting escapes (FT / TX) stay verbatim; see `formatted`.
   */
  get(path: string | Hl7Path): Hl7Value {
    const p = this.#path(path);
    return this.value(p.field, p.repetition ?? 1, p.component ?? 1, p.subcomponent ?? 1);
  }

  /**
   * Decoded value at field / repetition / component / subcomponent (all 1-based), like `get` but
   * without a path: the fast positional accessor for code that walks every element.
   */
  value(field: number, repetition = 1, component = 1, subcomponent = 1): Hl7Value {
    const ix = this.#locate(field, repetition, component, subcomponent);
    return ix === undefined ? undefined : this.#decoded(ix, field);
  }

  /** Number of repetitions of field `n` (0 when empty or absent). */
  repetitionCount(n: number): number {
    const ix = this.#locate(n);
    if (ix === undefined) return 0;
    return n <= 2 && this.#spliced ? Math.min(1, ix.e - ix.s) : ix.count(PART.repetition);
  }

  /** Number of components of repetition `repetition` of field `n` (0 when absent or empty). */
  componentCount(n: number, repetition = 1): number {
    const ix = this.#locate(n, repetition);
    if (ix === undefined) return 0;
    return n <= 2 && this.#spliced ? Math.min(1, ix.e - ix.s) : ix.count(PART.component);
  }

  /** Number of subcomponents of a component (0 when absent or empty). */
  subcomponentCount(n: number, repetition = 1, component = 1): number {
    const ix = this.#locate(n, repetition, component);
    if (ix === undefined) return 0;
    return n <= 2 && this.#spliced ? Math.min(1, ix.e - ix.s) : ix.count(PART.subcomponent);
  }

  /**
   * Calls `visit` for every non-empty element at the deepest level (each subcomponent of each
   * component of each repetition of each field, header fields 1–2 whole), in order, with its decoded
   * value (`null` for `""`) and 1-based coordinates. One pass over the segment: for code that reads
   * everything (exports, de-identification, the parser benchmark). Field reads are not tracked.
   */
  forEachValue(visit: (value: string | null, field: number, repetition: number, component: number, subcomponent: number) => void): void {
    const raw = this.record.raw;
    const d = this.delimiters;
    const encoding = this.source.encoding;
    const spliced = this.#spliced;
    const esc = d.escape;
    this.#ix().walk((s, e, field, rep, comp, sub) => {
      if (s === e) return;
      if (spliced && field === 1) visit(d.field, 1, 1, 1, 1);
      else if (e - s === 2 && raw.charCodeAt(s) === 34 && raw.charCodeAt(s + 1) === 34) visit(null, field, rep, comp, sub);
      else {
        const text = raw.slice(s, e);
        const verbatim = (spliced && field === 2) || esc === '' || !text.includes(esc);
        visit(verbatim ? text : decodeEscapes(text, d, encoding), field, rep, comp, sub);
      }
    });
  }

  /** Decoded values of every repetition of a field (component / subcomponent default to 1). */
  getAll(path: string | Hl7Path): Hl7Value[] {
    const p = this.#path(path);
    const count = this.repetitionCount(p.field);
    const out: Hl7Value[] = [];
    for (let r = 1; r <= count; r++) out.push(this.value(p.field, r, p.component ?? 1, p.subcomponent ?? 1));
    return out;
  }

  /** The element as text and formatting commands (FT / TX / CF), whole element as addressed. */
  formatted(path: string | Hl7Path): FormattedPart[] {
    const p = this.#path(path);
    const ix = this.#locate(p.field, p.repetition, p.component, p.subcomponent);
    const raw = ix === undefined ? undefined : this.#text(ix);
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
    const ix = this.#locate(p.field, p.repetition, p.component, p.subcomponent);
    const present = ix !== undefined;
    const start = present ? ix.s : this.#ix().s;
    const length = present ? ix.e - ix.s : 0;
    const charOffset = this.record.offset + start;
    return {
      segment: this.name,
      segmentIndex: this.index,
      occurrence: this.occurrence,
      field: p.field,
      ...(p.repetition === undefined ? {} : { repetition: p.repetition }),
      ...(p.component === undefined ? {} : { component: p.component }),
      ...(p.subcomponent === undefined ? {} : { subcomponent: p.subcomponent }),
      present,
      charOffset,
      byteOffset: this.source.byteOffset(charOffset),
      length,
      line: this.record.line,
      column: start + 1,
    };
  }
}
