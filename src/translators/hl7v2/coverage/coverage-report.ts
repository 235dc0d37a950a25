/**
 * The HL7 v2 coverage report: per sender and message type, how many messages arrived and, per field
 * (`PID-5`), in how many it was present, mapped (read by the translator) and ignored (present, never
 * read). Bounded; field ids and counts only, never values (no patient data). Kept in memory, with a
 * serializable `snapshot()` / `restore()` so the pipeline can persist it (DATA_DIR/hl7v2-coverage.json).
 * docs/hl7v2-mapping.md ("Coverage report").
 */
import type { MessageFieldCoverage } from './field-reads.js';

/** One field's counts. */
export interface FieldCoverage {
  readonly field: string;
  readonly present: number;
  readonly mapped: number;
  readonly ignored: number;
}

/** One (sender, message type) row. */
export interface CoverageRow {
  readonly sender: string;
  readonly messageType: string;
  readonly messages: number;
  /** Fields present at least once, in segment / field order. */
  readonly fields: readonly FieldCoverage[];
  /** Totals over `fields`. */
  readonly present: number;
  readonly mapped: number;
  readonly ignored: number;
}

interface Counts { present: number; mapped: number }
interface Row { messages: number; fields: Map<string, Counts> }

/** Limits that keep the report small whatever senders send. */
export interface CoverageLimits {
  /** Distinct (sender, message type) pairs kept; later pairs are not counted. */
  readonly maxRows: number;
  /** Distinct fields kept per pair (Z-segments can add many). */
  readonly maxFieldsPerRow: number;
}

const DEFAULT_LIMITS: CoverageLimits = { maxRows: 1000, maxFieldsPerRow: 2000 };

function fieldOrder(a: string, b: string): number {
  const [sa = '', na = '0'] = a.split('-');
  const [sb = '', nb = '0'] = b.split('-');
  return sa === sb ? Number(na) - Number(nb) : sa < sb ? -1 : 1;
}

/** Format tag of a saved report. */
export const COVERAGE_FORMAT = 'lyfeai-hl7v2-coverage/1';

/** The report as saved: per row, `[field, present, mapped]` triples. */
export interface CoverageSnapshot {
  readonly format: typeof COVERAGE_FORMAT;
  readonly rows: ReadonlyArray<{
    readonly sender: string;
    readonly messageType: string;
    readonly messages: number;
    readonly fields: ReadonlyArray<readonly [field: string, present: number, mapped: number]>;
  }>;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const FIELD_ID = /^.{1,3}-\d{1,4}$/s;

/** Aggregates the coverage of translated messages. */
export class Hl7v2CoverageReport {
  readonly #rows = new Map<string, Row & { sender: string; messageType: string }>();
  #dirty = false;

  constructor(private readonly limits: CoverageLimits = DEFAULT_LIMITS) {}

  #row(sender: string, messageType: string): Row | undefined {
    const key = `${sender}\u0000${messageType}`;
    let row = this.#rows.get(key);
    if (row === undefined) {
      if (this.#rows.size >= this.limits.maxRows) return undefined;
      row = { sender, messageType, messages: 0, fields: new Map() };
      this.#rows.set(key, row);
    }
    return row;
  }

  #counts(row: Row, field: string): Counts | undefined {
    let c = row.fields.get(field);
    if (c === undefined) {
      if (row.fields.size >= this.limits.maxFieldsPerRow) return undefined;
      c = { present: 0, mapped: 0 };
      row.fields.set(field, c);
    }
    return c;
  }

  /** Counts one translated message of `messageType` (e.g. `ADT^A01`) from `sender`. */
  record(sender: string, messageType: string, coverage: MessageFieldCoverage): void {
    const row = this.#row(sender, messageType);
    if (row === undefined) return;
    this.#dirty = true;
    row.messages++;
    for (const field of coverage.present) {
      const c = this.#counts(row, field);
      if (c === undefined) continue;
      c.present++;
      if (coverage.read.has(field)) c.mapped++;
    }
  }

  /** True when counts changed since `markSaved` (what a persistence loop checks). */
  get dirty(): boolean {
    return this.#dirty;
  }

  markSaved(): void {
    this.#dirty = false;
  }

  markDirty(): void {
    this.#dirty = true;
  }

  /** The counts as a JSON-serializable document (field ids and counts only). */
  snapshot(): CoverageSnapshot {
    return {
      format: COVERAGE_FORMAT,
      rows: [...this.#rows.values()].map((r) => ({
        sender: r.sender, messageType: r.messageType, messages: r.messages,
        fields: [...r.fields.entries()].map(([field, c]) => [field, c.present, c.mapped] as const),
      })),
    };
  }

  /**
   * Adds the counts of a saved snapshot (read back at boot; `unknown` because it comes from a file).
   * Malformed rows and fields are skipped, limits still apply. Returns the number of rows taken;
   * throws only when `saved` is not a coverage snapshot at all.
   */
  restore(saved: unknown): number {
    if (typeof saved !== 'object' || saved === null || !('format' in saved) || saved.format !== COVERAGE_FORMAT || !('rows' in saved) || !Array.isArray(saved.rows)) {
      throw new TypeError('not an HL7 v2 coverage snapshot');
    }
    let taken = 0;
    for (const r of saved.rows as unknown[]) {
      if (typeof r !== 'object' || r === null) continue;
      const { sender, messageType, messages, fields } = r as Record<string, unknown>;
      if (typeof sender !== 'string' || typeof messageType !== 'string' || !isCount(messages) || !Array.isArray(fields)) continue;
      const row = this.#row(sender, messageType);
      if (row === undefined) break;
      row.messages += messages;
      for (const f of fields as unknown[]) {
        if (!Array.isArray(f)) continue;
        const [field, present, mapped] = f as unknown[];
        if (typeof field !== 'string' || !FIELD_ID.test(field) || !isCount(present) || !isCount(mapped) || mapped > present) continue;
        const c = this.#counts(row, field);
        if (c === undefined) continue;
        c.present += present;
        c.mapped += mapped;
      }
      taken++;
    }
    if (taken > 0) this.#dirty = true;
    return taken;
  }

  /** The report, optionally for one sender and / or message type; rows by sender then type. */
  rows(filter: { readonly sender?: string; readonly messageType?: string } = {}): CoverageRow[] {
    const out: CoverageRow[] = [];
    for (const r of this.#rows.values()) {
      if (filter.sender !== undefined && r.sender !== filter.sender) continue;
      if (filter.messageType !== undefined && r.messageType !== filter.messageType) continue;
      const fields = [...r.fields.entries()].sort(([a], [b]) => fieldOrder(a, b))
        .map(([field, c]) => ({ field, present: c.present, mapped: c.mapped, ignored: c.present - c.mapped }));
      const sum = (k: 'present' | 'mapped' | 'ignored'): number => fields.reduce((n, f) => n + f[k], 0);
      out.push({ sender: r.sender, messageType: r.messageType, messages: r.messages, fields, present: sum('present'), mapped: sum('mapped'), ignored: sum('ignored') });
    }
    return out.sort((a, b) => (a.sender === b.sender ? (a.messageType < b.messageType ? -1 : 1) : a.sender < b.sender ? -1 : 1));
  }
}
