/**
 * Test helpers of the acknowledgement builders: a fixed clock and counters, and the envelope check of
 * a generated acknowledgement (it must tokenize and pass our own SNIP 1 envelope rules).
 */
import { parseX12 } from '../parse.js';
import type { AckContext } from './context.js';

/** Clock fixed at 2024-03-05 14:07 UTC; ISA13 from 500, GS06 from 70. */
export function fixedContext(lineBreak?: string): AckContext {
  let interchange = 499;
  let group = 69;
  return {
    clock: () => new Date('2024-03-05T14:07:00Z'),
    controlNumbers: { interchange: () => ++interchange, group: () => ++group },
    ...(lineBreak === undefined ? {} : { lineBreak }),
  };
}

/** Envelope findings of a generated acknowledgement (`rule location`). */
export function envelopeErrorsOf(text: string): string[] {
  const { envelope } = parseX12(text);
  return envelope.issues.map((i) => `${i.rule} ${i.location}`);
}

/** The segments of a generated text as element arrays (for structure comparisons). */
export function segmentsOf(text: string): string[][] {
  return parseX12(text).tokens.segments.map((s) => [...s.elements]);
}
