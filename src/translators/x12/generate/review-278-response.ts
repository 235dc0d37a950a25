/**
 * 278 response (005010X217, BHT02 = 11) to a parsed 278 request: the request hierarchy echoed (UMO,
 * requester, subscriber, dependent, patient event, services), TRN*2 echoing each trace, and the
 * decision as HCR (A1 certified with HCR02 = the authorization number, A3 not certified with a reason,
 * A4 pended, A6 modified) on the event and on each service, with the certified period (DTP*AAH).
 * https://x12.org (005010X217 HCR); https://hl7.org/fhir/us/davinci-pas/
 */
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { el, segmentIn, triggerNode, type X12Loop, type X12ParsedTransaction } from '../transactions/index.js';
import { envelope, seg, x12Date, type GeneratedX12 } from './envelope.js';
import { echo, replyParties } from './reply.js';

/** A review decision (Da Vinci PAS reviewAction: A1 certified, A3 not certified, A4 pended, A6 modified, C cancelled). */
export interface ReviewDecision {
  readonly action: 'A1' | 'A3' | 'A4' | 'A6' | 'C';
  /** HCR02 certification number (A1 / A6). */
  readonly authorization?: string;
  /** HCR03 reason (industry code list 306), for A3 / A6. */
  readonly reason?: string;
  /** Certified period. */
  readonly period?: { readonly start: string; readonly end?: string };
}

const HL_LEVEL: Readonly<Record<string, string>> = { '2000A': '20', '2000B': '21', '2000C': '22', '2000D': '23', '2000E': 'EV', '2000F': 'SS' };

/** The 278 response to `request`; `decide` gives the decision for the event (service = undefined) and each service loop. */
export function build278Response(request: X12ParsedTransaction, decide: (event: X12Loop, service: X12Loop | undefined) => ReviewDecision, ctx: AckContext): GeneratedX12 {
  const root = request.root;
  const { ccyymmdd, hhmm } = stamp(ctx);
  const bht = root === undefined ? undefined : segmentIn(root, 'BHT');
  const body: AckSegment[] = [seg('BHT', '0007', '11', el(bht, 3) || '0', ccyymmdd, hhmm)];
  let hl = 0;
  const hcr = (d: ReviewDecision): AckSegment[] => [
    seg('HCR', d.action, d.authorization ?? '', d.reason ?? ''),
    ...(d.period === undefined ? [] : [d.period.end === undefined ? seg('DTP', 'AAH', 'D8', x12Date(d.period.start)) : seg('DTP', 'AAH', 'RD8', `${x12Date(d.period.start)}-${x12Date(d.period.end)}`)]),
  ];
  const visit = (loop: X12Loop, parentHl: number, event: X12Loop | undefined): void => {
    for (const item of loop.items) {
      if (item.kind !== 'loop') continue;
      const level = HL_LEVEL[item.id];
      if (level !== undefined) {
        const mine = ++hl;
        const hasChild = item.items.some((i) => i.kind === 'loop' && HL_LEVEL[i.id] !== undefined);
        body.push(seg('HL', String(mine), parentHl === 0 ? '' : String(parentHl), level, hasChild ? '1' : '0'));
        if (level === 'EV' || level === 'SS') {
          const trn = segmentIn(item, 'TRN');
          if (trn !== undefined) body.push(seg('TRN', '2', el(trn, 2), el(trn, 3)));
          const um = segmentIn(item, 'UM');
          if (um !== undefined) body.push(...echo(um));
          body.push(...hcr(decide(level === 'EV' ? item : event ?? item, level === 'SS' ? item : undefined)));
          body.push(...echo(segmentIn(item, 'SV1')), ...echo(segmentIn(item, 'SV2')), ...echo(segmentIn(item, 'HSD')));
        }
        visit(item, mine, level === 'EV' ? item : event);
      } else if (/^2010[A-D]$/.test(item.id)) {
        body.push(...echo(triggerNode(item)));
        if (item.id === '2010C' || item.id === '2010D') body.push(...echo(segmentIn(item, 'DMG')));
      }
    }
  };
  if (root !== undefined) visit(root, 0, undefined);
  return envelope(replyParties(request.interchange, request.group.senderCode, request.group.receiverCode), 'HI', '278', '005010X217', body, ctx);
}
