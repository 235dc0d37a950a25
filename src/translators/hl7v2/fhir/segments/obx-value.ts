/**
 * OBX-5 (observation value, typed by OBX-2) → Observation.value[x] (or an Attachment for ED / RP).
 * NM → valueQuantity (+ OBX-6 units), SN → Quantity / Range / Ratio / string, ST TX FT → valueString,
 * CE CWE CNE CF IS → valueCodeableConcept, DT DTM TS → valueDateTime, TM → valueTime, DR → valuePeriod,
 * NR → valueRange, NA → valueSampledData, ED / RP → Attachment.
 * V2-to-FHIR IG: OBX[Observation], SN[Quantity|Range|Ratio], ED[Attachment], RP[Attachment], NA[SampledData]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-obx-to-observation.html
 */
import type { Attachment, Observation, OperationOutcomeIssue, Quantity, Range, Ratio } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import { parseHl7DateTime, parseHl7Time } from '../../datatypes/date-time.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { mapUnit, type QuantityUnit } from './obx-units.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { fieldElement } from '../element.js';

/** The value part of an Observation (or component) plus an Attachment for ED / RP values. */
export interface ObxValue {
  readonly value: Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueString' | 'valueDateTime' | 'valueTime' | 'valuePeriod' | 'valueRange' | 'valueRatio' | 'valueSampledData'>;
  readonly attachment?: Attachment;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/** The context's default zone as date-time options. */
function zoneOf(ctx: Hl7v2TranslateContext): { defaultZone?: string } {
  return ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
}

/** A FHIR decimal from NM text, or undefined when not a number. */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Attachment.contentType from an ED / RP type of data (`AP`, `IM`, `TEXT`…) and subtype (`PDF`, `image/png`…). */
export function mimeType(type: string | undefined, subtype: string | undefined): string | undefined {
  if (subtype !== undefined && /^[\w.+-]+\/[\w.+-]+$/.test(subtype)) return subtype.toLowerCase();
  const major: Record<string, string> = { AP: 'application', APPLICATION: 'application', IM: 'image', IMAGE: 'image', TEXT: 'text', TX: 'text', AU: 'audio', AUDIO: 'audio', VIDEO: 'video', MULTIPART: 'multipart' };
  const m = type === undefined ? undefined : major[type.toUpperCase()];
  if (subtype !== undefined && /^[\w.+-]+$/.test(subtype)) return `${m ?? 'application'}/${subtype.toLowerCase()}`;
  return m === 'text' ? 'text/plain' : undefined;
}

/** ED (`source^type^subtype^encoding^data`) at `path` → Attachment with base64 data. */
export function edToAttachment(seg: Hl7Segment, path: string, location: string): { value: Attachment | undefined; issues: OperationOutcomeIssue[] } {
  const c = (n: number): string | undefined => seg.get(`${path}.${n}`) ?? undefined;
  const data = c(5);
  const encoding = c(4)?.toUpperCase();
  const contentType = mimeType(c(2), c(3));
  const out: Attachment = contentType === undefined ? {} : { contentType };
  if (data === undefined) return { value: contentType === undefined ? undefined : out, issues: [] };
  if (encoding === 'BASE64') {
    const clean = data.replace(/\s+/g, '');
    // Bad data loses the embedded document, not the message: the attachment keeps its type, flagged.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return { value: { ...out, title: 'embedded data not valid Base64 (dropped)' }, issues: [hl7Issue('warning', '102', 'ED data is not valid Base64; the data is dropped', location)] };
    out.data = clean;
  } else if (encoding === 'HEX') {
    if (!/^(?:[0-9A-Fa-f]{2})*$/.test(data)) return { value: { ...out, title: 'embedded data not valid hex (dropped)' }, issues: [hl7Issue('warning', '102', 'ED data is not valid hex; the data is dropped', location)] };
    out.data = Buffer.from(data, 'hex').toString('base64');
  } else {
    out.data = Buffer.from(data, 'utf8').toString('base64'); // `A` (ASCII) or unspecified
  }
  return { value: out, issues: [] };
}

/** RP (`pointer^application^type^subtype`) at `path` → Attachment with a url. */
export function rpToAttachment(seg: Hl7Segment, path: string): Attachment | undefined {
  const url = seg.get(`${path}.1`) ?? undefined;
  const contentType = mimeType(seg.get(`${path}.3`) ?? undefined, seg.get(`${path}.4`) ?? undefined);
  if (url === undefined && contentType === undefined) return undefined;
  return { ...(url === undefined ? {} : { url }), ...(contentType === undefined ? {} : { contentType }) };
}

function quantity(value: number, unit: QuantityUnit, comparator?: string): Quantity {
  const q: Quantity = { value, ...unit };
  if (comparator !== undefined && COMPARATORS.has(comparator)) q.comparator = comparator as Quantity['comparator'];
  return q;
}

/** SN (`comparator^num1^separator^num2`) → Quantity, Range, Ratio or string per the IG's conditions. */
function mapSn(seg: Hl7Segment, path: string, unit: QuantityUnit, location: string): { value: ObxValue['value']; issues: OperationOutcomeIssue[] } {
  const c = (n: number): string | undefined => seg.get(`${path}.${n}`) ?? undefined;
  const comparator = c(1);
  const sep = c(3);
  const n1 = parseDecimal(c(2));
  const n2 = parseDecimal(c(4));
  const original = [comparator, c(2), sep, c(4)].filter((p) => p !== undefined).join(' ');
  const asString = { value: { valueString: original }, issues: [] };
  if (c(2) !== undefined && n1 === undefined) return { value: { valueString: original }, issues: [hl7Issue('warning', '102', `SN value '${original}' is not numeric; kept as text`, location)] };
  if (comparator === '<>' || sep === '+') return asString;
  if (sep === ':' || sep === '/') {
    if (n1 === undefined || n2 === undefined) return asString;
    const ratio: Ratio = { numerator: quantity(n1, {}, comparator), denominator: { value: n2 } };
    return { value: { valueRatio: ratio }, issues: [] };
  }
  if (sep === '-') {
    const range: Range = {};
    if (n1 !== undefined) range.low = { value: n1, ...unit };
    if (n2 !== undefined) range.high = { value: n2, ...unit };
    return { value: { valueRange: range }, issues: [] };
  }
  if (n1 === undefined) return asString;
  return { value: { valueQuantity: quantity(n1, unit, comparator) }, issues: [] };
}

/** Maps repetition `rep` of OBX-5 by the value type `type` (OBX-2). */
export function mapObxValue(
  seg: Hl7Segment,
  ctx: Hl7v2TranslateContext,
  type: string,
  rep: number,
  location: string,
): { value: ObxValue | undefined; issues: OperationOutcomeIssue[] } {
  const path = `5[${rep}]`;
  const first = seg.get(`${path}.1`) ?? undefined;
  const done = (value: ObxValue['value'], issues: OperationOutcomeIssue[] = []) => ({ value: { value }, issues });
  switch (type) {
    case 'NM': {
      const n = parseDecimal(first);
      if (first === undefined) return { value: undefined, issues: [] };
      if (n === undefined) return { value: undefined, issues: [hl7Issue('error', '102', `OBX-5 '${first}' is not a number (OBX-2 is NM)`, location)] };
      return done({ valueQuantity: quantity(n, mapUnit(seg, ctx)) });
    }
    case 'SN': {
      const r = mapSn(seg, path, mapUnit(seg, ctx), location);
      return { value: { value: r.value }, issues: r.issues };
    }
    case 'ST': case 'TX': case 'FT': {
      const text = seg.text(path) ?? undefined;
      return text === undefined ? { value: undefined, issues: [] } : done({ valueString: text });
    }
    case 'CE': case 'CWE': case 'CNE': case 'CF': case 'IS': case 'ID': {
      const r = cweToCodeableConcept(fieldElement(seg, 5, rep), ctx);
      return r.value === undefined ? { value: undefined, issues: r.issues } : { value: { value: { valueCodeableConcept: r.value } }, issues: r.issues };
    }
    case 'DT': case 'DTM': case 'TS': {
      if (first === undefined) return { value: undefined, issues: [] };
      const dt = parseHl7DateTime(first, { location, ...zoneOf(ctx) });
      return dt.value === undefined ? { value: undefined, issues: dt.issues } : done({ valueDateTime: dt.value.value }, dt.issues);
    }
    case 'TM': {
      if (first === undefined) return { value: undefined, issues: [] };
      const tm = parseHl7Time(first, { location });
      return tm.value === undefined ? { value: undefined, issues: tm.issues } : done({ valueTime: tm.value }, tm.issues);
    }
    case 'DR': {
      const start = seg.get(`${path}.1`) ?? undefined;
      const end = seg.get(`${path}.2`) ?? undefined;
      const issues: OperationOutcomeIssue[] = [];
      const period: { start?: string; end?: string } = {};
      for (const [k, v] of [['start', start], ['end', end]] as const) {
        if (v === undefined) continue;
        const dt = parseHl7DateTime(v, { location, ...zoneOf(ctx) });
        issues.push(...dt.issues);
        if (dt.value !== undefined) period[k] = dt.value.value;
      }
      return Object.keys(period).length === 0 ? { value: undefined, issues } : done({ valuePeriod: period }, issues);
    }
    case 'NR': {
      const low = parseDecimal(seg.get(`${path}.1`) ?? undefined);
      const high = parseDecimal(seg.get(`${path}.2`) ?? undefined);
      const unit = mapUnit(seg, ctx);
      const range: Range = {};
      if (low !== undefined) range.low = { value: low, ...unit };
      if (high !== undefined) range.high = { value: high, ...unit };
      return low === undefined && high === undefined ? { value: undefined, issues: [] } : done({ valueRange: range });
    }
    case 'NA': {
      const nums: string[] = [];
      for (let i = 1; ; i++) {
        const v = seg.get(`${path}.${i}`);
        if (v === undefined && seg.rawAt(`${path}.${i}`) === undefined) break;
        const n = parseDecimal(v ?? undefined);
        nums.push(n === undefined ? 'E' : String(n));
        if (i > 10_000) break;
      }
      if (nums.length === 0) return { value: undefined, issues: [] };
      const unit = mapUnit(seg, ctx);
      return done({ valueSampledData: { origin: { value: 0, ...unit }, period: 0, dimensions: 1, data: nums.join(' ') } });
    }
    case 'ED': {
      const r = edToAttachment(seg, path, location);
      return r.value === undefined ? { value: undefined, issues: r.issues } : { value: { value: {}, attachment: r.value }, issues: r.issues };
    }
    case 'RP': {
      const a = rpToAttachment(seg, path);
      return a === undefined ? { value: undefined, issues: [] } : { value: { value: {}, attachment: a }, issues: [] };
    }
    default: {
      // No IG mapping (XAD, XPN, CP, …): keep the components as text rather than lose the value.
      const joined = componentsText(seg, path);
      if (joined === undefined) return { value: undefined, issues: [] };
      return done({ valueString: joined }, [hl7Issue('warning', '102', `OBX-2 value type '${type}' has no FHIR mapping; OBX-5 kept as text`, location)]);
    }
  }
}

/** The non-empty components of the element at `path`, decoded and joined by spaces. */
function componentsText(seg: Hl7Segment, path: string): string | undefined {
  const parts: string[] = [];
  for (let i = 1; i <= 50; i++) {
    if (seg.rawAt(`${path}.${i}`) === undefined) break;
    const v = seg.get(`${path}.${i}`);
    if (typeof v === 'string') parts.push(v);
  }
  return parts.length === 0 ? undefined : parts.join(' ');
}
