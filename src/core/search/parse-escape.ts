/**
 * Search value escaping: `\,` `\|` `\$` `\\` protect the separators of OR lists, token / quantity
 * parts and composite parts. https://hl7.org/fhir/R4/search.html#escaping
 */

/** Splits `text` on unescaped `sep`, leaving escapes in place (parts are unescaped at the leaves). */
export function splitEscaped(text: string, sep: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Removes escapes: `a\,b` → `a,b`, `a\\b` → `a\b`. */
export function unescapeValue(text: string): string {
  return text.includes('\\') ? text.replace(/\\(.)/g, '$1') : text;
}
