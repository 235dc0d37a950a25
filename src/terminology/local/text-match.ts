/**
 * The $expand text filter: case- and accent-insensitive word-prefix matching ("hea rat" matches
 * "Heart rate"). https://hl7.org/fhir/R4/valueset-operation-expand.html (parameter `filter`)
 */

/** Lower-case, accents removed, words separated by single spaces, with a leading space. */
export function searchText(texts: readonly string[]): string {
  let out = '';
  for (const t of texts) for (const w of words(t)) out += ' ' + w;
  return out;
}

/** The folded words of `text`. */
export function words(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** A matcher for a filter string; every filter word must start some word of the text. */
export function textMatcher(filter: string): (text: string) => boolean {
  const needles = words(filter).map((w) => ' ' + w);
  return (text) => needles.every((n) => text.includes(n));
}
