/**
 * Folding of text for string search: lower case, accents stripped, whitespace collapsed.
 * https://hl7.org/fhir/R4/search.html#string
 */

const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /\s+/g;
const NON_ASCII = /[\u0080-\uffff]/;
/** Whitespace that folding changes: runs, non-space blanks, leading or trailing. */
const ODD_SPACE = /\s\s|[^\S ]|^\s|\s$/;

/** `"  Zoë   ÅSE "` → `"zoe ase"`; used for index values and search values alike. */
export function foldText(text: string): string {
  const base = NON_ASCII.test(text) ? text.normalize('NFD').replace(COMBINING_MARKS, '') : text;
  const lower = base.toLowerCase();
  return ODD_SPACE.test(lower) ? lower.replace(SPACES, ' ').trim() : lower;
}
