/**
 * 277CA Health Care Claim Acknowledgment (005010X214) for the claims of a parsed 837: HL 20 payer
 * (2010BB) with TRN / DTP 050 / 009, HL 21 information receiver (the submitter, 1000A) with the batch
 * STC and accepted totals, HL 19 billing provider (2010AA), HL PT per claim with TRN*2 = CLM01, STC
 * A2:20 (accepted, or A3:21 rejected) with CLM02, the payer claim number and the service dates.
 * Built claim by claim (`ClaimAck277Builder`), so a streamed batch of any size is answered without
 * keeping its claims: each claim's segments are written as it is added. https://x12.org (005010X214)
 */
import { serializeAck, type AckContext, type AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import type { X12Interchange } from '../envelope/index.js';
import { DEFAULT_X12_DELIMITERS } from '../tokenizer/index.js';
import { ancestor, descendants, el, loopIn, segmentIn, segmentsIn, triggerNode, type X12Loop, type X12ParsedTransaction } from '../transactions/index.js';
import { envelopeSegments, seg, x12Amount, type GeneratedX12 } from './envelope.js';
import { echo, replyParties } from './reply.js';

/** The decision about one claim (by CLM01). */
export interface ClaimDecision {
  readonly accepted: boolean;
  /** Payer claim control number assigned on acceptance (REF*1K). */
  readonly payerClaimNumber?: string;
}

/** What a 277CA answers: the 837 set's envelope (parties, ST02) and what is left of its loop tree (BHT, 1000A). */
export interface ClaimAckSubject {
  readonly interchange: X12Interchange;
  readonly group: { readonly senderCode: string; readonly receiverCode: string };
  readonly set: { readonly controlNumber: string };
  readonly root: X12Loop | undefined;
}

function lineDates(claim: X12Loop): string[] {
  return descendants(claim, '2400').flatMap((lx) => segmentsIn(lx, 'DTP', '472')).map((d) => el(d, 3)).sort();
}

/**
 * Builds one 277CA claim by claim: `add` each 2300 loop (its 2000A / 2000B / 2000C ancestors still
 * attached) in input order, then `finish`. Holds counters and the written claim segments, not the claims.
 */
export class ClaimAck277Builder {
  readonly #ctx: AckContext;
  readonly #keep: boolean;
  readonly #date: string;
  readonly #providers = new Map<X12Loop, number>();
  readonly #segments: AckSegment[] = [];
  readonly #text: string[] = [];
  #buffer = '';
  #count = 0;
  #hl = 2;
  #payer: AckSegment[] | undefined;
  #claims = 0;
  #accepted = 0;
  #total = 0;
  #acceptedTotal = 0;
  #rejectedTotal = 0;

  /** `keepSegments`: also return the segments (tests, small sets); otherwise only the text is kept. */
  constructor(ctx: AckContext, keepSegments = false) {
    this.#ctx = ctx;
    this.#keep = keepSegments;
    this.#date = stamp(ctx).ccyymmdd;
  }

  /** Claims added so far. */
  get claims(): number {
    return this.#claims;
  }

  /** Adds claim `claim` (a 2300 loop) with its decision. */
  add(claim: X12Loop, decision: ClaimDecision): void {
    const clm = triggerNode(claim);
    const amount = Number(el(clm, 2) || 0);
    if (this.#claims === 0) {
      const payerLoop = loopIn(ancestor(claim, '2000B'), '2010BB');
      this.#payer = payerLoop === undefined ? [seg('NM1', 'PR', '2', 'PAYER')] : echo(triggerNode(payerLoop));
    }
    this.#claims++;
    this.#total += amount;
    if (decision.accepted) {
      this.#accepted++;
      this.#acceptedTotal += amount;
    } else this.#rejectedTotal += amount;
    const billing = ancestor(claim, '2000A');
    if (billing === undefined) return;
    const out: AckSegment[] = [];
    let providerHl = this.#providers.get(billing);
    if (providerHl === undefined) {
      providerHl = ++this.#hl;
      this.#providers.set(billing, providerHl);
      out.push(seg('HL', String(providerHl), '2', '19', '1'), ...echo(triggerNode(loopIn(billing, '2010AA') ?? billing)), seg('TRN', '1', '0'));
    }
    const patientLoop = loopIn(ancestor(claim, '2000C'), '2010CA') ?? loopIn(ancestor(claim, '2000B'), '2010BA');
    const patient = patientLoop === undefined ? undefined : triggerNode(patientLoop);
    const dates = lineDates(claim);
    out.push(
      seg('HL', String(++this.#hl), String(providerHl), 'PT'),
      patient === undefined ? seg('NM1', 'QC', '1', 'UNKNOWN') : seg('NM1', 'QC', '1', el(patient, 3), el(patient, 4), '', '', '', el(patient, 8) === '' ? '' : 'MI', el(patient, 9)),
      seg('TRN', '2', el(clm, 1)),
      seg('STC', decision.accepted ? ['A2', '20'] : ['A3', '21'], this.#date, decision.accepted ? 'WQ' : 'U', x12Amount(amount)),
      ...(decision.payerClaimNumber === undefined ? [] : [seg('REF', '1K', decision.payerClaimNumber)]),
      ...(dates.length === 0 ? [] : [dates[0] === dates[dates.length - 1] ? seg('DTP', '472', 'D8', dates[0] ?? '') : seg('DTP', '472', 'RD8', `${dates[0] ?? ''}-${dates[dates.length - 1] ?? ''}`)]),
    );
    this.#count += out.length;
    if (this.#keep) this.#segments.push(...out);
    else {
      // Claims' text gathered in pieces of about 64 KiB: few strings, whatever the claim count.
      this.#buffer += serializeAck(out, DEFAULT_X12_DELIMITERS, this.#ctx.lineBreak);
      if (this.#buffer.length >= 65_536) {
        this.#text.push(this.#buffer);
        this.#buffer = '';
      }
    }
  }

  /**
   * The 277CA answering `subject` (the batch header first, then the claims added). Without
   * `keepSegments`, `segments` holds the envelope and header only (the claims are in `text`).
   */
  finish(subject: ClaimAckSubject): GeneratedX12 {
    const { ccyymmdd, hhmm } = stamp(this.#ctx);
    const root = subject.root;
    const bht = root === undefined ? undefined : segmentIn(root, 'BHT');
    const submitter = root === undefined ? undefined : loopIn(root, '1000A');
    const rejected = this.#claims - this.#accepted;
    const head: AckSegment[] = [
      seg('BHT', '0085', '08', el(bht, 3) || '0', ccyymmdd, hhmm, 'TH'),
      seg('HL', '1', '', '20', '1'),
      ...(this.#payer ?? [seg('NM1', 'PR', '2', 'PAYER')]),
      seg('TRN', '1', subject.set.controlNumber), seg('DTP', '050', 'D8', ccyymmdd), seg('DTP', '009', 'D8', ccyymmdd),
      seg('HL', '2', '1', '21', '1'),
      ...(submitter === undefined ? [seg('NM1', '41', '2', 'SUBMITTER')] : echo(triggerNode(submitter))),
      seg('TRN', '2', el(bht, 3) || subject.set.controlNumber),
      seg('STC', ['A1', '19'], ccyymmdd, 'WQ', x12Amount(this.#total)),
      ...(this.#accepted > 0 ? [seg('QTY', '90', String(this.#accepted))] : []),
      ...(rejected > 0 ? [seg('QTY', 'AA', String(rejected))] : []),
      ...(this.#accepted > 0 ? [seg('AMT', 'YU', x12Amount(this.#acceptedTotal))] : []),
      ...(rejected > 0 ? [seg('AMT', 'YY', x12Amount(this.#rejectedTotal))] : []),
    ];
    const parties = replyParties(subject.interchange, subject.group.senderCode, subject.group.receiverCode);
    const d = DEFAULT_X12_DELIMITERS;
    const { before, after, controlNumber } = envelopeSegments(parties, 'HN', '277', '005010X214', head.length + this.#count, this.#ctx, d);
    const lb = this.#ctx.lineBreak;
    if (this.#keep) {
      const segments = [...before, ...head, ...this.#segments, ...after];
      return { text: serializeAck(segments, d, lb), segments, controlNumber };
    }
    return { text: serializeAck([...before, ...head], d, lb) + this.#text.join('') + this.#buffer + serializeAck(after, d, lb), segments: [...before, ...head, ...after], controlNumber };
  }
}

/** The 277CA for `claims` (a parsed 837); `decide` says per CLM01 whether it was accepted. */
export function build277CA(claims: X12ParsedTransaction, decide: (clm01: string) => ClaimDecision, ctx: AckContext): GeneratedX12 {
  const builder = new ClaimAck277Builder(ctx, true);
  for (const claim of claims.root === undefined ? [] : descendants(claims.root, '2300')) builder.add(claim, decide(el(triggerNode(claim), 1)));
  return builder.finish({ interchange: claims.interchange, group: claims.group, set: claims.set, root: claims.root });
}
