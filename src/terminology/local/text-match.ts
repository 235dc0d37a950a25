/**
 * The $expand text filter: case- and accent-insensitive word-prefix matching ("hea rat" matches
 * "Heart rate"). https://hl7.org/fhir/R4/valueset-operation-expand.html (parameter `filter`)
 */

/** Lower-case, accents removed, words separated by single spaces, with a leading space. */
export function searchText(texts: readonly string[]): string {
  let out = '';
  for (const t of texts) {
    const folded = foldedWords(t);
    if (folded !== '') out += ' ' + folded;
  }
  return out;
}

/** The folded words of `text` joined by single spaces (`words(text).join(' ')`, in one pass of a regex). */
function foldedWords(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII fast path: nothing to unaccent
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The folded words of `text`. */
export function words(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- ASCII fast path: nothing to unaccent
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** A matcher for a filter string; every filter word must start some word of the text. */
export function textMatcher(filter: string): (text: string) => boolean {
  const needles = words(filter).map((w) => ' ' + w);
  return (text) => {
    for (const n of needles) if (!text.includes(n)) return false;
    return true;
  };
}
