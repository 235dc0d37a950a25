/**
 * SNIP level 2 element checks driven by the loop spec: required elements (IK403 1), the TR3 code
 * lists we encode for key qualifiers (7), decimal (type R) amounts (6) and CCYYMMDD dates (8),
 * plus the date formats of DTP (D8 / RD8) and DTM. https://x12.org (005010X231A1 IK403 codes)
 */
import type { X12Delimiters } from '../tokenizer/index.js';
import type { X12SegmentNode } from '../transactions/index.js';
import { elementFinding, type X12Report, type X12ValidationRule } from './rule.js';

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

const knownDates = new Map<string, boolean>();

/** A CCYYMMDD calendar date (answers cached: files repeat the same few dates). */
export function validDate(v: string): boolean {
  let ok = knownDates.get(v);
  if (ok === undefined) {
    ok = checkDate(v);
    if (knownDates.size > 10_000) knownDates.clear();
    knownDates.set(v, ok);
  }
  return ok;
}

function checkDate(v: string): boolean {
  const m = /^(\d{4})(\d\d)(\d\d)$/.exec(v);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

/** A DTP date in its format (D8, RD8; other formats are not checked). */
function validPeriod(format: string, v: string): boolean {
  if (format === 'D8') return validDate(v);
  if (format === 'RD8') {
    const [a = '', b = '', ...rest] = v.split('-');
    return rest.length === 0 && validDate(a) && validDate(b) && a <= b;
  }
  return true;
}

/** Component `c` (0 = the first) of the first repetition of an element's text. */
function componentOf(text: string, d: X12Delimiters, c: number): string {
  const rep = d.repetition === '' ? text : text.split(d.repetition, 1)[0] ?? '';
  if (d.component === '' || !rep.includes(d.component)) return c <= 1 ? rep : '';
  return rep.split(d.component)[Math.max(0, c - 1)] ?? '';
}

/** `CLM05`. */
function name(id: string, n: number): string {
  return `${id}${String(n).padStart(2, '0')}`;
}

function checkNode(node: X12SegmentNode, report: X12Report): void {
  const spec = node.spec;
  const seg = node.segment;
  if (spec !== undefined) {
    for (const n of spec.required) {
      if ((seg.element(n) ?? '') === '') report(elementFinding(node, n, '1', 'required-element', `${name(seg.id, n)} is required`));
    }
    for (const c of spec.codes) {
      const v = componentOf(seg.element(c.element) ?? '', seg.delimiters, c.component);
      if (v !== '' && !c.values.has(v)) {
        report(elementFinding(node, c.element, '7', 'code-value', `${name(seg.id, c.element)}${c.component === 0 ? '' : `-${c.component}`} '${v}' is not a valid code here`,
          c.component === 0 ? undefined : c.component));
      }
    }
    for (const n of spec.decimals) {
      const v = seg.element(n) ?? '';
      if (v !== '' && !DECIMAL.test(v)) report(elementFinding(node, n, '6', 'decimal', `${name(seg.id, n)} '${v}' is not a decimal number`));
    }
    for (const n of spec.dates) {
      const v = seg.element(n) ?? '';
      if (v !== '' && !validDate(v)) report(elementFinding(node, n, '8', 'date', `${name(seg.id, n)} '${v}' is not a CCYYMMDD date`));
    }
  }
  if (seg.id === 'DTP' || seg.id === 'DMG') {
    const [fmt, value] = seg.id === 'DTP' ? [2, 3] : [1, 2];
    const v = seg.element(value) ?? '';
    if (v !== '' && !validPeriod(seg.element(fmt) ?? '', v)) report(elementFinding(node, value, '8', 'date', `${name(seg.id, value)} '${v}' is not a ${seg.element(fmt) ?? ''} date`));
  } else if (seg.id === 'DTM') {
    const v = seg.element(2) ?? '';
    if (v !== '' && !validDate(v)) report(elementFinding(node, 2, '8', 'date', `DTM02 '${v}' is not a CCYYMMDD date`));
  }
}

/** The SNIP 2 element rule (stateless). */
export const snip2ElementRule: X12ValidationRule = {
  name: 'snip2-elements',
  level: 2,
  start: () => ({ onSegment: checkNode }),
};

/** SNIP 2: HL01 unique and HL02 pointing at an earlier HL (the hierarchy the loops are built on). */
export const snip2HierarchyRule: X12ValidationRule = {
  name: 'snip2-hl-hierarchy',
  level: 2,
  start: () => {
    const seen = new Set<string>();
    return {
      onSegment(node, report) {
        if (node.segment.id !== 'HL') return;
        const id = node.segment.element(1) ?? '';
        const parent = node.segment.element(2) ?? '';
        if (id !== '' && seen.has(id)) report(elementFinding(node, 1, 'I12', 'hl-duplicate', `HL01 '${id}' is used twice in the transaction set`));
        if (parent !== '' && !seen.has(parent)) report(elementFinding(node, 2, 'I12', 'hl-parent', `HL02 '${parent}' is not an earlier HL01`));
        seen.add(id);
      },
    };
  },
};
