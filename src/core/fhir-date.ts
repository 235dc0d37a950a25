/**
 * FHIR date / dateTime / instant strings as the instant range they cover, honouring precision:
 * `2024` covers the whole year, `2024-03-01T10:00:00Z` one second. Values without a timezone are
 * taken as UTC. https://hl7.org/fhir/R4/datatypes.html#dateTime and
 * https://hl7.org/fhir/R4/search.html#date
 */

/** How much of the value was given. */
export type DatePrecision = 'year' | 'month' | 'day' | 'minute' | 'second' | 'millisecond';

/** Inclusive epoch-millisecond range of a FHIR date value. */
export interface FhirDateRange {
  readonly low: number;
  readonly high: number;
  readonly precision: DatePrecision;
}

// year, month, day, hour, minute, second, fraction, zone
const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Options for {@link parseFhirDate}. */
export interface ParseFhirDateOptions {
  /** Accept `YYYY-MM-DDThh:mm` without seconds (search URLs do; stored dateTimes must not). */
  readonly allowMinutes?: boolean;
}

/**
 * Parses a FHIR date, dateTime or instant into its covered range; `undefined` when it is not one
 * (bad shape, month 13, February 30, hour 24, ...).
 */
export function parseFhirDate(text: string, options: ParseFhirDateOptions = {}): FhirDateRange | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > daysInMonth(year, month ?? 1))) return undefined;
  if (month === undefined) return utcRange(Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1), 'year');
  if (day === undefined) return utcRange(Date.UTC(year, month - 1, 1), Date.UTC(year, month, 1), 'month');
  if (h === undefined) return utcRange(Date.UTC(year, month - 1, day), Date.UTC(year, month - 1, day + 1), 'day');

  const hour = Number(h);
  const minute = Number(mi);
  if (hour > 23 || minute > 59) return undefined;
  if (s === undefined && !options.allowMinutes) return undefined;
  const second = s === undefined ? 0 : Number(s);
  if (second > 59) return undefined;
  const offset = zoneOffsetMs(zone);
  if (offset === null) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second) - offset;
  if (s === undefined) return utcRange(base, base + 60_000, 'minute');
  if (frac === undefined) return utcRange(base, base + 1000, 'second');
  // Fractions beyond milliseconds are truncated; shorter ones cover their whole span (`.5` = 500-599 ms).
  const digits = Math.min(frac.length, 3);
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const span = 10 ** (3 - digits);
  return utcRange(base + ms, base + ms + span, 'millisecond');
}

/** `Z` / `+hh:mm` / `-hh:mm` → offset in ms (0 when absent); null when out of range. */
function zoneOffsetMs(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hh = Number(zone.slice(1, 3));
  const mm = Number(zone.slice(4, 6));
  if (hh > 14 || mm > 59) return null;
  return sign * (hh * 60 + mm) * 60_000;
}

function utcRange(low: number, endExclusive: number, precision: DatePrecision): FhirDateRange {
  return { low, high: endExclusive - 1, precision };
}

/** True when `text` is a valid FHIR date / dateTime / instant. */
export function isFhirDate(text: string): boolean {
  return parseFhirDate(text) !== undefined;
}
