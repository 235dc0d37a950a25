/**
 * Splits source text into segment records. CR, LF and CRLF all terminate a segment (real MLLP traffic
 * uses CR, files often LF / CRLF); blank and whitespace-only lines are folded into the terminator so
 * they survive re-serialization without becoming segments. A leading BOM / blank run is returned
 * as `leading`.
 */
import type { SegmentRecord } from './types.js';

/** Line breaks in a terminator run: CRLF counts once. */
function countLines(run: string): number {
  let n = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (run.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

const BLANK = /^[\s\uFEFF]*$/;

/** Index of `ch` in `text` at or after `from`, or `text.length` when none. */
function nextOf(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}

/** Splits `text` into segments. Never throws; `leading` + Σ(raw + terminator) === text. */
export function splitSegments(text: string): { leading: string; segments: SegmentRecord[] } {
  const segments: SegmentRecord[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let leading = text.slice(0, pos);
  let line = 1;
  const len = text.length;
  // Next CR / LF at or after `pos` (native indexOf, re-searched only once passed; len when none).
  let cr = -1;
  let lf = -1;
  while (pos < len) {
    if (cr < pos) cr = nextOf(text, '\r', pos);
    if (lf < pos) lf = nextOf(text, '\n', pos);
    const end = cr < lf ? cr : lf;
    let termEnd = end;
    while (termEnd < len) {
      const c = text.charCodeAt(termEnd);
      if (c !== 13 && c !== 10) break;
      termEnd++;
    }
    const raw = text.slice(pos, end);
    const terminator = text.slice(end, termEnd);
    const first = raw.charCodeAt(0);
    if ((raw === '' || first <= 32 || first === 0xfeff) && BLANK.test(raw)) {
      const prev = segments.pop();
      if (prev === undefined) leading += raw + terminator;
      else segments.push({ ...prev, terminator: prev.terminator + raw + terminator });
    } else {
      segments.push({ name: raw.slice(0, 3), raw, terminator, offset: pos, line });
    }
    line += countLines(terminator);
    pos = termEnd;
  }
  return { leading, segments };
}
