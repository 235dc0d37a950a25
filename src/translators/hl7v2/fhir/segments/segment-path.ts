/**
 * Issue locations for segment fields in the usual v2 notation (`OBX[3]-5.1`), for ERR-2 and lineage.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (ERL data type)
 */
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { Mapped } from '../result.js';
import { dtmToDateTime } from '../datatypes/dtm.js';

/** `SEG[n]-field[.component]` for `seg` (the occurrence is left out for the first one). */
export function segmentPath(seg: Hl7Segment, field: number, component?: number): string {
  const occurrence = seg.occurrence > 1 ? `[${seg.occurrence}]` : '';
  return `${seg.name}${occurrence}-${field}${component === undefined ? '' : `.${component}`}`;
}

/** The DTM at `field` (component `component`, default 1) of `seg` as a FHIR dateTime, with the context's default zone. */
export function dateTimeAt(seg: Hl7Segment, field: number, ctx: Hl7v2TranslateContext, component = 1): Mapped<string> {
  const text = seg.get(`${field}.${component}`) ?? undefined;
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  return dtmToDateTime(text, segmentPath(seg, field), zone);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** True when a FHIR dateTime is also a valid FHIR instant (seconds and zone present). */
export function isInstant(value: string): boolean {
  return INSTANT.test(value);
}
