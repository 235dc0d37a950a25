/**
 * Whole-input entry point: tokenize, then read the envelopes. For huge inputs use `X12Tokenizer`
 * (or `readX12Segments`) with an `X12EnvelopeReader` instead. https://x12.org/resources/x12-basics
 */
import { X12EnvelopeReader, type X12Envelope, type X12EnvelopeOptions } from './envelope/index.js';
import { tokenizeX12, type X12Tokens, type X12TokenizerOptions } from './tokenizer/index.js';

/** Tokens (for byte-exact re-serialization) and the envelope tree with every finding. */
export interface ParsedX12 {
  readonly tokens: X12Tokens;
  readonly envelope: X12Envelope;
}

/** Tokenizes `input` and reads its envelopes. Never throws for bad input. */
export function parseX12(input: Uint8Array | string, options: X12TokenizerOptions & X12EnvelopeOptions = {}): ParsedX12 {
  const tokens = tokenizeX12(input, options);
  const reader = new X12EnvelopeReader(options);
  for (const s of tokens.segments) reader.add(s);
  return { tokens, envelope: reader.end() };
}
