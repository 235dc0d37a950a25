/**
 * 276 → claim status queries: per 2200D / 2200E TRN, the searches over stored Claim / ClaimResponse
 * that answer it (by the provider's patient control number REF EJ = CLM01, the payer's claim number
 * REF 1K, the member). The 277 generator answers from what the searches find.
 * https://x12.org (005010X212); https://hl7.org/fhir/R4/search.html
 */
import { ancestor, el, loopIn, segmentIn, triggerNode, type X12Loop } from '../transactions/index.js';
import { conditionalUrl } from './bundle.js';
import { dtpPeriod, refValue, systemFor, text } from './common.js';
import type { X12TranslateContext } from './context.js';

/** One claim status question. */
export interface ClaimStatusQuery {
  /** The 2200D / 2200E loop asked about (the 277 answers in the same place). */
  readonly loop: X12Loop;
  readonly trace: string;
  readonly payerId: string;
  readonly providerId: string;
  readonly memberId: string;
  readonly patientAccountNumber: string;
  readonly payerClaimNumber: string;
  readonly billed: string;
  readonly serviceDate: ReturnType<typeof dtpPeriod>;
  /** FHIR searches (`Type?params`) that find the claim and its responses, most specific first. */
  readonly searches: readonly string[];
}

/** Every status question of a 276 tree. */
export function mapClaimStatusQueries(ctx: X12TranslateContext, root: X12Loop): ClaimStatusQuery[] {
  const out: ClaimStatusQuery[] = [];
  const visit = (loop: X12Loop): void => {
    for (const item of loop.items) {
      if (item.kind !== 'loop') continue;
      if (item.id === '2200D' || item.id === '2200E') out.push(query(ctx, item));
      else visit(item);
    }
  };
  visit(root);
  return out;
}

function query(ctx: X12TranslateContext, trn: X12Loop): ClaimStatusQuery {
  const payerLoop = loopIn(ancestor(trn, '2000A'), '2100A');
  const providerLoop = loopIn(ancestor(trn, '2000C'), '2100C');
  const subscriberLoop = loopIn(ancestor(trn, '2000D'), '2100D');
  const payerId = text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 9);
  const providerId = text(providerLoop === undefined ? undefined : triggerNode(providerLoop), 9);
  const memberId = text(subscriberLoop === undefined ? undefined : triggerNode(subscriberLoop), 9);
  const patientAccountNumber = refValue(trn, 'EJ');
  const payerClaimNumber = refValue(trn, '1K');
  const searches: string[] = [];
  if (payerClaimNumber !== '') searches.push(conditionalUrl('ClaimResponse', { system: systemFor(ctx, 'payer-claim', payerId), value: payerClaimNumber }));
  if (patientAccountNumber !== '') {
    searches.push(conditionalUrl('Claim', { system: systemFor(ctx, 'claim', providerId), value: patientAccountNumber }));
  }
  return {
    loop: trn, trace: text(triggerNode(trn), 2), payerId, providerId, memberId, patientAccountNumber, payerClaimNumber,
    billed: el(segmentIn(trn, 'AMT', 'T3'), 2), serviceDate: dtpPeriod(segmentIn(trn, 'DTP', '472')), searches,
  };
}
