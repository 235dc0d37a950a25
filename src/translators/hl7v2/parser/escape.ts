/**
 * ER7 escape sequences (v2.5.1 §2.7): `\F\ \S\ \T\ \R\ \E\ \P\ \Xhh..\` are decoded; formatting
 * commands (`\H\ \N\ \.br\ \.sp n\ \.fi\ \.nf\ \.in n\ \.ti n\ \.sk n\ \.ce\`) are kept for FT / TX,
 * either verbatim (`decodeEscapes`) or as tokens (`decodeFormatted`). Unknown sequences (`\C..\`,
 * `\M..\`, `\Z..\`) and unterminated ones are kept verbatim so nothing is lost.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185
 */
import type { Delimiters } from './types.js';
import { decodeBytes } from './charset.js';

/** A formatting command of FT / TX data. */
export type FormatCommand = 'H' | 'N' | 'br' | 'sp' | 'fi' | 'nf' | 'in' | 'ti' | 'sk' | 'ce';

/** One piece of formatted text: literal text or a formatting command (with its numeric argument). */
export type FormattedPart = string | { readonly command: FormatCommand; readonly arg?: number };

const FORMAT = /^(?:(H|N)|\.(br|fi|nf|ce)|\.(sp|sk)\s*(\d*)|\.(in|ti)\s*([+-]?\d+))$/;

/** Parses an escape body (between the two escape chars) as a formatting command. */
function formatCommand(body: string): Exclude<FormattedPart, string> | undefined {
  const m = FORMAT.exec(body);
  if (m === null) return undefined;
  const command = (m[1] ?? m[2] ?? m[3] ?? m[5]) as FormatCommand;
  const digits = m[4] ?? m[6];
  return digits === undefined || digits === '' ? { command } : { command, arg: Number(digits) };
}

/** The text a delimiter / hex escape stands for, or `undefined` if `body` is not one. */
function literal(body: string, d: Delimiters, encoding: string): string | undefined {
  switch (body) {
    case 'F': return d.field;
    case 'S': return d.component;
    case 'T': return d.subcomponent;
    case 'R': return d.repetition;
    case 'E': return d.escape;
    case 'P': return d.truncation === '' ? undefined : d.truncation;
  }
  if (body.length >= 3 && body[0] === 'X' && body.length % 2 === 1 && /^X[0-9A-Fa-f]+$/.test(body)) {
    return decodeBytes(Buffer.from(body.slice(1), 'hex'), encoding);
  }
  return undefined;
}

/** Walks `raw`, calling `emit` with literal text and formatting commands. */
function walk(raw: string, d: Delimiters, encoding: string, emit: (part: FormattedPart, verbatim: string) => void): void {
  const esc = d.escape;
  let i = 0;
  let text = '';
  while (i < raw.length) {
    const start = raw.indexOf(esc, i);
    const end = start < 0 ? -1 : raw.indexOf(esc, start + 1);
    if (start < 0 || end < 0) break;
    const body = raw.slice(start + 1, end);
    const lit = literal(body, d, encoding);
    if (lit !== undefined) {
      text += raw.slice(i, start) + lit;
      i = end + 1;
      continue;
    }
    const fmt = formatCommand(body);
    if (fmt !== undefined) {
      if (text !== '' || start > i) emit(text + raw.slice(i, start), '');
      text = '';
      emit(fmt, raw.slice(start, end + 1));
      i = end + 1;
      continue;
    }
    // Unknown or empty body: keep the escape char and rescan from the next one.
    text += raw.slice(i, end);
    i = end;
  }
  const rest = text + raw.slice(i);
  if (rest !== '') emit(rest, '');
}

/** Decodes delimiter and hex escapes; formatting commands stay verbatim. Fast path: no escape char. */
export function decodeEscapes(raw: string, d: Delimiters, encoding = 'utf8'): string {
  if (d.escape === '' || !raw.includes(d.escape)) return raw;
  let out = '';
  walk(raw, d, encoding, (part, verbatim) => {
    out += typeof part === 'string' ? part : verbatim;
  });
  return out;
}

/** Decodes `raw` into text and formatting commands (for FT / TX / CF values). */
export function decodeFormatted(raw: string, d: Delimiters, encoding = 'utf8'): FormattedPart[] {
  if (d.escape === '' || !raw.includes(d.escape)) return raw === '' ? [] : [raw];
  const parts: FormattedPart[] = [];
  walk(raw, d, encoding, (part) => parts.push(part));
  return parts;
}

/** Renders formatted parts as plain text: `.br` / `.sp n` / `.ce` become line breaks, `.sk n` spaces. */
export function formattedToText(parts: readonly FormattedPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    switch (p.command) {
      case 'br': case 'ce': out += '\n'; break;
      case 'sp': out += '\n'.repeat(Math.max(1, p.arg ?? 1)); break;
      case 'sk': out += ' '.repeat(Math.max(1, p.arg ?? 1)); break;
      case 'H': case 'N': case 'fi': case 'nf': case 'in': case 'ti': break;
      default: p.command satisfies never;
    }
  }
  return out;
}

/** Escapes a value for ER7: delimiters become `\F\ \S\ \T\ \R\ \E\ (\P\)`, CR / LF become hex. */
export function encodeEscapes(value: string, d: Delimiters): string {
  const e = d.escape;
  let out = '';
  for (const ch of value) {
    if (ch === e) out += `${e}E${e}`;
    else if (ch === d.field) out += `${e}F${e}`;
    else if (ch === d.component) out += `${e}S${e}`;
    else if (ch === d.subcomponent) out += `${e}T${e}`;
    else if (ch === d.repetition) out += `${e}R${e}`;
    else if (d.truncation !== '' && ch === d.truncation) out += `${e}P${e}`;
    else if (ch === '\r') out += `${e}X0D${e}`;
    else if (ch === '\n') out += `${e}X0A${e}`;
    else out += ch;
  }
  return out;
}
