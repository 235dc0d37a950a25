/**
 * 835 → per claim payment (2100 CLP): a ClaimResponse (provider view) and a CARIN Blue Button
 * ExplanationOfBenefit (member view), and per transaction one PaymentReconciliation (BPR / TRN, one
 * detail per claim and per PLB adjustment). CAS adjustments become adjudications with the group code
 * as category and the CARC as reason; LQ remarks carry RARC codes. A reversal (CLP02 = 22) is written
 * as a new version of the same ClaimResponse / EOB with status `cancelled`.
 * https://hl7.org/fhir/us/carin-bb/ ; https://hl7.org/fhir/R4/paymentreconciliation.html ; X12 005010X221A1
 */
import type {
  ClaimResponse, ClaimResponseItemAdjudication, CodeableConcept, Coverage, ExplanationOfBenefit, Identifier, PaymentReconciliation,
  PaymentReconciliationDetail, Reference,
} from 'fhir/r4.js';
import { comp, el, loopIn, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop, type X12SegmentNode } from '../transactions/index.js';
import type { X12BundleBuilder } from './bundle.js';
import { modifierConcept, procedureSystem } from './claim-837-coding.js';
import { dtpPeriod, fhirDate, money, organizationFrom, patientFrom, refValue, systemFor, text } from './common.js';
import { codeable, fixed, SYSTEMS, type X12TranslateContext } from './context.js';

/** The payment header shared by the claims of one 835. */
export interface RemittanceHeader {
  readonly payer: Reference | undefined;
  readonly payerId: string;
  readonly payee: Reference | undefined;
  readonly payeeId: string;
  readonly created: string;
  readonly paymentDate: string | undefined;
  readonly trace: Identifier | undefined;
}

const adjudication = (system: string, code: string, amount: string): ClaimResponseItemAdjudication | undefined => {
  const m = money(amount);
  return m === undefined ? undefined : { category: fixed(system, code), amount: m };
};

/** CAS segments of a loop → adjudications (category = group code, reason = CARC). */
function casAdjudications(ctx: X12TranslateContext, loop: X12Loop | undefined): ClaimResponseItemAdjudication[] {
  const out: ClaimResponseItemAdjudication[] = [];
  for (const cas of segmentsIn(loop, 'CAS')) {
    for (const n of [2, 5, 8, 11, 14, 17]) {
      const reason = el(cas, n);
      const amount = money(el(cas, n + 1));
      if (reason === '' || amount === undefined) continue;
      const quantity = Number(el(cas, n + 2));
      out.push({
        category: codeable(ctx, SYSTEMS.casGroup, el(cas, 1)), reason: codeable(ctx, SYSTEMS.carc, reason), amount,
        ...(el(cas, n + 2) !== '' && Number.isFinite(quantity) ? { value: quantity } : {}),
      });
    }
  }
  return out;
}

/** LQ remark codes (RARC) of a loop, as adjudications with the CARIN `denialreason` discriminator. */
function remarks(ctx: X12TranslateContext, loop: X12Loop | undefined, moa?: X12SegmentNode): ClaimResponseItemAdjudication[] {
  const codes = segmentsIn(loop, 'LQ', 'HE', 'RX').map((lq) => el(lq, 2));
  if (moa !== undefined) for (const n of [3, 4, 5, 6, 7]) if (el(moa, n) !== '') codes.push(el(moa, n));
  const mia = segmentIn(loop, 'MIA');
  if (mia !== undefined) for (const n of [5, 20, 21, 22, 23]) if (el(mia, n) !== '') codes.push(el(mia, n));
  return codes.filter((c) => c !== '').map((c) => ({ category: fixed(SYSTEMS.c4bbDiscriminator, 'denialreason'), reason: codeable(ctx, SYSTEMS.rarc, c) }));
}

/** Reads the 835 header (BPR, TRN, 1000A payer, 1000B payee) and adds the parties to `b`. */
export function remittanceHeader(ctx: X12TranslateContext, b: X12BundleBuilder, root: X12Loop): RemittanceHeader {
  const bpr = segmentIn(root, 'BPR');
  const trn = segmentIn(root, 'TRN');
  const payerLoop = loopIn(root, '1000A');
  const payeeLoop = loopIn(root, '1000B');
  const payerId = refValue(payerLoop, '2U') || text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 4) || text(trn, 3);
  const payeeId = text(payeeLoop === undefined ? undefined : triggerNode(payeeLoop), 4);
  const paymentDate = fhirDate(el(bpr, 16));
  const production = fhirDate(el(segmentIn(root, 'DTM', '405'), 2));
  return {
    payer: organizationFrom(ctx, b, payerLoop, 'pay'), payerId,
    payee: organizationFrom(ctx, b, payeeLoop, 'prov'), payeeId,
    created: production ?? paymentDate ?? ctx.now().toISOString().slice(0, 10),
    paymentDate,
    trace: text(trn, 2) === '' ? undefined : { system: systemFor(ctx, 'trace', text(trn, 3)), value: text(trn, 2) },
  };
}

/** Claim payment → ClaimResponse + EOB; returns the references and the paid amount for the reconciliation. */
export function mapClaimPayment(ctx: X12TranslateContext, b: X12BundleBuilder, h: RemittanceHeader, claim: X12Loop):
  { response: Reference; claimIdentifier: Identifier; paid: string } {
  const clp = triggerNode(claim);
  const reversal = el(clp, 2) === '22';
  const memberLoop: X12Loop = claim;
  const qc = segmentIn(memberLoop, 'NM1', 'QC');
  const il = segmentIn(memberLoop, 'NM1', 'IL');
  const member = il ?? qc;
  const memberId = el(member, 8) === 'MI' || el(member, 8) === 'HN' ? text(member, 9) : '';
  const patient = patientFromNode(ctx, b, qc ?? il, h.payerId);
  const coverage: Coverage = {
    resourceType: 'Coverage', status: 'active', beneficiary: patient, payor: [h.payer ?? { display: 'unknown payer' }],
    ...(memberId === '' ? {} : { subscriberId: memberId, identifier: [{ system: systemFor(ctx, 'coverage', h.payerId), value: memberId }] }),
  };
  const coverageRef = memberId === '' ? b.add(coverage, 'create') : b.addIdentified(coverage, 'create-if-absent', coverage.identifier?.[0] ?? {});
  const claimIdentifier: Identifier = { system: systemFor(ctx, 'claim', h.payeeId), value: text(clp, 1) };
  const payerClaimId: Identifier = { type: fixed(SYSTEMS.c4bbIdentifierType, 'uc', 'Unique Claim ID'), system: systemFor(ctx, 'payer-claim', h.payerId), value: text(clp, 7) || text(clp, 1) };
  const type = fixed(SYSTEMS.claimType, segmentIn(claim, 'MIA') !== undefined ? 'institutional' : 'professional');
  const items = loopsIn(claim, '2110').map((svc, i) => serviceLine(ctx, svc, i));
  const claimAdjustments = [...casAdjudications(ctx, claim), ...remarks(ctx, undefined, segmentIn(claim, 'MOA')), ...remarks(ctx, claim)];
  const total = [
    adjudication(SYSTEMS.adjudication, 'submitted', el(clp, 3)),
    adjudication(SYSTEMS.adjudication, 'benefit', el(clp, 4)),
    adjudication(SYSTEMS.c4bbAdjudication, 'memberliability', el(clp, 5)),
  ].filter((a): a is ClaimResponseItemAdjudication => a !== undefined);
  const period = { start: dtpPeriod(segmentIn(claim, 'DTM', '232')).date, end: dtpPeriod(segmentIn(claim, 'DTM', '233')).date };
  const payment = {
    type: fixed('http://terminology.hl7.org/CodeSystem/ex-paymenttype', 'complete'),
    ...(h.paymentDate === undefined ? {} : { date: h.paymentDate }),
    amount: money(el(clp, 4)) ?? { value: 0, currency: 'USD' },
    ...(h.trace === undefined ? {} : { identifier: h.trace }),
  };
  const status = reversal ? 'cancelled' : 'active';
  const claimStatus = codeable(ctx, 'https://x12.org/codes/claim-status-codes-835', el(clp, 2));
  const response: ClaimResponse = {
    resourceType: 'ClaimResponse', identifier: [payerClaimId], status, type, use: 'claim', patient, created: h.created,
    insurer: h.payer ?? { display: 'unknown payer' }, ...(h.payee === undefined ? {} : { requestor: h.payee }),
    request: { identifier: claimIdentifier }, outcome: 'complete', disposition: claimStatus.coding?.[0]?.code ?? '',
    ...(items.length > 0 ? { item: items } : {}),
    ...(claimAdjustments.length > 0 ? { adjudication: claimAdjustments } : {}),
    total: total.map((t) => ({ category: t.category, amount: t.amount ?? { value: 0, currency: 'USD' } })),
    payment,
  };
  const responseRef = b.addIdentified(response, 'upsert', payerClaimId);
  const eob: ExplanationOfBenefit = {
    resourceType: 'ExplanationOfBenefit', identifier: [payerClaimId], status, type, use: 'claim', patient,
    ...(period.start === undefined ? {} : { billablePeriod: { start: period.start, ...(period.end === undefined ? {} : { end: period.end }) } }),
    created: h.created, insurer: h.payer ?? { display: 'unknown payer' }, provider: h.payee ?? { display: 'unknown provider' },
    claim: { identifier: claimIdentifier }, claimResponse: responseRef, outcome: 'complete',
    insurance: [{ focal: true, coverage: coverageRef }],
    ...(items.length > 0 ? { item: items.map((it, i) => ({ ...eobItem(ctx, loopsIn(claim, '2110')[i]), sequence: it.itemSequence, ...(it.adjudication === undefined ? {} : { adjudication: it.adjudication }) })) } : {}),
    ...(claimAdjustments.length > 0 ? { adjudication: claimAdjustments } : {}),
    total: total.map((t) => ({ category: t.category, amount: t.amount ?? { value: 0, currency: 'USD' } })),
    payment,
  };
  b.addIdentified(eob, 'upsert', payerClaimId);
  return { response: responseRef, claimIdentifier, paid: el(clp, 4) };
}

/** A 2110 SVC loop → ClaimResponse.item (submitted, benefit, CAS, remarks). */
function serviceLine(ctx: X12TranslateContext, svc: X12Loop, index: number): NonNullable<ClaimResponse['item']>[number] {
  const node = triggerNode(svc);
  const control = Number(refValue(svc, '6R'));
  const adjudications = [
    adjudication(SYSTEMS.adjudication, 'submitted', el(node, 2)),
    adjudication(SYSTEMS.adjudication, 'benefit', el(node, 3)),
    ...casAdjudications(ctx, svc), ...remarks(ctx, svc),
  ].filter((a): a is ClaimResponseItemAdjudication => a !== undefined);
  return { itemSequence: Number.isInteger(control) && control > 0 ? control : index + 1, adjudication: adjudications };
}

/** EOB item service fields of a 2110 loop (product, modifiers, date, units). */
function eobItem(ctx: X12TranslateContext, svc: X12Loop | undefined): Omit<NonNullable<ExplanationOfBenefit['item']>[number], 'sequence'> {
  const node = svc === undefined ? undefined : triggerNode(svc);
  const q = comp(node, 1, 1);
  const code = comp(node, 1, 2);
  const productOrService: CodeableConcept = code === '' ? fixed('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'not-applicable') : codeable(ctx, procedureSystem(q, code), code);
  const modifier = [3, 4, 5, 6].map((c) => comp(node, 1, c)).filter((m) => m !== '').map((m) => modifierConcept(ctx, m));
  const date = dtpPeriod(segmentIn(svc, 'DTM', '472') ?? segmentIn(svc, 'DTM', '150')).date;
  const units = Number(el(node, 5));
  return {
    productOrService, ...(modifier.length > 0 ? { modifier } : {}), ...(date === undefined ? {} : { servicedDate: date }),
    ...(el(node, 4) === '' ? {} : { revenue: codeable(ctx, SYSTEMS.revenue, el(node, 4)) }),
    ...(el(node, 5) !== '' && Number.isFinite(units) ? { quantity: { value: units } } : {}),
  };
}

function patientFromNode(ctx: X12TranslateContext, b: X12BundleBuilder, nm1: X12SegmentNode | undefined, payerId: string): Reference {
  if (nm1 === undefined) return { display: 'unknown patient' };
  // A one-segment pseudo loop: the NM1 alone identifies the patient in an 835.
  const loop: X12Loop = { kind: 'loop', id: '2100', spec: nm1.loop.spec, parent: undefined, items: [nm1], position: nm1.position };
  return patientFrom(ctx, b, loop, payerId) ?? { display: 'unknown patient' };
}

/** BPR / TRN → PaymentReconciliation with one detail per claim and per PLB adjustment. */
export function mapPayment(ctx: X12TranslateContext, b: X12BundleBuilder, h: RemittanceHeader, root: X12Loop,
  claims: readonly { response: Reference; claimIdentifier: Identifier; paid: string }[]): void {
  const bpr = segmentIn(root, 'BPR');
  const details: PaymentReconciliationDetail[] = claims.map((c) => ({
    type: fixed(SYSTEMS.paymentType, 'payment'), request: { identifier: c.claimIdentifier }, response: c.response,
    ...(money(c.paid) === undefined ? {} : { amount: money(c.paid) }),
  }));
  for (const plb of segmentsIn(root, 'PLB')) {
    for (const n of [3, 5, 7, 9, 11, 13]) {
      const amount = money(el(plb, n + 1));
      if (amount === undefined) continue;
      details.push({
        type: fixed(SYSTEMS.paymentType, 'adjustment'),
        identifier: { system: 'https://x12.org/codes/provider-adjustment-reason-codes', value: [comp(plb, n, 1), comp(plb, n, 2)].filter((x) => x !== '').join(':') },
        // PLB amounts reduce the payment: a positive PLB04 is money taken back.
        amount: { value: -(amount.value ?? 0), currency: 'USD' },
        ...(fhirDate(el(plb, 2)) === undefined ? {} : { date: fhirDate(el(plb, 2)) }),
      });
    }
  }
  const recon: PaymentReconciliation = {
    resourceType: 'PaymentReconciliation', status: 'active', ...(h.trace === undefined ? {} : { identifier: [h.trace] }),
    created: h.created, ...(h.payer === undefined ? {} : { paymentIssuer: h.payer }), ...(h.payee === undefined ? {} : { requestor: h.payee }),
    outcome: 'complete', paymentDate: h.paymentDate ?? h.created, paymentAmount: money(el(bpr, 2)) ?? { value: 0, currency: 'USD' },
    ...(h.trace === undefined ? {} : { paymentIdentifier: h.trace }),
    ...(details.length > 0 ? { detail: details } : {}),
  };
  if (h.trace === undefined) b.add(recon, 'create');
  else b.addIdentified(recon, 'upsert', h.trace);
}
