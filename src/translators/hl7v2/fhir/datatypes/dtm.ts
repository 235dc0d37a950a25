/**
 * DTM / DT / TS → FHIR date / dateTime (precision and zone kept); re-exports the shared converter and
 * adds element-level helpers. https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-dtm-to-datetime.html
 */
import { parseHl7DateTime, parseHl7Time, type FhirDateTimeValue, type Hl7DatePrecision } from '../../datatypes/date-time.js';
import type { V2Element } from '../element.js';
import type { Mapped } from '../result.js';

export { parseHl7DateTime, parseHl7Time, type FhirDateTimeValue, type Hl7DatePrecision };

/** Zone options shared by the date helpers (`defaultZone` from the translate context). */
export interface ZoneOptions {
  readonly defaultZone?: string;
}

/** DTM text → FHIR dateTime string (undefined for empty input). */
export function dtmToDateTime(text: string | undefined, location: string, options: ZoneOptions = {}): Mapped<string> {
  if (text === undefined) return { value: undefined, issues: [] };
  const out = parseHl7DateTime(text, { location, ...(options.defaultZone !== undefined ? { defaultZone: options.defaultZone } : {}) });
  return { value: out.value?.value, issues: out.issues };
}

/** DT / DTM text → FHIR date (a time part is dropped). */
export function dtToDate(text: string | undefined, location: string): Mapped<string> {
  if (text === undefined) return { value: undefined, issues: [] };
  const out = parseHl7DateTime(text, { location });
  return { value: out.value?.value.slice(0, 10), issues: out.issues.filter((i) => i.severity !== 'warning') };
}

/** TS (component 1 = DTM) of an element → dateTime. */
export function tsToDateTime(el: V2Element, options: ZoneOptions = {}): Mapped<string> {
  return dtmToDateTime(el.get(1), el.location, options);
}
