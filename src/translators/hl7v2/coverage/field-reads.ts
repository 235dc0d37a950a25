/**
 * Which fields of a message a translation read, against which fields the message carried: each segment
 * records the field numbers read while `fieldReads` is set (a Set per segment, one branch per access when
 * off), and `trackFieldReads` turns that on around one call. Field ids only (`PID-5`), never values.
 */
import type { Hl7Message } from '../parser/index.js';

/** The fields of one message: present (non-empty) and read by the translator, as `SEG-n` ids. */
export interface MessageFieldCoverage {
  readonly present: ReadonlySet<string>;
  readonly read: ReadonlySet<string>;
}

/**
 * MSH fields the gateway itself uses for every message (delimiters, type, control id, processing id,
 * version): counted as mapped whether or not the translator reads them.
 */
const ENVELOPE = new Set([1, 2, 9, 10, 11, 12]);

/** Runs `fn` with field-read tracking on every segment of `message`; returns its result and the coverage. */
export function trackFieldReads<T>(message: Hl7Message, fn: () => T): { result: T; coverage: MessageFieldCoverage } {
  const segments = message.all;
  for (const s of segments) s.fieldReads = new Set<number>();
  let result: T;
  const reads = segments.map((s) => s.fieldReads ?? new Set<number>());
  try {
    result = fn();
  } finally {
    // Stop before looking: fieldCount / rawField below must not count as reads.
    for (const s of segments) s.fieldReads = undefined;
  }
  const present = new Set<string>();
  const read = new Set<string>();
  segments.forEach((s, i) => {
    const got = reads[i] ?? new Set<number>();
    const header = s.name === 'MSH';
    for (let n = 1; n <= s.fieldCount; n++) {
      const raw = s.rawField(n);
      if (raw === undefined || raw === '') continue;
      const id = `${s.name}-${n}`;
      present.add(id);
      if (got.has(n) || (header && ENVELOPE.has(n))) read.add(id);
    }
  });
  return { result, coverage: { present, read } };
}
