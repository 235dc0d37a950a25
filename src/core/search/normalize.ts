/**
 * Turning one FHIR element into index values, by search parameter type and the element's shape.
 * https://hl7.org/fhir/R4/search.html#ptypes (token, string, date, number, quantity, reference, uri)
 */
import { parseFhirDate } from '../fhir-date.js';
import { decimalRange } from './decimal-range.js';
import { parseReference } from './reference.js';
import { foldText } from './text-fold.js';
import type { IndexValue, QuantityIndexValue, SearchParamType, StringIndexValue, TokenIndexValue } from './types.js';
import { toCanonicalUcum, UCUM_SYSTEM } from './ucum.js';

/** ISO 4217 currencies, the code system of Money. */
export const CURRENCY_SYSTEM = 'urn:iso:std:iso:4217';
const MIN = Number.MIN_SAFE_INTEGER;
const MAX = Number.MAX_SAFE_INTEGER;

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}
function folded(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : foldText(s);
}

/** Appends the index values of `value` (one element) for a parameter of `type` to `out`. */
export function normalizeValue(paramType: SearchParamType, value: unknown, out: IndexValue[]): void {
  if (value === undefined || value === null) return;
  switch (paramType) {
    case 'token':
      return tokenValues(value, out);
    case 'string':
      return stringValues(value, out);
    case 'date':
      return dateValues(value, out);
    case 'number': {
      const r = typeof value === 'number' || typeof value === 'string' ? decimalRange(value) : undefined;
      if (r) out.push({ kind: 'number', ...r });
      return;
    }
    case 'quantity':
      return quantityValues(value, out);
    case 'reference':
      return referenceValues(value, out);
    case 'uri':
      if (typeof value === 'string' && value.length > 0) out.push({ kind: 'uri', value });
      return;
    case 'composite':
    case 'special':
      return;
    default:
      paramType satisfies never;
  }
}

function token(system: unknown, code: unknown, text: string | undefined): TokenIndexValue {
  return { kind: 'token', system: str(system), code: str(code), text };
}

function tokenValues(value: unknown, out: IndexValue[]): void {
  if (typeof value === 'string') {
    if (value.length > 0) out.push(token(undefined, value, undefined));
    return;
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    out.push(token(undefined, String(value), undefined));
    return;
  }
  if (!isObj(value)) return;
  if (Array.isArray(value.coding) || value.text !== undefined && value.code === undefined && value.value === undefined) {
    // CodeableConcept: one entry per coding, plus one for its text (for `:text`).
    for (const c of Array.isArray(value.coding) ? (value.coding as unknown[]) : []) if (isObj(c)) out.push(token(c.system, c.code, folded(c.display)));
    const text = folded(value.text);
    if (text !== undefined) out.push(token(undefined, undefined, text));
    return;
  }
  if (value.code !== undefined) {
    out.push(token(value.system, value.code, folded(value.display))); // Coding
    return;
  }
  if (value.value !== undefined) {
    // Identifier (with its type for `:of-type`) or ContactPoint.
    const type = isObj(value.type) && Array.isArray(value.type.coding) ? value.type.coding.find(isObj) : undefined;
    const base = token(value.system, typeof value.value === 'string' ? value.value : String(value.value), isObj(value.type) ? folded(value.type.text) : undefined);
    out.push(type ? { ...base, typeSystem: str(type.system), typeCode: str(type.code) } : base);
  }
}

function pushStrings(parts: readonly string[], out: IndexValue[]): void {
  const seen = new Set<string>();
  for (const exact of parts) {
    if (seen.has(exact)) continue;
    seen.add(exact);
    const v: StringIndexValue = { kind: 'string', norm: foldText(exact), exact };
    out.push(v);
  }
}

function stringValues(value: unknown, out: IndexValue[]): void {
  if (typeof value === 'string') {
    if (value.length > 0) out.push({ kind: 'string', norm: foldText(value), exact: value });
    return;
  }
  if (!isObj(value)) return;
  const given = strs(value.given);
  if (value.family !== undefined || given.length > 0 || value.prefix !== undefined || value.suffix !== undefined) {
    // HumanName: every part, and the whole name.
    const family = str(value.family);
    const ordered = [...strs(value.prefix), ...given, ...(family ? [family] : []), ...strs(value.suffix)];
    const text = str(value.text) ?? ordered.join(' ');
    return pushStrings([...ordered, ...(str(value.text) ? [text] : []), ...(ordered.length > 1 ? [ordered.join(' ')] : [])], out);
  }
  const lines = strs(value.line);
  const addressParts = [...lines, ...['city', 'district', 'state', 'postalCode', 'country'].flatMap((k) => (str(value[k]) ? [value[k] as string] : []))];
  if (addressParts.length > 0 || value.text !== undefined) {
    const text = str(value.text);
    return pushStrings([...addressParts, ...(text ? [text] : []), ...(addressParts.length > 1 ? [addressParts.join(' ')] : [])], out);
  }
}

function dateValues(value: unknown, out: IndexValue[]): void {
  if (typeof value === 'string') {
    const r = parseFhirDate(value, { allowMinutes: true });
    if (r) out.push({ kind: 'date', low: r.low, high: r.high });
    return;
  }
  if (!isObj(value)) return;
  if (value.start !== undefined || value.end !== undefined) {
    const start = typeof value.start === 'string' ? parseFhirDate(value.start, { allowMinutes: true }) : undefined;
    const end = typeof value.end === 'string' ? parseFhirDate(value.end, { allowMinutes: true }) : undefined;
    out.push({ kind: 'date', low: start?.low ?? MIN, high: end?.high ?? MAX });
    return;
  }
  for (const e of strs(value.event)) dateValues(e, out); // Timing
}

function quantity(q: Obj, system: unknown, code: unknown): QuantityIndexValue | undefined {
  const range = typeof q.value === 'number' || typeof q.value === 'string' ? decimalRange(q.value) : undefined;
  if (!range) return undefined;
  const sys = str(system);
  const c = str(code);
  const canonical = c !== undefined && (sys === UCUM_SYSTEM || sys === undefined) ? toCanonicalUcum(range.value, c) : undefined;
  return {
    kind: 'quantity',
    ...range,
    system: sys,
    code: c,
    unit: str(q.unit),
    canonicalValue: canonical?.value,
    canonicalCode: canonical?.code,
  };
}

function quantityValues(value: unknown, out: IndexValue[]): void {
  if (!isObj(value)) return;
  if (value.value !== undefined) {
    const q = value.currency !== undefined ? quantity(value, CURRENCY_SYSTEM, value.currency) : quantity(value, value.system, value.code);
    if (q) out.push(q);
    return;
  }
  if (isObj(value.low) || isObj(value.high)) {
    // Range: one value spanning low..high (open ends unbounded).
    const low = isObj(value.low) ? quantity(value.low, value.low.system, value.low.code) : undefined;
    const high = isObj(value.high) ? quantity(value.high, value.high.system, value.high.code) : undefined;
    const anchor = low ?? high;
    if (anchor) out.push({ ...anchor, low: low?.value ?? MIN, high: high?.value ?? MAX });
    return;
  }
  if (isObj(value.origin)) quantityValues(value.origin, out); // SampledData
}

function referenceValues(value: unknown, out: IndexValue[]): void {
  if (typeof value === 'string') {
    // canonical / uri used as a reference; a versioned canonical also matches its unversioned URL.
    const bar = value.indexOf('|');
    const url = bar >= 0 ? value.slice(0, bar) : value;
    const parsed = parseReference(url);
    const target = { targetType: parsed.targetType, targetId: parsed.targetId, identifierSystem: undefined, identifierValue: undefined };
    out.push({ kind: 'reference', ref: value, ...target });
    if (bar >= 0) out.push({ kind: 'reference', ref: url, ...target });
    return;
  }
  if (!isObj(value)) return;
  if (typeof value.resourceType === 'string' && typeof value.id === 'string') {
    out.push({ kind: 'reference', ref: `${value.resourceType}/${value.id}`, targetType: value.resourceType, targetId: value.id, identifierSystem: undefined, identifierValue: undefined });
    return;
  }
  const ref = str(value.reference);
  const ident = isObj(value.identifier) ? value.identifier : undefined;
  if (ref === undefined && ident === undefined) return;
  const parsed = ref === undefined ? undefined : parseReference(ref);
  out.push({
    kind: 'reference',
    ref: parsed?.ref,
    targetType: parsed?.targetType ?? (parsed ? undefined : str(value.type)),
    targetId: parsed?.targetId,
    identifierSystem: ident ? str(ident.system) : undefined,
    identifierValue: ident ? str(ident.value) : undefined,
  });
}
