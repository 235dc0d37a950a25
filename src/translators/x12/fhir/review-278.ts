/**
 * 278 → Da Vinci PAS shapes. A request (BHT02 = 13) becomes a Claim with use = preauthorization
 * (patient 2010C / 2010D, UMO 2010A as insurer, requester 2010B as provider, diagnoses HI, one item
 * per 2000F service or one from the 2000E UM when there is none) and a pended ClaimResponse
 * (outcome queued). A response (BHT02 = 11) becomes a ClaimResponse with the HCR decision per event
 * and service (A1 certified, A3 denied, A4 pended, A6 modified, C cancelled) and HCR02 as preAuthRef.
 * https://hl7.org/fhir/us/davinci-pas/ ; X12 005010X217
 */
import type { Claim, ClaimItem, Coverage, ClaimResponse, ClaimResponseItem, Identifier, Reference } from 'fhir/r4.js';
import { comp, el, loopIn, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop } from '../transactions/index.js';
import type { X12BundleBuilder } from './bundle.js';
import { diagnosisType, hiQualifier, icdWithDot, modifierConcept, procedureSystem } from './claim-837-coding.js';
import { dtpPeriod, fhirDate, money, num, organizationFrom, patientFrom, providerFrom, systemFor, text } from './common.js';
import { codeable, fixed, SYSTEMS, type X12TranslateContext } from './context.js';

/** HCR01 → ClaimResponse outcome and PAS review action. */
const DECISION: Readonly<Record<string, { outcome: ClaimResponse['outcome']; action: string }>> = {
  A1: { outcome: 'complete', action: 'A1' }, A3: { outcome: 'complete', action: 'A3' }, A4: { outcome: 'queued', action: 'A4' },
  A6: { outcome: 'complete', action: 'A6' }, C: { outcome: 'complete', action: 'C' }, CT: { outcome: 'partial', action: 'CT' }, D: { outcome: 'complete', action: 'D' },
  IP: { outcome: 'queued', action: 'IP' }, NA: { outcome: 'complete', action: 'NA' },
};

interface Review {
  readonly event: X12Loop;
  readonly patient: Reference;
  readonly insurer: Reference;
  readonly provider: Reference;
  readonly trace: Identifier | undefined;
  readonly coverage: Reference;
  readonly created: string;
  readonly type: 'professional' | 'institutional';
}

function readReview(ctx: X12TranslateContext, b: X12BundleBuilder, root: X12Loop, event: X12Loop): Review {
  const umo = loopIn(root, '2000A');
  const requester = loopIn(umo, '2000B');
  const subscriber = loopIn(requester, '2000C');
  const dependent = loopIn(subscriber, '2000D');
  const umoLoop = loopIn(umo, '2010A');
  const payerId = text(umoLoop === undefined ? undefined : triggerNode(umoLoop), 9);
  const patient = patientFrom(ctx, b, loopIn(dependent, '2010D') ?? loopIn(subscriber, '2010C'), payerId) ?? { display: 'unknown patient' };
  const trn = segmentIn(event, 'TRN');
  const um = segmentIn(event, 'UM');
  const subLoop = loopIn(subscriber, '2010C');
  const memberId = text(subLoop === undefined ? undefined : triggerNode(subLoop), 9);
  const insurer = organizationFrom(ctx, b, umoLoop, 'pay') ?? { display: 'unknown UMO' };
  const coverageId: Identifier = { system: systemFor(ctx, 'coverage', payerId), value: memberId };
  const coverage: Coverage = {
    resourceType: 'Coverage', status: 'active', beneficiary: patient, payor: [insurer],
    ...(memberId === '' ? {} : { identifier: [coverageId], subscriberId: memberId }),
  };
  return {
    event, patient, coverage: memberId === '' ? b.add(coverage, 'create') : b.addIdentified(coverage, 'create-if-absent', coverageId),
    insurer,
    provider: providerFrom(ctx, b, loopIn(requester, '2010B')) ?? { display: 'unknown requester' },
    trace: text(trn, 2) === '' ? undefined : { system: systemFor(ctx, 'trace', text(trn, 3)), value: text(trn, 2) },
    created: fhirDate(el(segmentIn(root, 'BHT'), 4)) ?? ctx.now().toISOString().slice(0, 10),
    type: el(um, 2) === 'I' ? 'institutional' : 'professional',
  };
}

/** One requested service: 2000F (SV1 / SV2 / SV3, UM03 service type, HSD quantity, DTP 472) or the 2000E event. */
function serviceItem(ctx: X12TranslateContext, loop: X12Loop, sequence: number): ClaimItem {
  const sv = segmentIn(loop, 'SV1') ?? segmentIn(loop, 'SV3');
  const sv2 = segmentIn(loop, 'SV2');
  const procElement = sv2 !== undefined ? 2 : 1;
  const proc = sv ?? sv2;
  const code = comp(proc, procElement, 2);
  const um = segmentIn(loop, 'UM');
  const hsd = segmentIn(loop, 'HSD');
  const date = dtpPeriod(segmentIn(loop, 'DTP', '472'));
  const quantity = num(el(hsd, 2)) ?? num(sv === undefined ? '' : el(sv, 4));
  const modifier = [3, 4, 5, 6].map((c) => comp(proc, procElement, c)).filter((m) => m !== '').map((m) => modifierConcept(ctx, m));
  const net = money(sv === undefined ? el(sv2, 3) : el(sv, 2));
  return {
    sequence,
    ...(el(um, 3) === '' ? {} : { category: codeable(ctx, SYSTEMS.serviceType, el(um, 3)) }),
    productOrService: code === '' ? (el(um, 3) === '' ? fixed('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'not-applicable') : codeable(ctx, SYSTEMS.serviceType, el(um, 3)))
      : codeable(ctx, procedureSystem(comp(proc, procElement, 1), code), code),
    ...(modifier.length > 0 ? { modifier } : {}),
    ...(date.period !== undefined && date.period.start !== date.period.end ? { servicedPeriod: date.period } : date.date === undefined ? {} : { servicedDate: date.date }),
    ...(quantity === undefined ? {} : { quantity: { value: quantity } }),
    ...(net === undefined ? {} : { net }),
  };
}

/** 278 request → Claim (preauthorization) + pended ClaimResponse; 278 response → ClaimResponse with decisions. */
export function mapServicesReview(ctx: X12TranslateContext, b: X12BundleBuilder, root: X12Loop): void {
  const response = el(segmentIn(root, 'BHT'), 2) === '11';
  const events = loopsIn(loopIn(loopIn(loopIn(root, '2000A'), '2000B'), '2000C'), '2000E');
  for (const event of events) {
    const r = readReview(ctx, b, root, event);
    const services = loopsIn(event, '2000F');
    const items = services.length > 0 ? services.map((s, i) => serviceItem(ctx, s, i + 1)) : [serviceItem(ctx, event, 1)];
    const identifier = r.trace === undefined ? [] : [r.trace];
    const base = { status: 'active' as const, type: fixed(SYSTEMS.claimType, r.type), use: 'preauthorization' as const, patient: r.patient, created: r.created, insurer: r.insurer };
    if (!response) {
      const diagnosis = segmentsIn(event, 'HI').flatMap((hi) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((n) => {
        const kind = hiQualifier(comp(hi, n, 1));
        const code = comp(hi, n, 2);
        return kind === undefined || code === '' ? [] : [{ kind, code }];
      })).map(({ kind, code }, i) => ({ sequence: i + 1, diagnosisCodeableConcept: codeable(ctx, kind[1], icdWithDot(code, kind[1])), type: [diagnosisType(kind[0])] }));
      const claim: Claim = {
        resourceType: 'Claim', ...(identifier.length > 0 ? { identifier } : {}), ...base, provider: r.provider,
        priority: fixed(SYSTEMS.processPriority, el(segmentIn(event, 'UM'), 6) === '03' ? 'stat' : 'normal'),
        ...(diagnosis.length > 0 ? { diagnosis } : {}), insurance: [{ sequence: 1, focal: true, coverage: r.coverage }], item: items,
      };
      const claimRef = r.trace === undefined ? b.add(claim, 'create') : b.addIdentified(claim, 'upsert', r.trace);
      const pended: ClaimResponse = {
        resourceType: 'ClaimResponse', ...(identifier.length > 0 ? { identifier } : {}), ...base, request: claimRef, outcome: 'queued',
        item: items.map((it) => ({ itemSequence: it.sequence, adjudication: [{ category: fixed(SYSTEMS.adjudication, 'submitted') }] })),
      };
      if (r.trace === undefined) b.add(pended, 'create');
      else b.addIdentified(pended, 'upsert', r.trace);
      continue;
    }
    const decisions = [event, ...services].map((l) => segmentIn(l, 'HCR'));
    const eventDecision = DECISION[el(decisions[0], 1)] ?? DECISION['A4'];
    const responseItems: ClaimResponseItem[] = items.map((it, i) => {
      const hcr = decisions[services.length > 0 ? i + 1 : 0] ?? decisions[0];
      return {
        itemSequence: it.sequence,
        adjudication: [{ category: fixed(SYSTEMS.adjudication, 'submitted'), reason: codeable(ctx, SYSTEMS.hcrAction, el(hcr, 1) || 'A4') }],
      };
    });
    const preAuthRef = text(decisions[0], 2);
    const period = dtpPeriod(segmentIn(event, 'DTP', 'AAH')).period;
    const resource: ClaimResponse = {
      resourceType: 'ClaimResponse', ...(identifier.length > 0 ? { identifier } : {}), ...base, requestor: r.provider,
      ...(r.trace === undefined ? {} : { request: { identifier: r.trace } }),
      outcome: eventDecision?.outcome ?? 'queued', disposition: el(decisions[0], 1),
      ...(preAuthRef === '' ? {} : { preAuthRef }), ...(period === undefined ? {} : { preAuthPeriod: period }),
      item: responseItems,
    };
    if (r.trace === undefined) b.add(resource, 'create');
    else b.addIdentified(resource, 'upsert', r.trace);
  }
}
