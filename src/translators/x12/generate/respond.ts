/**
 * Everything an inbound X12 input is answered with, computed purely (the caller does the I/O through
 * the lookups): per interchange the TA1 / 999 from SNIP 1–3 findings, and per accepted transaction set
 * its FHIR translation plus the response transaction: 271 for a 270, 277 for a 276, a 278 response for
 * a 278 request, a 277CA for an 837. Rejected sets get no translation and no response; acknowledgements
 * are never answered. This is what `POST /ingest/x12` and the inbox worker call.
 * https://x12.org (TA1, 999, 271, 277, 277CA, 278); CAQH CORE real-time rules
 */
import type { Coverage } from 'fhir/r4.js';
import { acknowledgeInterchange, type AckContext, type InterchangeAcks } from '../ack/index.js';
import { translateX12Transaction, type ClaimStatusQuery, type EligibilityInquiry, type X12TranslateContext, type X12TranslateOutput } from '../fhir/index.js';
import { validateX12, type X12ValidateOptions } from '../snip/index.js';
import { el, segmentIn, type X12Loop, type X12ParsedTransaction } from '../transactions/index.js';
import { build271 } from './eligibility-271.js';
import { build277, type ClaimStatusAnswer } from './claim-status-277.js';
import { build277CA, type ClaimDecision } from './claim-ack-277ca.js';
import type { GeneratedX12 } from './envelope.js';
import { build278Response, type ReviewDecision } from './review-278-response.js';

/** The lookups a response needs (answered from the store by the caller, synchronously from a snapshot). */
export interface X12Lookups {
  /** Stored coverages of an eligibility inquiry's member (empty: unknown member). */
  coverages(q: EligibilityInquiry): readonly Coverage[];
  /** Status of a claim status query. */
  claimStatus(q: ClaimStatusQuery): ClaimStatusAnswer;
  /** Decision on a 278 request event / service (default: pended, A4). */
  review?(event: X12Loop, service: X12Loop | undefined): ReviewDecision;
  /** Payer claim number of an accepted claim (277CA REF*1K), if one is assigned. */
  payerClaimNumber?(clm01: string): string | undefined;
}

/** One transaction set's outcome. */
export interface X12SetAnswer {
  readonly transaction: X12ParsedTransaction;
  readonly accepted: boolean;
  readonly translation?: X12TranslateOutput;
  readonly response?: GeneratedX12;
}

/** The answer to a whole input. */
export interface X12Answer {
  readonly acknowledgements: readonly InterchangeAcks[];
  readonly sets: readonly X12SetAnswer[];
}

const PENDED: ReviewDecision = { action: 'A4' };

/** Validates, acknowledges, translates and answers `input`. Never throws for bad input. */
export function respondToX12(input: Uint8Array | string, lookups: X12Lookups, translate: X12TranslateContext, ack: AckContext,
  options: X12ValidateOptions = {}): X12Answer {
  const v = validateX12(input, options);
  const acknowledgements = v.envelope.interchanges.map((ic, i) => acknowledgeInterchange(ic, (v.findings[i] ?? []).filter((f) => f.level !== 'interchange'), ack));
  const sets = v.transactions.map((t): X12SetAnswer => {
    const icIndex = v.envelope.interchanges.indexOf(t.interchange);
    const interchangeRejected = acknowledgements[icIndex]?.ta1?.code === 'R';
    const findings = v.findings[icIndex] ?? [];
    const groupRejected = findings.some((f) => f.level === 'group' && f.group === t.groupIndex && f.severity === 'error');
    const setRejected = t.findings.some((f) => f.severity === 'error')
      || findings.some((f) => f.level === 'transaction' && f.group === t.groupIndex && f.transaction === t.transactionIndex && f.severity === 'error');
    const accepted = !interchangeRejected && !groupRejected && !setRejected && t.spec !== undefined && t.root !== undefined;
    if (!accepted || t.spec === undefined || t.root === undefined) return { transaction: t, accepted: false };
    const translation = translateX12Transaction(t.spec, t.root, translate);
    const response = responseFor(t, t.root, lookups, translate, ack);
    return { transaction: t, accepted, translation, ...(response === undefined ? {} : { response }) };
  });
  return { acknowledgements, sets };
}

function responseFor(t: X12ParsedTransaction, root: X12Loop, lookups: X12Lookups, translate: X12TranslateContext, ctx: AckContext): GeneratedX12 | undefined {
  switch (t.spec?.name) {
    case '270': return build271(t, (q) => lookups.coverages(q), ctx);
    case '276': return build277(t, (q) => lookups.claimStatus(q), translate, ctx);
    case '278': return el(segmentIn(root, 'BHT'), 2) === '11' ? undefined : build278Response(t, (e, s) => lookups.review?.(e, s) ?? PENDED, ctx);
    case '837P': case '837I': case '837D':
      return build277CA(t, (clm01): ClaimDecision => {
        const number = lookups.payerClaimNumber?.(clm01);
        return { accepted: true, ...(number === undefined ? {} : { payerClaimNumber: number }) };
      }, ctx);
    default: return undefined;
  }
}
