/**
 * The structural index of one segment, built by one pass over its text on first access: the position
 * and kind of every separator (field, repetition, component, subcomponent) in order, the "tape".
 * Locating an element then walks tape entries, not characters, and remembers the last repetition,
 * component and subcomponent found, so reading a segment element by element stays linear and
 * allocates nothing but the values read. Internal to the parser (Hl7Segment is the public view).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.5.4–2.5.6)
 */
import type { Delimiters } from './types.js';

/** Separator kinds, as stored in the low two bits of a tape entry (`position * 4 + kind`). */
const FIELD = 0;
const REP = 1;
const COMP = 2;
const SUB = 3;
type Kind = typeof REP | typeof COMP | typeof SUB;

/** Per-delimiter-set ASCII lookup (kind + 1 per char code < 128), or null when a separator is not one ASCII char. */
const tables = new WeakMap<Delimiters, Int8Array | null>();

let lastDelimiters: Delimiters | undefined;
let lastTable: Int8Array | null = null;

function asciiTable(d: Delimiters): Int8Array | null {
  const last = lastDelimiters;
  // Every message reads its own Delimiters object: compare the separators, not the object.
  if (d === last || (last !== undefined && d.field === last.field && d.repetition === last.repetition
    && d.component === last.component && d.subcomponent === last.subcomponent)) return lastTable;
  lastDelimiters = d;
  lastTable = tableFor(d);
  return lastTable;
}

function tableFor(d: Delimiters): Int8Array | null {
  let t = tables.get(d);
  if (t !== undefined) return t;
  const seps = [d.field, d.repetition, d.component, d.subcomponent];
  if (seps.some((s) => s.length > 1 || (s.length === 1 && s.charCodeAt(0) >= 128))) t = null;
  else {
    t = new Int8Array(128);
    // Assign deepest first so that a char declared twice keeps the shallower meaning, as a split would.
    for (let k = SUB; k >= FIELD; k--) {
      const s = seps[k] ?? '';
      if (s !== '') t[s.charCodeAt(0)] = k + 1;
    }
  }
  tables.set(d, t);
  return t;
}

/** One remembered element at one level, keyed by its ancestors. */
class Cursor {
  field = -1;
  rep = 0;
  comp = 0;
  n = 0;
  s = 0;
  e = 0;
  ts = 0;
  te = 0;
}

/** A segment's separators and the current selection (`raw[s, e)`, tape entries `[ts, te)` inside it). */
export class SegmentIndex {
  s = 0;
  e = 0;
  ts = 0;
  te = 0;
  /** The selection is header field 1, the field separator itself (not in the text as a field). */
  virtual = false;
  readonly #tape: number[] = [];
  /** Char start of each field; tape index of its first inner entry. */
  readonly #starts: number[] = [0];
  readonly #tapeStarts: number[] = [0];
  readonly #len: readonly number[];
  readonly #rep = new Cursor();
  readonly #comp = new Cursor();
  readonly #sub = new Cursor();

  /**
   * @param spliced header segment (MSH / FHS / BHS) whose field 1 is the separator at offset 3.
   * @param bytes the source bytes when they map one to one to chars (`SourceText.bytes`), with
   *   `offset` the segment's offset in them: scanning bytes is faster than reading chars.
   */
  constructor(readonly raw: string, readonly delimiters: Delimiters, readonly spliced: boolean, bytes?: Uint8Array, offset = 0) {
    const d = delimiters;
    this.#len = [d.field.length, d.repetition.length, d.component.length, d.subcomponent.length];
    const table = asciiTable(d);
    if (table === null) this.#scanGeneric();
    else if (bytes !== undefined) this.#scanBytes(table, bytes, offset);
    else this.#scanAscii(table);
    if (spliced) {
      this.#starts.splice(1, 0, 3);
      this.#tapeStarts.splice(1, 0, Math.max(0, (this.#tapeStarts[1] ?? this.#tape.length + 1) - 1));
    }
  }

  #scanAscii(table: Int8Array): void {
    const raw = this.raw;
    const tape = this.#tape;
    for (let i = 0, n = raw.length; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c >= 128) continue;
      const k = table[c] ?? 0;
      if (k === 0) continue;
      tape.push(i * 4 + k - 1);
      if (k === 1) {
        this.#starts.push(i + 1);
        this.#tapeStarts.push(tape.length);
      }
    }
  }

  #scanBytes(table: Int8Array, bytes: Uint8Array, offset: number): void {
    const tape = this.#tape;
    for (let i = 0, n = this.raw.length; i < n; i++) {
      const c = bytes[offset + i] ?? 0;
      if (c >= 128) continue;
      const k = table[c] ?? 0;
      if (k === 0) continue;
      tape.push(i * 4 + k - 1);
      if (k === 1) {
        this.#starts.push(i + 1);
        this.#tapeStarts.push(tape.length);
      }
    }
  }

  /** Multi-unit or non-ASCII separators: same tape, found with startsWith. */
  #scanGeneric(): void {
    const raw = this.raw;
    const d = this.delimiters;
    const seps = [d.field, d.repetition, d.component, d.subcomponent];
    for (let i = 0; i < raw.length;) {
      const k = seps.findIndex((s) => s !== '' && raw.startsWith(s, i));
      if (k < 0) {
        i++;
        continue;
      }
      this.#tape.push(i * 4 + k);
      i += seps[k]?.length ?? 1;
      if (k === FIELD) {
        this.#starts.push(i);
        this.#tapeStarts.push(this.#tape.length);
      }
    }
  }

  /** Number of the last field (0 when only the segment id). */
  get fieldCount(): number {
    return this.#starts.length - 1;
  }

  /** Selects field `n`; false (selection empty at the end of the segment) when beyond the last field. */
  field(n: number): boolean {
    const start = this.#starts[n];
    this.virtual = false;
    if (start === undefined || n < 0) {
      this.s = this.e = this.raw.length;
      this.ts = this.te = this.#tape.length;
      return false;
    }
    const next = this.spliced && n === 0 ? 2 : n + 1;
    const nextStart = this.#starts[next];
    const nextTape = this.#tapeStarts[next];
    this.s = start;
    this.ts = this.#tapeStarts[n] ?? 0;
    this.e = nextStart === undefined ? this.raw.length : nextStart - (this.#len[FIELD] ?? 1);
    this.te = nextTape === undefined ? this.#tape.length : nextTape - 1;
    if (this.spliced && n === 1) {
      this.virtual = true;
      this.e = 3 + this.delimiters.field.length;
      this.te = this.ts;
    }
    return true;
  }

  /** Empties the selection at its end (the position an absent element is reported at). */
  #absent(): false {
    this.s = this.e;
    this.ts = this.te;
    return false;
  }

  /** Narrows the selection to its `k`th (0-based) part of `kind`. */
  #part(kind: Kind, k: number): boolean {
    const tape = this.#tape;
    const te = this.te;
    let i = this.ts;
    let s = this.s;
    for (; k > 0; k--) {
      while (i < te && ((tape[i] ?? 0) & 3) !== kind) i++;
      if (i >= te) return this.#absent();
      s = ((tape[i] ?? 0) >> 2) + (this.#len[kind] ?? 1);
      i++;
    }
    let j = i;
    while (j < te && ((tape[j] ?? 0) & 3) !== kind) j++;
    this.s = s;
    this.ts = i;
    if (j < te) this.e = (tape[j] ?? 0) >> 2;
    this.te = j;
    return true;
  }

  /** Narrows to the `n`th (1-based) part of `kind`, resuming from `cur` when it is this one or an earlier sibling. */
  #level(kind: Kind, n: number, cur: Cursor, field: number, rep: number, comp: number): boolean {
    let k = n - 1;
    if (cur.field === field && cur.rep === rep && cur.comp === comp && cur.n > 0 && cur.n <= n) {
      if (cur.n === n) {
        this.s = cur.s;
        this.e = cur.e;
        this.ts = cur.ts;
        this.te = cur.te;
        return true;
      }
      if (cur.te >= this.te) return this.#absent(); // the remembered part was the last one
      this.s = cur.e + (this.#len[kind] ?? 1);
      this.ts = cur.te + 1;
      k = n - cur.n - 1;
    }
    if (!this.#part(kind, k)) return false;
    cur.field = field;
    cur.rep = rep;
    cur.comp = comp;
    cur.n = n;
    cur.s = this.s;
    cur.e = this.e;
    cur.ts = this.ts;
    cur.te = this.te;
    return true;
  }

  /** Selects field / repetition / component / subcomponent (undefined levels are not descended into). */
  locate(field: number, rep: number | undefined, comp: number | undefined, sub: number | undefined): boolean {
    const c = this.#comp;
    if (sub !== undefined && c.n === comp && c.rep === rep && c.field === field) {
      // Next subcomponent of the component read last: skip the field and repetition levels.
      this.virtual = false;
      this.s = c.s;
      this.e = c.e;
      this.ts = c.ts;
      this.te = c.te;
      return this.#level(SUB, sub, this.#sub, field, rep, comp);
    }
    if (!this.field(field)) return false;
    if (rep === undefined || (field <= 2 && this.spliced)) return true;
    if (!this.#level(REP, rep, this.#rep, field, 0, 0)) return false;
    if (comp === undefined) return true;
    if (!this.#level(COMP, comp, this.#comp, field, rep, 0)) return false;
    return sub === undefined || this.#level(SUB, sub, this.#sub, field, rep, comp);
  }

  /**
   * Calls `leaf` with the range and 1-based coordinates of every element at the deepest level, in
   * order, from field 1 on (header fields 1 and 2 whole, the first as the virtual separator range).
   */
  walk(leaf: (s: number, e: number, field: number, rep: number, comp: number, sub: number) => void): void {
    const tape = this.#tape;
    const len = this.#len;
    let field = 1;
    let i = this.#tapeStarts[1] ?? tape.length;
    let start = this.#starts[1] ?? this.raw.length;
    if (this.spliced) {
      leaf(3, 3 + this.delimiters.field.length, 1, 1, 1, 1);
      const next = this.#starts[3];
      if (this.#starts[2] === undefined) return;
      leaf(this.#starts[2] ?? 0, next === undefined ? this.raw.length : next - (len[FIELD] ?? 1), 2, 1, 1, 1);
      if (next === undefined) return;
      field = 3;
      start = next;
      i = this.#tapeStarts[3] ?? tape.length;
    } else if (this.#starts[1] === undefined) return;
    let rep = 1;
    let comp = 1;
    let sub = 1;
    for (const n = tape.length; i < n; i++) {
      const entry = tape[i] ?? 0;
      const pos = entry >> 2;
      const kind = entry & 3;
      leaf(start, pos, field, rep, comp, sub);
      start = pos + (len[kind] ?? 1);
      if (kind === FIELD) {
        field++;
        rep = comp = sub = 1;
      } else if (kind === REP) {
        rep++;
        comp = sub = 1;
      } else if (kind === COMP) {
        comp++;
        sub = 1;
      } else sub++;
    }
    leaf(start, this.raw.length, field, rep, comp, sub);
  }

  /** Number of `kind` parts of the selection (0 when it is empty). */
  count(kind: Kind): number {
    if (this.s === this.e) return 0;
    const tape = this.#tape;
    let n = 1;
    for (let i = this.ts; i < this.te; i++) if (((tape[i] ?? 0) & 3) === kind) n++;
    return n;
  }
}

/** Kinds for `SegmentIndex.count`. */
export const PART = { repetition: REP, component: COMP, subcomponent: SUB } as const;
