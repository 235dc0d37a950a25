/**
 * The HL7 v2 coverage report: per sender and message type, how many messages arrived and, per field
 * (`PID-5`), in how many it was present, mapped (read by the translator) and ignored (present, never
 * read). In memory, bounded; field ids and counts only, never values (no patient data).
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

/** Aggregates the coverage of translated messages. */
export class Hl7v2CoverageReport {
  readonly #rows = new Map<string, Row & { sender: string; messageType: string }>();

  constructor(private readonly limits: CoverageLimits = DEFAULT_LIMITS) {}

  /** Counts one translated message of `messageType` (e.g. `ADT^A01`) from `sender`. */
  record(sender: string, messageType: string, coverage: MessageFieldCoverage): void {
    const key = `${sender}\u0000${messageType}`;
    let row = this.#rows.get(key);
    if (row === undefined) {
      if (this.#rows.size >= this.limits.maxRows) return;
      row = { sender, messageType, messages: 0, fields: new Map() };
      this.#rows.set(key, row);
    }
    row.messages++;
    for (const field of coverage.present) {
      let c = row.fields.get(field);
      if (c === undefined) {
        if (row.fields.size >= this.limits.maxFieldsPerRow) continue;
        c = { present: 0, mapped: 0 };
        row.fields.set(field, c);
      }
      c.present++;
      if (coverage.read.has(field)) c.mapped++;
    }
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
