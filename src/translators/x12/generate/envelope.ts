/**
 * Envelopes for generated transaction sets: ISA / GS / ST … SE / GE / IEA around a body, written with
 * the acknowledgement serializer (one place makes every value safe). A response swaps the parties of
 * the interchange it answers; an outbound document names them. https://x12.org/resources/x12-basics
 */
import { serializeAck, type AckElement, type AckSegment } from '../ack/index.js';
import { controlNumber, stamp, type AckContext } from '../ack/context.js';
import { DEFAULT_X12_DELIMITERS, type X12Delimiters } from '../tokenizer/index.js';

/** A segment under construction: id and elements (strings or composites). */
export function seg(id: string, ...elements: AckElement[]): AckSegment {
  return { id, elements };
}

/** The parties and codes of a generated interchange. */
export interface X12Parties {
  /** ISA05 / ISA06, ISA07 / ISA08 (ids at most 15 chars). */
  readonly sender: { readonly qualifier: string; readonly id: string };
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** GS02 / GS03 application codes (default: the ISA ids). */
  readonly senderCode?: string;
  readonly receiverCode?: string;
  /** ISA15 (default P). */
  readonly usage?: 'P' | 'T';
}

/** What a generated document looks like. */
export interface GeneratedX12 {
  readonly text: string;
  readonly segments: readonly AckSegment[];
  readonly controlNumber: string;
}

/**
 * Wraps `body` (the segments between ST and SE, BHT first) in a full interchange of one group and
 * one transaction set `st01` under guide `guide` (GS01 = `functionalId`).
 */
export function envelope(parties: X12Parties, functionalId: string, st01: string, guide: string, body: readonly AckSegment[],
  ctx: AckContext, delimiters: X12Delimiters = DEFAULT_X12_DELIMITERS): GeneratedX12 {
  const { before, after, controlNumber } = envelopeSegments(parties, functionalId, st01, guide, body.length, ctx, delimiters);
  const segments = [...before, ...body, ...after];
  return { text: serializeAck(segments, delimiters, ctx.lineBreak), segments, controlNumber };
}

/**
 * The envelope segments around a body of `bodyCount` segments: ISA / GS / ST before, SE / GE / IEA
 * after (for a body written piece by piece; `envelope` uses it). Draws the ISA13, then the GS06.
 */
export function envelopeSegments(parties: X12Parties, functionalId: string, st01: string, guide: string, bodyCount: number,
  ctx: AckContext, delimiters: X12Delimiters = DEFAULT_X12_DELIMITERS): { readonly before: AckSegment[]; readonly after: AckSegment[]; readonly controlNumber: string } {
  const { yymmdd, ccyymmdd, hhmm } = stamp(ctx);
  const control = controlNumber(() => ctx.controlNumbers.interchange({
    sender: `${parties.sender.qualifier}:${parties.sender.id.trim()}`, receiver: `${parties.receiver.qualifier}:${parties.receiver.id.trim()}`,
  }), 9);
  const group = controlNumber(() => ctx.controlNumbers.group({
    sender: parties.senderCode ?? parties.sender.id.trim(), receiver: parties.receiverCode ?? parties.receiver.id.trim(),
  }), 1);
  const id = (s: string): string => s.slice(0, 15).padEnd(15, ' ');
  const before: AckSegment[] = [
    seg('ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), parties.sender.qualifier, id(parties.sender.id), parties.receiver.qualifier, id(parties.receiver.id),
      yymmdd, hhmm, delimiters.repetition, '00501', control, '0', parties.usage ?? 'P', delimiters.component),
    seg('GS', functionalId, parties.senderCode ?? parties.sender.id.trim(), parties.receiverCode ?? parties.receiver.id.trim(), ccyymmdd, hhmm, group, 'X', guide),
    seg('ST', st01, '0001', guide),
  ];
  const after = [seg('SE', String(bodyCount + 2), '0001'), seg('GE', '1', group), seg('IEA', '1', control)];
  return { before, after, controlNumber: control };
}

/** CCYYMMDD of a FHIR date / dateTime ('' when absent). */
export function x12Date(d: string | undefined): string {
  return d === undefined ? '' : d.slice(0, 10).replaceAll('-', '');
}

/** An amount as X12 writes it (no trailing zeros, no exponent). */
export function x12Amount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return String(Math.round(n * 100) / 100);
}
