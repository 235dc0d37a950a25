/**
 * Writes acknowledgement segments as X12 text with the chosen delimiters. Every element value is made
 * safe here, in one place: a delimiter or control character inside a copied value (IK404, ids) becomes
 * a space and non-ASCII becomes `?`, so no value can break the syntax. Trailing spaces (outside the
 * fixed-width ISA), trailing empty elements and components are dropped (X12.6). https://x12.org/resources/x12-basics
 */
import { DEFAULT_X12_DELIMITERS, type X12Delimiters } from '../tokenizer/index.js';

/** An element: simple text, or the components of a composite. */
export type AckElement = string | readonly string[];

/** A segment: its id and its elements (ISA elements are written as given, fixed width). */
export interface AckSegment {
  readonly id: string;
  readonly elements: readonly AckElement[];
}

/** Repetition separators tried when the original has none usable. */
const REPETITION_CANDIDATES = ['^', '{', '|', '!', '+', '`'];

/** A delimiter may be anything but a letter, a digit or a space, and must be one char. */
function usable(ch: string): boolean {
  return ch.length === 1 && !/[A-Za-z0-9 ]/.test(ch);
}

/**
 * The delimiters of the answer: the original's when usable and distinct, else the standard
 * `*` `^` `:` `~`. A missing or clashing repetition separator alone is replaced by a free one.
 */
export function ackDelimiters(original: X12Delimiters | undefined): X12Delimiters {
  if (original === undefined) return DEFAULT_X12_DELIMITERS;
  const { element, component, segment } = original;
  const main = [element, component, segment];
  if (!main.every(usable) || new Set(main).size !== 3) return DEFAULT_X12_DELIMITERS;
  const free = (ch: string): boolean => usable(ch) && !main.includes(ch);
  const repetition = free(original.repetition) ? original.repetition : REPETITION_CANDIDATES.find(free) ?? '^';
  return { element, component, segment, repetition };
}

/** `value` with delimiters / control chars → space, non-ASCII → `?`. */
export function safeValue(value: string, d: X12Delimiters): string {
  const banned = new Set([d.element, d.component, d.segment, d.repetition].filter((c) => c !== ''));
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code > 0x7e) out += '?';
    else if (code < 0x20 || banned.has(ch)) out += ' ';
    else out += ch;
  }
  return out;
}

function dropTrailingEmpty<T>(items: readonly T[], empty: (t: T) => boolean): T[] {
  let n = items.length;
  while (n > 0 && empty(items[n - 1] as T)) n--;
  return items.slice(0, n);
}

/** One segment's text (without terminator). */
export function serializeAckSegment(seg: AckSegment, d: X12Delimiters): string {
  if (seg.id === 'ISA') {
    // Fixed width; ISA11 and ISA16 are the repetition and component separators themselves.
    const els = seg.elements.map((e, i) => (i === 10 || i === 15 ? String(e) : safeValue(String(e), d)));
    return ['ISA', ...els].join(d.element);
  }
  const text = seg.elements.map((e) =>
    typeof e === 'string'
      ? safeValue(e, d).trimEnd()
      : dropTrailingEmpty(e.map((c) => safeValue(c, d).trimEnd()), (c) => c === '').join(d.component));
  return [seg.id, ...dropTrailingEmpty(text, (t) => t === '')].join(d.element);
}

/** The whole document: each segment followed by the terminator and `lineBreak`. */
export function serializeAck(segments: readonly AckSegment[], d: X12Delimiters, lineBreak = ''): string {
  return segments.map((s) => serializeAckSegment(s, d) + d.segment + lineBreak).join('');
}
