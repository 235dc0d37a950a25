/**
 * Streaming CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) over a line
 * stream, one record at a time; and the header → column-number lookup the importers use.
 * https://www.rfc-editor.org/rfc/rfc4180
 */
import { unprocessable } from '../../core/outcomes.js';

/** The records of a CSV text given line by line. */
export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<string[]> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for await (const line of lines) {
    if (quoted) field += '\n';
    else if (line === '') continue;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch !== '"') field += ch;
        else if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        fields.push(field);
        field = '';
      } else field += ch;
    }
    if (quoted) continue; // the record goes on on the next line
    fields.push(field);
    yield fields;
    fields = [];
    field = '';
  }
  if (quoted) throw unprocessable('CSV ends inside a quoted field');
}

/** Column numbers by name from a header record; 'processing' error naming the missing ones. */
export function columns<const K extends string>(header: readonly string[], required: readonly K[], file: string): Record<K, number> {
  const at = new Map(header.map((h, i) => [h.trim().toUpperCase(), i]));
  const missing = required.filter((k) => !at.has(k.toUpperCase()));
  if (missing.length > 0) throw unprocessable(`${file}: missing column(s) ${missing.join(', ')}`);
  return Object.fromEntries(required.map((k) => [k, at.get(k.toUpperCase())])) as Record<K, number>;
}

/** Column number of an optional column, or -1. */
export function optionalColumn(header: readonly string[], name: string): number {
  return header.findIndex((h) => h.trim().toUpperCase() === name.toUpperCase());
}
