/**
 * The envelope of an outgoing acknowledgement: a new ISA / IEA (sender and receiver swapped from the
 * original, ISA14 = 0, same usage indicator) and for a 999 a GS / GE with GS01 = FA.
 * HIPAA 5010 TR3 Appendix C (ISA, GS); https://x12.org/resources/x12-basics
 */
import type { X12Delimiters } from '../tokenizer/index.js';
import type { X12Interchange } from '../envelope/index.js';
import { controlNumber, stamp, type AckContext } from './context.js';
import type { AckSegment } from './serialize.js';

const ID_QUALIFIERS = new Set(['01', '14', '20', '27', '28', '29', '30', '33', 'ZZ']);

/** An ISA id: printable, at most 15 chars, padded (blank ids become `UNKNOWN`). */
function isaId(id: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = id.replace(/[\x00-\x1f\x7f-\uffff]/g, '').trim().slice(0, 15);
  return (clean === '' ? 'UNKNOWN' : clean).padEnd(15, ' ');
}

const qualifier = (q: string): string => (ID_QUALIFIERS.has(q) ? q : 'ZZ');

/** ISA of the answer to `ic` and its control number (9 digits). */
export function answerIsa(ic: X12Interchange, d: X12Delimiters, ctx: AckContext): { isa: AckSegment; control: string } {
  const { yymmdd, hhmm } = stamp(ctx);
  const parties = { sender: `${qualifier(ic.receiver.qualifier)}:${isaId(ic.receiver.id).trim()}`, receiver: `${qualifier(ic.sender.qualifier)}:${isaId(ic.sender.id).trim()}` };
  const control = controlNumber(() => ctx.controlNumbers.interchange(parties), 9);
  const usage = ['P', 'T', 'I'].includes(ic.usage) ? ic.usage : 'P';
  const isa: AckSegment = {
    id: 'ISA',
    elements: ['00', ' '.repeat(10), '00', ' '.repeat(10),
      qualifier(ic.receiver.qualifier), isaId(ic.receiver.id), qualifier(ic.sender.qualifier), isaId(ic.sender.id),
      yymmdd, hhmm, d.repetition, '00501', control, '0', usage, d.component],
  };
  return { isa, control };
}

/** IEA closing an interchange of `groups` functional groups. */
export function iea(groups: number, control: string): AckSegment {
  return { id: 'IEA', elements: [String(groups), control] };
}

/** GS of a 999 group answering `ic` (application codes swapped from the acknowledged GS). */
export function answerGs(appSender: string, appReceiver: string, ctx: AckContext): { gs: AckSegment; control: string } {
  const { ccyymmdd, hhmm } = stamp(ctx);
  const code = (s: string): string => (s.trim() === '' ? 'UNKNOWN' : s.trim().slice(0, 15));
  const control = controlNumber(() => ctx.controlNumbers.group({ sender: code(appSender), receiver: code(appReceiver) }), 1);
  return {
    gs: { id: 'GS', elements: ['FA', code(appSender), code(appReceiver), ccyymmdd, hhmm, control, 'X', '005010X231A1'] },
    control,
  };
}

/** GE closing a group of `sets` transaction sets. */
export function ge(sets: number, control: string): AckSegment {
  return { id: 'GE', elements: [String(sets), control] };
}
