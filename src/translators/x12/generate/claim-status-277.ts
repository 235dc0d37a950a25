/**
 * 277 Health Care Claim Status Response (005010X212) answering a parsed 276: the request hierarchy
 * mirrored (2000A payer … 2000D subscriber / 2000E dependent) and per 2200 a TRN*2 echoing the trace
 * with an STC status (category:status, date, action, billed, paid) built from what the caller found
 * (Claim / ClaimResponse), plus REF*1K / REF*EJ and the service dates. Nothing found answers
 * STC A4:35 (claim not found). https://x12.org (005010X212 STC)
 */
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { mapClaimStatusQueries, type ClaimStatusQuery, type X12TranslateContext } from '../fhir/index.js';
import { el, segmentIn, triggerNode, type X12Loop, type X12ParsedTransaction } from '../transactions/index.js';
import { envelope, seg, x12Amount, x12Date, type GeneratedX12 } from './envelope.js';
import { echo, replyParties } from './reply.js';

/** A claim status as found: STC category (A1–A8, F0–F4, P0–P5, R0–R16 …), status code, amounts. */
export interface ClaimStatusAnswer {
  readonly category: string;
  readonly status: string;
  readonly effective?: string;
  readonly billed?: number;
  readonly paid?: number;
  readonly paidDate?: string;
  readonly payerClaimNumber?: string;
}

/** Claim not found (A4 acknowledgement / not found, 35 claim not found). */
export const CLAIM_NOT_FOUND: ClaimStatusAnswer = { category: 'A4', status: '35' };

/** The 277 for `request` (a parsed 276); `answer` resolves each query (its searches) to a status. */
export function build277(request: X12ParsedTransaction, answer: (q: ClaimStatusQuery) => ClaimStatusAnswer, ids: X12TranslateContext, ctx: AckContext): GeneratedX12 {
  const root = request.root;
  const { ccyymmdd, hhmm } = stamp(ctx);
  const queries = root === undefined ? [] : mapClaimStatusQueries(ids, root);
  const byLoop = new Map<X12Loop, ClaimStatusQuery>(queries.map((q) => [q.loop, q]));
  const body: AckSegment[] = [seg('BHT', '0010', '08', el(root === undefined ? undefined : segmentIn(root, 'BHT'), 3) || '0', ccyymmdd, hhmm, 'DG')];
  let hl = 0;
  // Walk the request's HL tree, renumbering and echoing the names; answer each 2200 TRN loop.
  const visit = (loop: X12Loop, parentHl: number): void => {
    for (const item of loop.items) {
      if (item.kind !== 'loop') continue;
      if (/^2000[A-E]$/.test(item.id)) {
        const hlNode = triggerNode(item);
        const mine = ++hl;
        const hasChild = item.items.some((i) => i.kind === 'loop' && /^2000[A-E]$/.test(i.id));
        body.push(seg('HL', String(mine), parentHl === 0 ? '' : String(parentHl), el(hlNode, 3), item.id === '2000D' || item.id === '2000E' ? (hasChild ? '1' : '0') : '1'));
        visit(item, mine);
      } else if (/^2100[A-E]$/.test(item.id)) {
        body.push(...echo(triggerNode(item)));
        visit(item, parentHl);
      } else if (item.id === '2200D' || item.id === '2200E') {
        const q = byLoop.get(item);
        if (q === undefined) continue;
        const a = answer(q);
        const billed = a.billed ?? (q.billed === '' ? undefined : Number(q.billed));
        body.push(
          seg('TRN', '2', q.trace),
          seg('STC', [a.category, a.status], x12Date(a.effective) || ccyymmdd, '', x12Amount(billed), x12Amount(a.paid), '', x12Date(a.paidDate)),
          ...(a.payerClaimNumber ?? q.payerClaimNumber) !== '' ? [seg('REF', '1K', a.payerClaimNumber ?? q.payerClaimNumber)] : [],
          ...(q.patientAccountNumber === '' ? [] : [seg('REF', 'EJ', q.patientAccountNumber)]),
          ...(q.serviceDate.period === undefined ? [] : [q.serviceDate.period.start === q.serviceDate.period.end
            ? seg('DTP', '472', 'D8', x12Date(q.serviceDate.period.start))
            : seg('DTP', '472', 'RD8', `${x12Date(q.serviceDate.period.start)}-${x12Date(q.serviceDate.period.end)}`)]),
        );
      }
    }
  };
  if (root !== undefined) visit(root, 0);
  return envelope(replyParties(request.interchange, request.group.senderCode, request.group.receiverCode), 'HN', '277', '005010X212', body, ctx);
}
