/**
 * NM / SN / CQ → FHIR numbers and Quantities. NM: an optional sign, digits and a decimal point (v2.5.1
 * §2.A.47); SN: comparator ^ num1 ^ separator/suffix ^ num2 → Quantity (with comparator), Range (`-`) or
 * Ratio (`:` / `/`); CQ: quantity ^ units (CWE, UCUM when named so).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-nm-to-quantity.html ·
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-cq-to-quantity.html
 */
import type { Quantity, Range, Ratio } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { V2Element } from '../element.js';
import type { Mapped } from '../result.js';
import { codingSystemUri } from './coding-systems.js';

const NM = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** NM text → number (undefined for empty; an issue for a non-number). */
export function nmToNumber(text: string | undefined, location: string): Mapped<number> {
  if (text === undefined) return { value: undefined, issues: [] };
  const t = text.trim();
  if (!NM.test(t)) return { value: undefined, issues: [hl7Issue('error', '102', `'${text}' is not a number (NM)`, location)] };
  return { value: Number(t), issues: [] };
}

/** A CWE unit element → Quantity unit / system / code (UCUM system only when the sender names it). */
export function unitOf(el: V2Element): Pick<Quantity, 'unit' | 'system' | 'code'> {
  const code = el.get(1);
  const text = el.get(2) ?? code;
  const system = codingSystemUri(el.get(3));
  return {
    ...(text !== undefined ? { unit: text } : {}),
    ...(system !== undefined && code !== undefined ? { system, code } : {}),
  };
}

/** CQ element (quantity ^ units) → Quantity. */
export function cqToQuantity(el: V2Element): Mapped<Quantity> {
  const n = nmToNumber(el.get(1), `${el.location}.1`);
  if (n.value === undefined) return { value: undefined, issues: n.issues };
  return { value: { value: n.value, ...unitOf(el.child(2)) }, issues: n.issues };
}

/** SN element → Quantity (with comparator), Range or Ratio. */
export function snToValue(el: V2Element): Mapped<{ quantity: Quantity } | { range: Range } | { ratio: Ratio }> {
  const comparator = el.get(1);
  const a = nmToNumber(el.get(2), `${el.location}.2`);
  const sep = el.get(3);
  const b = nmToNumber(el.get(4), `${el.location}.4`);
  const issues = [...a.issues, ...b.issues];
  if (a.value === undefined && b.value === undefined) return { value: undefined, issues };
  if ((sep === '-' || sep === '+') && b.value !== undefined) {
    return { value: { range: { ...(a.value !== undefined ? { low: { value: a.value } } : {}), high: { value: b.value } } }, issues };
  }
  if ((sep === ':' || sep === '/') && a.value !== undefined && b.value !== undefined) {
    return { value: { ratio: { numerator: { value: a.value }, denominator: { value: b.value } } }, issues };
  }
  const comp = comparator === '<' || comparator === '<=' || comparator === '>=' || comparator === '>' ? comparator : undefined;
  if (comparator !== undefined && comp === undefined && comparator !== '=') {
    issues.push(hl7Issue('warning', '102', `SN comparator '${comparator}' is not one of <, <=, >, >=, =`, `${el.location}.1`));
  }
  return { value: { quantity: { value: a.value ?? b.value ?? 0, ...(comp !== undefined ? { comparator: comp } : {}) } }, issues };
}
