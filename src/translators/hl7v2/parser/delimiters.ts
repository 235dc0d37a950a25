/**
 * Reads the delimiters from a header segment's first characters (MSH-1 / MSH-2, also FHS / BHS).
 * v2.7+ adds a fifth MSH-2 character, the truncation character. https://hl7-definition.caristix.com/v2/HL7v2.8/Fields/MSH.2
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { DEFAULT_DELIMITERS, type Delimiters } from './types.js';
import { hl7Issue } from './issues.js';

/** Result of reading MSH-1 / MSH-2: `undefined` delimiters when the header is unusable. */
export interface DelimiterResult {
  readonly delimiters: Delimiters | undefined;
  /** The raw MSH-2 text as written (kept verbatim for re-serialization). */
  readonly encodingCharacters: string;
  readonly issues: OperationOutcomeIssue[];
}

/** A field separator must be one printable, non-alphanumeric, non-space ASCII char. */
function isValidSeparator(ch: string | undefined): ch is string {
  return ch !== undefined && /^[!-/:-@[-`{-~]$/.test(ch);
}

/** Reads MSH-1 / MSH-2 from `raw` (a segment starting with `MSH`, `FHS` or `BHS`). Never throws. */
export function readDelimiters(raw: string): DelimiterResult {
  const name = raw.slice(0, 3);
  const field = raw[3];
  if (!isValidSeparator(field)) {
    return {
      delimiters: undefined,
      encodingCharacters: '',
      issues: [hl7Issue('fatal', '101', `${name}-1 (field separator) is missing or invalid`, `${name}-1`)],
    };
  }
  const end = raw.indexOf(field, 4);
  const encodingCharacters = raw.slice(4, end < 0 ? raw.length : end);
  const issues: OperationOutcomeIssue[] = [];
  if (encodingCharacters === '') {
    issues.push(hl7Issue('error', '101', `${name}-2 (encoding characters) is empty; assuming ^~\\&`, `${name}-2`));
    return { delimiters: { ...DEFAULT_DELIMITERS, field }, encodingCharacters, issues };
  }
  // Keep the first occurrence of each char; a repeated one (e.g. `^~\\&`) is a sender bug.
  const chars: string[] = [];
  for (const ch of encodingCharacters) {
    if (ch !== field && !chars.includes(ch)) chars.push(ch);
  }
  if (chars.length !== encodingCharacters.length) {
    issues.push(hl7Issue('warning', '102', `${name}-2 repeats a delimiter; read as ${chars.join('')}`, `${name}-2`));
  }
  if (chars.length < 4) {
    issues.push(hl7Issue('warning', '102', `${name}-2 declares fewer than 4 encoding characters`, `${name}-2`));
  }
  if (chars.length > 5) {
    issues.push(hl7Issue('warning', '102', `${name}-2 has more than 5 characters; extra ignored`, `${name}-2`));
  }
  const delimiters: Delimiters = {
    field,
    component: chars[0] ?? '',
    repetition: chars[1] ?? '',
    escape: chars[2] ?? '',
    subcomponent: chars[3] ?? '',
    truncation: chars[4] ?? '',
  };
  return { delimiters, encodingCharacters, issues };
}
