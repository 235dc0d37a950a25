/**
 * Writing new ER7 segments (ACKs, outbound messages): values are escaped with the message's own
 * delimiters, trailing empty fields / repetitions / components / subcomponents are dropped, and the
 * header segments (MSH, FHS, BHS) get MSH-1 / MSH-2 from the delimiters.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.5–2.7)
 */
import type { Delimiters } from './types.js';
import { encodeEscapes } from './escape.js';

/**
 * One element's text: a string is escaped on write, `null` writes the HL7 explicit null `""`,
 * `undefined` leaves it empty, `{ raw }` is written verbatim (text already escaped with the same
 * delimiters, e.g. a field copied from a parsed message with `rawField`).
 */
export type Hl7Text = string | null | undefined | { readonly raw: string };
/** A component: one text, or its subcomponents. */
export type Hl7ComponentInput = Hl7Text | readonly Hl7Text[];
/** One repetition: one text, or its components. */
export type Hl7RepetitionInput = Hl7Text | readonly Hl7ComponentInput[];
/** A field: one repetition, or several. */
export type Hl7FieldInput = Hl7RepetitionInput | { readonly repetitions: readonly Hl7RepetitionInput[] };

const HEADERS = new Set(['MSH', 'FHS', 'BHS']);

/** MSH-2 for `d`: component, repetition, escape, subcomponent (and the v2.7 truncation char). */
export function encodingCharacters(d: Delimiters): string {
  return d.component + d.repetition + d.escape + d.subcomponent + d.truncation;
}

function text(t: Hl7Text, d: Delimiters): string {
  if (t === undefined) return '';
  if (t === null) return '""';
  if (typeof t === 'string') return encodeEscapes(t, d);
  return t.raw;
}

/** Joins parts with `sep`, dropping trailing empty parts. */
function join(parts: readonly string[], sep: string): string {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  return parts.slice(0, end).join(sep);
}

function isText(v: unknown): v is Hl7Text {
  return v === undefined || v === null || typeof v === 'string' || (typeof v === 'object' && 'raw' in v);
}

function component(c: Hl7ComponentInput, d: Delimiters): string {
  return isText(c) ? text(c, d) : join(c.map((s) => text(s, d)), d.subcomponent);
}

function repetition(r: Hl7RepetitionInput, d: Delimiters): string {
  return isText(r) ? text(r, d) : join(r.map((c) => component(c, d)), d.component);
}

/** Formats one field value (all its repetitions). */
export function formatField(f: Hl7FieldInput, d: Delimiters): string {
  if (f !== null && f !== undefined && typeof f === 'object' && 'repetitions' in f) {
    return join(f.repetitions.map((r) => repetition(r, d)), d.repetition);
  }
  return repetition(f, d);
}

/**
 * Formats a segment; `fields[i]` is field `i + 1`. For MSH / FHS / BHS, fields 1 and 2 are always
 * written from `d` (whatever is passed there), so `fields[2]` is MSH-3.
 */
export function formatSegment(name: string, fields: readonly Hl7FieldInput[], d: Delimiters): string {
  const values = fields.map((f) => formatField(f, d));
  if (HEADERS.has(name)) {
    values[0] = '';
    values[1] = encodingCharacters(d);
    // `MSH` + `|` + MSH-2 + `|` + MSH-3 ...: MSH-1 is the separator itself, not a field between two.
    return name + d.field + join(values.slice(1), d.field);
  }
  return join([name, ...values], d.field);
}

/** Joins formatted segments into a message, each terminated by CR (the ER7 segment terminator). */
export function formatMessage(segments: readonly string[]): string {
  return segments.map((s) => `${s}\r`).join('');
}
