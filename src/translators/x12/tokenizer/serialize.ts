/**
 * Serialization of what was read: every segment keeps its leading whitespace, raw text and terminator,
 * so an unmodified tokenization gives back the input byte for byte.
 */
import type { X12Segment } from './segment.js';
import type { X12Tokens } from './tokenize.js';

/** The segments (and trailing whitespace) as a binary string (one char per byte). */
export function serializeX12Binary(segments: Iterable<X12Segment>, trailing = ''): string {
  const parts: string[] = [];
  for (const s of segments) parts.push(s.leading, s.raw, s.terminator);
  parts.push(trailing);
  return parts.join('');
}

/** The input bytes exactly as read. */
export function serializeX12Tokens(tokens: X12Tokens): Buffer {
  return Buffer.from(serializeX12Binary(tokens.segments, tokens.trailing), 'latin1');
}

/** One segment's bytes exactly as read (leading whitespace included). */
export function serializeX12Segment(segment: X12Segment): Buffer {
  return Buffer.from(segment.toString(), 'latin1');
}

/**
 * Decodes element text for display or mapping: the binary string is read as UTF-8 when it is valid
 * UTF-8, else kept as ISO-8859-1 (X12 basic / extended character sets are ASCII).
 */
export function decodeX12Text(binary: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(binary)) return binary;
  const utf8 = Buffer.from(binary, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? binary : utf8;
}
