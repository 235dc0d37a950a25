/**
 * Writes an ACK message (MSH, MSA, ERR…) from a header description; shared by `buildAck` (a parsed
 * original) and `buildNak` (no usable original).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9, §2.14.9 MSH, §2.15.8 MSA)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { fail } from '../../../core/outcomes.js';
import { formatMessage, formatSegment, type Delimiters, type Hl7Text } from '../parser/index.js';
import { V2_0357_TEXT, errorCodeOf } from './error-code.js';
import { HL70357, errSegments } from './err-segment.js';
import type { AckCode, BuiltAck } from './types.js';
import { versionAtLeast } from './version.js';

/** What the ACK's MSH and MSA carry, already swapped / chosen by the caller. */
export interface AckHeader {
  /** Completed with `ackDelimiters` before writing; `{ raw }` texts must already suit the result. */
  readonly delimiters: Delimiters;
  readonly sendingApplication: Hl7Text;
  readonly sendingFacility: Hl7Text;
  readonly receivingApplication: Hl7Text;
  readonly receivingFacility: Hl7Text;
  /** Original MSH-9.2. */
  readonly trigger: string | undefined;
  readonly processingId: Hl7Text;
  /** MSH-12 as written, and its first component for the version-dependent layout. */
  readonly version: Hl7Text;
  readonly versionId: string | undefined;
  readonly characterSet: Hl7Text;
  /** MSA-2: the original MSH-10. */
  readonly originalControlId: Hl7Text;
  /** Enhanced mode: the ACK asks for no acknowledgement of itself (MSH-15 / MSH-16 = NE). */
  readonly enhanced: boolean;
  readonly encoding: string;
}

/** What the caller injects. */
export interface WriteOptions {
  readonly clock: () => Date;
  readonly controlId: () => string;
  readonly utcOffsetMinutes?: number;
}

/**
 * The original's delimiters when all four are declared, else the missing ones filled from `^~\&`
 * (without reusing a character already taken), so the ACK can always escape its text.
 */
export function ackDelimiters(d: Delimiters): Delimiters {
  if (d.component !== '' && d.repetition !== '' && d.escape !== '' && d.subcomponent !== '') return d;
  const used = new Set([d.field, d.component, d.repetition, d.escape, d.subcomponent, d.truncation].filter((c) => c !== ''));
  const spare = [...'^~\\&#$%@!*'].filter((c) => !used.has(c));
  const pick = (c: string): string => (c !== '' ? c : (spare.shift() ?? ''));
  return { ...d, component: pick(d.component), repetition: pick(d.repetition), escape: pick(d.escape), subcomponent: pick(d.subcomponent) };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** HL7 DTM with seconds and zone, `YYYYMMDDHHMMSS±ZZZZ`, at `offsetMinutes` east of UTC. */
export function formatTimestamp(date: Date, offsetMinutes = 0): string {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) {
    throw fail('internal', `invalid UTC offset ${offsetMinutes} minutes`);
  }
  if (Number.isNaN(date.getTime())) throw fail('internal', 'the clock returned an invalid date');
  const t = new Date(date.getTime() + offsetMinutes * 60_000);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}${zone}`;
}

/** MSA-3 (ST, 80 chars): the first problem's text; withdrawn from v2.7, so omitted there. */
function textMessage(issues: readonly OperationOutcomeIssue[], versionId: string | undefined): string | undefined {
  const first = issues.find((i) => i.severity === 'fatal' || i.severity === 'error') ?? issues[0];
  if (first === undefined || versionAtLeast(versionId, '2.7')) return undefined;
  const text = first.diagnostics ?? V2_0357_TEXT[errorCodeOf(first)];
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Writes the ACK. */
export function writeAck(h: AckHeader, code: AckCode, issues: readonly OperationOutcomeIssue[], options: WriteOptions): BuiltAck {
  const d = ackDelimiters(h.delimiters);
  const controlId = options.controlId();
  const structure = versionAtLeast(h.versionId, '2.3.1') ? 'ACK' : undefined; // MSH-9.3 exists from v2.3.1
  const msh = formatSegment('MSH', [
    undefined, undefined,
    h.sendingApplication, h.sendingFacility, h.receivingApplication, h.receivingFacility,
    formatTimestamp(options.clock(), options.utcOffsetMinutes),
    undefined,
    ['ACK', h.trigger, structure],
    controlId,
    h.processingId,
    h.version,
    undefined, undefined,
    h.enhanced ? 'NE' : undefined,
    h.enhanced ? 'NE' : undefined,
    undefined,
    h.characterSet,
  ], d);
  // MSA-6 (error condition) is the only coded error field before ERR-3 existed (v2.5).
  const first = issues[0];
  const condition = first !== undefined && !versionAtLeast(h.versionId, '2.5') ? errorCodeOf(first) : undefined;
  const msa = formatSegment('MSA', [
    code,
    h.originalControlId,
    textMessage(issues, h.versionId),
    undefined,
    undefined,
    condition === undefined ? undefined : [condition, V2_0357_TEXT[condition], HL70357],
  ], d);
  const errs = errSegments(issues, h.versionId).map((s) => formatSegment(s.name, s.fields, d));
  return { text: formatMessage([msh, msa, ...errs]), code, controlId, encoding: h.encoding };
}
