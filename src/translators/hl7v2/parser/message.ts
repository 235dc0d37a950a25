/**
 * One parsed HL7 v2 message: its segments (views over the original text), delimiters, parse issues
 * and the accessor API the translators use (`get('PID-3[1].1')`, `segments('OBX')`, positions).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 ch. 2)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { fail } from '../../../core/outcomes.js';
import type { Delimiters, Hl7Value, SegmentRecord, SourcePosition, SourceText } from './types.js';
import type { FormattedPart } from './escape.js';
import { Hl7Segment } from './segment.js';
import { parsePath, type Hl7Path } from './path.js';
import { hl7Issue } from './issues.js';

/** MSH-9 split into its parts. */
export interface MessageType {
  /** MSH-9.1, e.g. `ADT`. */
  readonly code: string | undefined;
  /** MSH-9.2, e.g. `A01`. */
  readonly trigger: string | undefined;
  /** MSH-9.3, e.g. `ADT_A01`. */
  readonly structure: string | undefined;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/** A parsed message. Build it with `parseHl7` / `parseHl7Message`. */
export class Hl7Message {
  /** Every segment in order; `all[0]` is MSH. */
  readonly all: readonly Hl7Segment[];
  readonly issues: OperationOutcomeIssue[];
  #byName: Map<string, Hl7Segment[]> | undefined;

  constructor(
    records: readonly SegmentRecord[],
    readonly delimiters: Delimiters,
    readonly source: SourceText,
    issues: readonly OperationOutcomeIssue[] = [],
  ) {
    const counts = new Map<string, number>();
    this.all = records.map((r, i) => {
      const occurrence = (counts.get(r.name) ?? 0) + 1;
      counts.set(r.name, occurrence);
      return new Hl7Segment(r, delimiters, source, i, occurrence);
    });
    this.issues = [...issues, ...this.#checkStructure()];
  }

  /** Structural problems found at parse time: bad segment ids, required MSH fields missing. */
  #checkStructure(): OperationOutcomeIssue[] {
    const out: OperationOutcomeIssue[] = [];
    for (const s of this.all) {
      if (!SEGMENT_ID.test(s.name)) {
        out.push(hl7Issue('error', '100', `line ${s.record.line}: '${s.name}' is not a segment id`, s.name));
      }
    }
    const required: Array<[string, OperationOutcomeIssue['severity'], string]> = [
      ['MSH-7', 'warning', 'date/time of message'],
      ['MSH-9', 'error', 'message type'],
      ['MSH-10', 'error', 'message control id'],
      ['MSH-11', 'error', 'processing id'],
      ['MSH-12', 'error', 'version id'],
    ];
    for (const [path, severity, what] of required) {
      if (this.get(path) === undefined) out.push(hl7Issue(severity, '101', `${path} (${what}) is missing`, path));
    }
    return out;
  }

  /** The MSH segment. */
  get msh(): Hl7Segment {
    const msh = this.all[0];
    if (msh === undefined) throw fail('internal', 'message without MSH');
    return msh;
  }

  /** Segments with id `name` in order (all segments when `name` is omitted). */
  segments(name?: string): readonly Hl7Segment[] {
    if (name === undefined) return this.all;
    if (this.#byName === undefined) {
      this.#byName = new Map();
      for (const s of this.all) {
        const list = this.#byName.get(s.name);
        if (list === undefined) this.#byName.set(s.name, [s]);
        else list.push(s);
      }
    }
    return this.#byName.get(name) ?? [];
  }

  /** The `occurrence`th (1-based) segment with id `name`, if any. */
  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    return this.segments(name)[occurrence - 1];
  }

  #resolve(path: string): { seg: Hl7Segment | undefined; p: Hl7Path } {
    const p = parsePath(path);
    if (p.segment === undefined) throw fail('internal', `HL7 path '${path}' needs a segment id`);
    return { seg: this.segment(p.segment, p.occurrence), p };
  }

  /** Decoded value at a path like `PID-5.1` or `OBX[2]-5` (see `Hl7Segment.get` for the defaults). */
  get(path: string): Hl7Value {
    const { seg, p } = this.#resolve(path);
    return seg?.get(p);
  }

  /** Decoded values of every repetition of the addressed field. */
  getAll(path: string): Hl7Value[] {
    const { seg, p } = this.#resolve(path);
    return seg?.getAll(p) ?? [];
  }

  /** Raw (escaped) text of the element as addressed. */
  rawAt(path: string): string | undefined {
    const { seg, p } = this.#resolve(path);
    return seg?.rawAt(p);
  }

  /** FT / TX element as text and formatting commands. */
  formatted(path: string): FormattedPart[] {
    const { seg, p } = this.#resolve(path);
    return seg?.formatted(p) ?? [];
  }

  /** FT / TX element as plain text (line breaks kept). */
  text(path: string): string | undefined {
    const { seg, p } = this.#resolve(path);
    return seg?.text(p);
  }

  /** Source position of the element (undefined only when the segment itself is absent). */
  position(path: string): SourcePosition | undefined {
    const { seg, p } = this.#resolve(path);
    return seg?.position(p);
  }

  /** MSH-9. */
  get type(): MessageType {
    return { code: this.get('MSH-9.1') ?? undefined, trigger: this.get('MSH-9.2') ?? undefined, structure: this.get('MSH-9.3') ?? undefined };
  }

  /** MSH-10. */
  get controlId(): string | undefined {
    return this.get('MSH-10') ?? undefined;
  }

  /** MSH-12.1. */
  get version(): string | undefined {
    return this.get('MSH-12') ?? undefined;
  }

  /** Char offset of the MSH in the source text. */
  get offset(): number {
    return this.msh.record.offset;
  }

  /** The message exactly as received (segments and their original terminators). */
  toString(): string {
    let out = '';
    for (const s of this.all) out += s.record.raw + s.record.terminator;
    return out;
  }
}
