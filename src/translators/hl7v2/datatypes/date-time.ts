/**
 * HL7 DTM / DT / TS.1 → FHIR date / dateTime, keeping the sender's precision and time zone:
 * `2024` stays `2024`, `202401151230-0500` becomes `2024-01-15T12:30:00-05:00`.
 * FHIR dateTime needs seconds once a time is present, so hour / minute precision is padded with
 * zeros and the real precision is returned beside the value.
 * A time without zone cannot be a FHIR dateTime ("if hours and minutes are specified, a time zone
 * SHALL be populated"): we use `defaultZone` (the sender's configured zone) when given, else we keep
 * only the date and add a warning, rather than guess a zone.
 * https://hl7-definition.caristix.com/v2/HL7v2.8/DataTypes/DTM · https://hl7.org/fhir/R4/datatypes.html#dateTime
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { hl7Issue } from '../parser/issues.js';

/** How much of the date/time the sender gave. */
export type Hl7DatePrecision = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

/** A converted date/time. */
export interface FhirDateTimeValue {
  /** FHIR `date` (year / month / day precision, or time dropped) or `dateTime`. */
  readonly value: string;
  /** Precision of the HL7 input (before padding or truncation). */
  readonly precision: Hl7DatePrecision;
}

/** Options: where the value came from (issue location) and the zone to assume when none is given. */
export interface DateTimeOptions {
  /** Issue location, e.g. `PID-7`. */
  readonly location?: string;
  /** `Z` or `±HH:MM` applied to a time without zone. */
  readonly defaultZone?: string;
}

const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;
const ZONE_OPTION = /^(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `+HHMM` → `+HH:MM`, or undefined when out of range. */
function zone(z: string): string | undefined {
  const h = Number(z.slice(1, 3));
  const m = Number(z.slice(3, 5));
  if (h > 14 || m > 59) return undefined;
  return `${z.slice(0, 3)}:${z.slice(3, 5)}`;
}

/** Converts an HL7 DTM (also DT and the first component of TS) to a FHIR date / dateTime. */
export function parseHl7DateTime(
  text: string,
  options: DateTimeOptions = {},
): { value: FhirDateTimeValue | undefined; issues: OperationOutcomeIssue[] } {
  const where = options.location ?? 'DTM';
  const bad = (why: string) => ({ value: undefined, issues: [hl7Issue('error', '102', `'${text}' is not a valid date/time: ${why}`, where)] });
  const m = DTM.exec(text.trim());
  if (m === null) return bad('expected YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]');
  const [, y = '', mo, d, h, mi, s, frac, z] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return bad('month out of range');
  if (mo !== undefined && d !== undefined && (Number(d) < 1 || Number(d) > daysInMonth(Number(y), Number(mo)))) {
    return bad('day out of range');
  }
  if (h !== undefined && Number(h) > 23) return bad('hour out of range');
  if (mi !== undefined && Number(mi) > 59) return bad('minute out of range');
  if (s !== undefined && Number(s) > 59) return bad('second out of range');
  const tz = z === undefined ? undefined : zone(z);
  if (z !== undefined && tz === undefined) return bad('time zone out of range');

  const date = [y, mo, d].filter((p) => p !== undefined).join('-');
  if (h === undefined) {
    const precision = d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year';
    return { value: { value: date, precision }, issues: [] };
  }
  const precision: Hl7DatePrecision = frac !== undefined ? 'fraction' : s !== undefined ? 'second' : mi !== undefined ? 'minute' : 'hour';
  const effectiveZone = tz ?? options.defaultZone;
  if (effectiveZone === undefined || !ZONE_OPTION.test(effectiveZone)) {
    return {
      value: { value: date, precision },
      issues: [hl7Issue('warning', '102', `'${text}' has a time but no time zone; only the date is kept`, where)],
    };
  }
  const time = `${h}:${mi ?? '00'}:${s ?? '00'}${frac === undefined ? '' : `.${frac}`}`;
  return { value: { value: `${date}T${time}${effectiveZone}`, precision }, issues: [] };
}

/** Converts an HL7 TM (`HH[MM[SS[.S…]]][+/-ZZZZ]`) to a FHIR time (`HH:MM:SS`); the zone is dropped. */
export function parseHl7Time(text: string, options: DateTimeOptions = {}): { value: string | undefined; issues: OperationOutcomeIssue[] } {
  const where = options.location ?? 'TM';
  const m = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?([+-]\d{4})?$/.exec(text.trim());
  if (m === null || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59 || Number(m[3] ?? 0) > 59) {
    return { value: undefined, issues: [hl7Issue('error', '102', `'${text}' is not a valid time`, where)] };
  }
  const [, h, mi, s, frac, z] = m;
  const issues = z === undefined ? [] : [hl7Issue('information', '102', `time zone of '${text}' dropped (FHIR time has none)`, where)];
  return { value: `${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${frac === undefined ? '' : `.${frac}`}`, issues };
}
