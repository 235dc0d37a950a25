/**
 * Streaming CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) over a line
 * stream, one record at a time; and the header → column-number lookup the importers use.
 * https://www.rfc-editor.org/rfc/rfc4180
 */
import { unprocessable } from '../../core/outcomes.js';

/** The records of a CSV text given line by line. */
export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<string[]> {
  let fields: string[] = [];
  let open: string | undefined; // a quoted field going on past a line break
  for await (const line of lines) {
    let pos = 0;
    if (open !== undefined) {
      const closed = closeQuoted(line, 0);
      if (closed === undefined) {
        open += '\n' + line.replace(/""/g, '"');
        continue;
      }
      fields.push(open + '\n' + closed.value);
      open = undefined;
      pos = closed.next;
      if (pos >= line.length) {
        yield fields;
        fields = [];
        continue;
      }
      pos++; // the comma
    } else if (line === '') continue;
    for (;;) {
      if (line.charCodeAt(pos) === 0x22) {
        const closed = closeQuoted(line, pos + 1);
        if (closed === undefined) {
          open = line.slice(pos + 1).replace(/""/g, '"');
          break;
        }
        fields.push(closed.value);
        pos = closed.next;
      } else {
        const comma = line.indexOf(',', pos);
        const stop = comma < 0 ? line.length : comma;
        fields.push(line.slice(pos, stop));
        pos = stop;
      }
      if (pos >= line.length) break;
      pos++; // the comma
      if (pos === line.length) {
        fields.push('');
        break;
      }
    }
    if (open !== undefined) continue;
    yield fields;
    fields = [];
  }
  if (open !== undefined) throw unprocessable('CSV ends inside a quoted field');
}

/** The rest of a quoted field starting at `from` (after the opening quote), or undefined when the line ends inside it. */
function closeQuoted(line: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  let at = from;
  for (;;) {
    const q = line.indexOf('"', at);
    if (q < 0) return undefined;
    if (line.charCodeAt(q + 1) === 0x22) {
      value += line.slice(at, q + 1);
      at = q + 2;
      continue;
    }
    value += line.slice(at, q);
    // Text between the closing quote and the comma is kept (lenient, as most readers are).
    const comma = line.indexOf(',', q + 1);
    const stop = comma < 0 ? line.length : comma;
    return { value: value + line.slice(q + 1, stop), next: stop };
  }
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
