/**
 * Reads the delimiters from an ISA. The fixed 106-byte layout is tried first (so a data element that
 * contains the separator cannot mislead); when it does not fit, the ISA is read leniently by counting
 * 16 element separators (ISAs re-typed from PDFs are short and line-wrapped). ISA16 is the component
 * separator and the char after it the segment terminator.
 * https://x12.org/resources/x12-basics (ISA: 16 fixed-width elements, 106 bytes with the terminator)
 */
import { formatLocation, type X12Issue, type X12IssuePlace } from '../issues.js';
import { DEFAULT_X12_DELIMITERS, type X12Delimiters } from './types.js';

/** Byte length of a fixed-width ISA including its terminator. */
export const ISA_LENGTH = 106;
/** Offsets (from the `I` of ISA) of the 16 element separators of a fixed-width ISA. */
const FIXED_SEPARATORS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
/** How far a lenient ISA may stretch before it is declared unreadable. */
const MAX_ISA_SCAN = 512;

/** The outcome of reading an ISA that starts at `start` of `text`. */
export type IsaHeader =
  | { readonly kind: 'need-more' }
  /** `end` = index of the segment terminator (the ISA raw text is `text.slice(start, end)`). */
  | { readonly kind: 'read'; readonly delimiters: X12Delimiters; readonly end: number; readonly issues: X12Issue[] }
  /** No usable ISA: the caller falls back to `delimiters` and the ordinary terminator search. */
  | { readonly kind: 'unreadable'; readonly delimiters: X12Delimiters; readonly issues: X12Issue[] };

/** Place data of the ISA being read, for issue locations. */
export interface IsaPlace {
  readonly segment: number;
  readonly byteOffset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * Reads the ISA at `start`. `final` says no more input will come: without it, a header that may
 * still grow answers `need-more` (so the result never depends on where chunks were cut).
 */
export function readIsaHeader(text: string, start: number, final: boolean, place: IsaPlace): IsaHeader {
  const available = text.length - start;
  if (available < ISA_LENGTH && !final) {
    // Only a lenient read can complete early, and only once it can no longer change: wait for 106.
    return { kind: 'need-more' };
  }
  const sep = text.charAt(start + 3);
  if (available >= ISA_LENGTH && FIXED_SEPARATORS.every((o) => text.charAt(start + o) === sep)) {
    return done(text, start, sep, start + 104, place);
  }
  let found = 0;
  let i = start + 3;
  const limit = Math.min(text.length, start + MAX_ISA_SCAN);
  while (sep !== '' && i < limit) {
    if (text.charAt(i) === sep && ++found === 16) break;
    i++;
  }
  if (found === 16 && i + 2 < text.length) return done(text, start, sep, i + 1, place);
  if (!final && text.length < start + MAX_ISA_SCAN) return { kind: 'need-more' };
  const truncated = text.length < start + MAX_ISA_SCAN;
  const delimiters = { ...DEFAULT_X12_DELIMITERS, ...(sep === '' ? {} : { element: sep }) };
  const where = { segmentId: 'ISA', ...place };
  return {
    kind: 'unreadable',
    delimiters,
    issues: [
      truncated
        ? { severity: 'fatal', rule: 'isa-truncated', ta1: '023', location: 'ISA', place: where,
            message: `the input ends inside the ISA (${found} of 16 element separators)` }
        : { severity: 'fatal', rule: 'isa-unreadable', ta1: '022', location: 'ISA', place: where,
            message: `no 16 element separators '${printable(sep)}' within ${MAX_ISA_SCAN} bytes of the ISA` },
    ],
  };
}

/** ISA16 is at `at`, the terminator right after it. */
function done(text: string, start: number, sep: string, at: number, place: IsaPlace): IsaHeader {
  const raw11 = readIsa11(text, start, sep);
  const component = text.charAt(at);
  const segment = text.charAt(at + 1);
  const issues: X12Issue[] = [];
  const where = (element: number): X12IssuePlace =>
    element === 0 ? { segmentId: 'ISA', ...place } : { segmentId: 'ISA', element, ...place };
  const bad = (element: number, ta1: X12Issue['ta1'], message: string): void => {
    const location = element === 0 ? 'ISA' : formatLocation(place.segment, 'ISA', element);
    issues.push({ severity: 'error', rule: 'separator-invalid', location, place: where(element), message,
      ...(ta1 === undefined ? {} : { ta1 }) });
  };
  if (!usable(sep)) bad(0, '026', `the data element separator '${printable(sep)}' is alphanumeric or a space`);
  if (!usable(component)) bad(16, '027', `the component separator '${printable(component)}' (ISA16) is alphanumeric or a space`);
  else if (component === sep) bad(16, '027', `the component separator (ISA16) is the data element separator '${printable(sep)}'`);
  if (!usable(segment)) bad(16, '004', `the segment terminator '${printable(segment)}' (after ISA16) is alphanumeric or a space`);
  else if (segment === sep || segment === component) bad(16, '004', `the segment terminator '${printable(segment)}' is also used as a separator`);
  let repetition = raw11;
  if (raw11 === 'U') {
    repetition = '';
    issues.push({ severity: 'warning', rule: 'separator-legacy-repetition', location: formatLocation(place.segment, 'ISA', 11),
      place: where(11), message: "ISA11 is 'U' (the 4010 standards identifier): read as 'no repetition separator'" });
  } else if (raw11.length !== 1 || !usable(raw11)) {
    repetition = '';
    bad(11, '022', `the repetition separator '${printable(raw11)}' (ISA11) is not one non-alphanumeric char`);
  } else if (raw11 === sep || raw11 === component || raw11 === segment) {
    repetition = '';
    bad(11, '022', `the repetition separator '${printable(raw11)}' (ISA11) is also used as another delimiter`);
  }
  return { kind: 'read', delimiters: { element: sep, repetition, component, segment }, end: at + 1, issues };
}

/** ISA11 text: between the 10th and 11th element separators. */
function readIsa11(text: string, start: number, sep: string): string {
  let from = start + 3;
  for (let i = 0; i < 10; i++) {
    const next = text.indexOf(sep, from + 1);
    if (next < 0) return '';
    from = next;
  }
  const end = text.indexOf(sep, from + 1);
  return end < 0 ? '' : text.slice(from + 1, end);
}

/** A delimiter may be anything but a letter, a digit or a space (X12.5 basic character set). */
function usable(ch: string): boolean {
  return ch.length === 1 && !/[A-Za-z0-9 ]/.test(ch);
}

/** A delimiter shown in a message: control chars as \xNN. */
export function printable(ch: string): string {
  // eslint-disable-next-line no-control-regex
  return ch.replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
