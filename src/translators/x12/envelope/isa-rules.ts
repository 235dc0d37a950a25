/**
 * SNIP level 1 checks of the ISA itself: 16 elements, 106 bytes, the fixed width of each element and
 * the values the TA1 has a note code for. Separators are checked by the tokenizer (it must read them).
 * https://x12.org/resources/x12-basics ; HIPAA 5010 TR3 Appendix C (ISA)
 */
import { formatLocation, type Ta1NoteCode, type X12Issue } from '../issues.js';
import { ISA_LENGTH, type X12Segment } from '../tokenizer/index.js';

/** HIPAA interchange id qualifiers (ISA05 / ISA07). */
const ID_QUALIFIERS = new Set(['01', '14', '20', '27', '28', '29', '30', '33', 'ZZ']);

interface IsaRule {
  readonly width: number;
  readonly ta1: Ta1NoteCode;
  /** Returns a problem description, or undefined when the value is fine. */
  readonly value?: (v: string) => string | undefined;
}

const oneOf = (allowed: readonly string[]) => (v: string): string | undefined =>
  allowed.includes(v) ? undefined : `'${v}' is not one of ${allowed.join(', ')}`;
const notBlank = (v: string): string | undefined => (v.trim() === '' ? 'it is blank' : undefined);

/** Widths and value rules per element (ISA11 / ISA16 are the separators: checked by the tokenizer). */
const RULES: Readonly<Record<number, IsaRule>> = {
  1: { width: 2, ta1: '010', value: oneOf(['00', '03']) },
  2: { width: 10, ta1: '011' },
  3: { width: 2, ta1: '012', value: oneOf(['00', '01']) },
  4: { width: 10, ta1: '013' },
  5: { width: 2, ta1: '005', value: (v) => (ID_QUALIFIERS.has(v) ? undefined : `'${v}' is not an interchange id qualifier`) },
  6: { width: 15, ta1: '006', value: notBlank },
  7: { width: 2, ta1: '007', value: (v) => (ID_QUALIFIERS.has(v) ? undefined : `'${v}' is not an interchange id qualifier`) },
  8: { width: 15, ta1: '008', value: notBlank },
  9: { width: 6, ta1: '014', value: (v) => (validDate(v) ? undefined : `'${v}' is not a YYMMDD date`) },
  10: { width: 4, ta1: '015', value: (v) => (/^([01]\d|2[0-3])[0-5]\d$/.test(v) ? undefined : `'${v}' is not an HHMM time`) },
  12: { width: 5, ta1: '017', value: oneOf(['00501']) },
  13: { width: 9, ta1: '018', value: (v) => (/^\d{9}$/.test(v) ? undefined : `'${v}' is not 9 digits`) },
  14: { width: 1, ta1: '019', value: oneOf(['0', '1']) },
  15: { width: 1, ta1: '020', value: oneOf(['I', 'P', 'T']) },
};

function validDate(v: string): boolean {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(v);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = new Date(Date.UTC(2000 + Number(m[1]), month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** The ISA findings (length first: a TA1 reports the first one). */
export function checkIsa(isa: X12Segment): X12Issue[] {
  const issues: X12Issue[] = [];
  const at = (element: number | undefined, ta1: Ta1NoteCode, rule: X12Issue['rule'], message: string): void => {
    const pos = isa.position(element ?? 0);
    const place = { segment: isa.number, segmentId: 'ISA', byteOffset: pos.byteOffset, line: pos.line, column: pos.column };
    issues.push({
      severity: 'error',
      rule,
      message,
      location: element === undefined ? 'ISA' : formatLocation(isa.number, 'ISA', element),
      place: element === undefined ? place : { ...place, element },
      ta1,
    });
  };
  const length = isa.raw.length + isa.terminator.length;
  if (length !== ISA_LENGTH) {
    at(undefined, '022', 'isa-length', `the ISA is ${length} bytes long, not the fixed ${ISA_LENGTH}`);
  }
  if (isa.elementCount !== 16) {
    at(undefined, '022', 'isa-element-count', `the ISA has ${isa.elementCount} elements, not 16`);
  }
  for (const [key, rule] of Object.entries(RULES)) {
    const n = Number(key);
    const v = isa.element(n);
    if (v === undefined) continue;
    const name = `ISA${key.padStart(2, '0')}`;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(v)) at(n, rule.ta1, 'isa-element', `${name} contains a control character (line break?)`);
    else if (v.length !== rule.width) at(n, rule.ta1, 'isa-element', `${name} must be ${rule.width} characters, found ${v.length}`);
    else {
      const problem = rule.value?.(v);
      if (problem !== undefined) at(n, rule.ta1, 'isa-element', `${name}: ${problem}`);
    }
  }
  return issues;
}
