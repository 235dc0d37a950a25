/**
 * Convenience entry points over `X12Tokenizer`: a whole input at once, or an async source of chunks
 * (a file or HTTP stream) read segment by segment with bounded memory.
 * https://x12.org/resources/x12-basics
 */
import type { X12Issue } from '../issues.js';
import type { X12Segment } from './segment.js';
import { X12Tokenizer, type X12TokenizerEnd, type X12TokenizerOptions } from './tokenizer.js';

/** A whole tokenized input. `serializeX12Tokens` gives back the input byte for byte. */
export interface X12Tokens {
  readonly segments: readonly X12Segment[];
  /** Whitespace after the last segment. */
  readonly trailing: string;
  /** The tokenizer findings of every segment, in input order. */
  readonly issues: readonly X12Issue[];
}

/** Tokenizes a whole input (bytes, or text that is encoded as UTF-8). Never throws for bad input. */
export function tokenizeX12(input: Uint8Array | string, options: X12TokenizerOptions = {}): X12Tokens {
  const tokenizer = new X12Tokenizer(options);
  const segments = tokenizer.push(input);
  const last = tokenizer.end();
  segments.push(...last.segments);
  return { segments, trailing: last.trailing, issues: segments.flatMap((s) => s.issues) };
}

/**
 * Reads segments from an (async) iterable of chunks as they complete. The generator's return value
 * (`X12TokenizerEnd`, with an empty `segments`) carries the trailing whitespace.
 */
export async function* readX12Segments(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: X12TokenizerOptions = {},
): AsyncGenerator<X12Segment, X12TokenizerEnd> {
  const tokenizer = new X12Tokenizer(options);
  for await (const chunk of source) yield* tokenizer.push(chunk);
  const last = tokenizer.end();
  yield* last.segments;
  return { segments: [], trailing: last.trailing };
}
