/**
 * Helpers for responses built from a request's loop tree (271 from 270, 277 from 276, 278 response):
 * the parties are the request's swapped, and request segments are echoed (copied element by element)
 * where the response guide repeats them. https://x12.org (X279A1, X212, X217)
 */
import type { AckSegment } from '../ack/index.js';
import type { X12Interchange } from '../envelope/index.js';
import type { X12SegmentNode } from '../transactions/index.js';
import type { X12Parties } from './envelope.js';

/** The parties of the answer to `ic`: sender and receiver swapped, GS codes swapped from `gs`. */
export function replyParties(ic: X12Interchange, gsSender: string, gsReceiver: string): X12Parties {
  return {
    sender: { qualifier: ic.receiver.qualifier, id: ic.receiver.id }, receiver: { qualifier: ic.sender.qualifier, id: ic.sender.id },
    senderCode: gsReceiver, receiverCode: gsSender, usage: ic.usage === 'T' ? 'T' : 'P',
  };
}

/** A request segment copied as it is (elements and composites split with the request's delimiters). */
export function echo(node: X12SegmentNode | undefined, replace: Readonly<Record<number, string>> = {}): AckSegment[] {
  if (node === undefined) return [];
  const s = node.segment;
  const elements = s.elements.slice(1).map((value, i) => {
    let e = value;
    const n = i + 1;
    if (replace[n] !== undefined) return replace[n];
    // The serializer writes no repetitions: keep the first one.
    if (s.delimiters.repetition !== '' && e.includes(s.delimiters.repetition)) e = e.split(s.delimiters.repetition)[0] ?? '';
    return s.delimiters.component !== '' && e.includes(s.delimiters.component) ? e.split(s.delimiters.component) : e;
  });
  return [{ id: s.id, elements }];
}
