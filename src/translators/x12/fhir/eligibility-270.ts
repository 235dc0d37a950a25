/**
 * 270 → one CoverageEligibilityRequest per member (2100C subscriber or 2100D dependent): the member as
 * a contained Patient and Coverage (an inquiry must not register members), the information source
 * (2100A) as insurer, the receiver (2100B) as provider, EQ service types as items, TRN as identifier.
 * `readEligibilityInquiries` gives the same data to the 271 generator. https://x12.org (005010X279A1);
 * https://hl7.org/fhir/R4/coverageeligibilityrequest.html
 */
import type { CoverageEligibilityRequest, Patient } from 'fhir/r4.js';
import { ancestor, el, loopIn, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop } from '../transactions/index.js';
import type { X12BundleBuilder } from './bundle.js';
import { demographicsOf, dtpPeriod, fhirDate, nameOf, organizationFrom, providerFrom, systemFor, text } from './common.js';
import { codeable, SYSTEMS, type X12TranslateContext } from './context.js';

/** One eligibility question as the 271 answers it. */
export interface EligibilityInquiry {
  /** The 2000C (subscriber) or 2000D (dependent) loop. */
  readonly hl: X12Loop;
  readonly memberLoop: X12Loop;
  readonly payerId: string;
  /** Subscriber member id (2100C NM109). */
  readonly memberId: string;
  readonly dependent: boolean;
  readonly family: string;
  readonly given: string;
  readonly birthDate: string | undefined;
  /** EQ01 service type codes (default 30 health benefit plan coverage). */
  readonly serviceTypes: readonly string[];
  /** TRN02 of the inquiry. */
  readonly trace: string;
  readonly date: string | undefined;
}

/** Every inquiry of a 270 tree. */
export function readEligibilityInquiries(root: X12Loop): EligibilityInquiry[] {
  const out: EligibilityInquiry[] = [];
  for (const source of loopsIn(root, '2000A')) {
    const payerId = text(triggerNode(loopIn(source, '2100A') ?? source), 9);
    for (const receiver of loopsIn(source, '2000B')) {
      for (const sub of loopsIn(receiver, '2000C')) {
        const subLoop = loopIn(sub, '2100C');
        const memberId = text(subLoop === undefined ? undefined : triggerNode(subLoop), 9);
        const hls: [X12Loop, X12Loop | undefined, boolean][] = [[sub, subLoop, false], ...loopsIn(sub, '2000D').map((d): [X12Loop, X12Loop | undefined, boolean] => [d, loopIn(d, '2100D'), true])];
        for (const [hl, memberLoop, dependent] of hls) {
          if (memberLoop === undefined) continue;
          // A subscriber HL with dependents below asks nothing itself unless it carries EQ loops.
          if (!dependent && loopsIn(sub, '2000D').length > 0 && loopsIn(memberLoop, '2110C').length === 0) continue;
          const nm1 = triggerNode(memberLoop);
          const eqs = loopsIn(memberLoop, dependent ? '2110D' : '2110C').map((l) => triggerNode(l));
          const serviceTypes = eqs.flatMap((eq) => (eq === undefined ? [] : eq.segment.repetitions(1))).filter((s) => s !== '');
          const trn = segmentIn(hl, 'TRN') ?? segmentIn(sub, 'TRN');
          const date = dtpPeriod(segmentsIn(memberLoop, 'DTP')[0]).date;
          out.push({
            hl, memberLoop, payerId, memberId, dependent, family: text(nm1, 3), given: text(nm1, 4),
            birthDate: demographicsOf(memberLoop).birthDate, serviceTypes: serviceTypes.length > 0 ? serviceTypes : ['30'],
            trace: text(trn, 2), date,
          });
        }
      }
    }
  }
  return out;
}

/** 270 → CoverageEligibilityRequests. */
export function mapEligibilityRequests(ctx: X12TranslateContext, b: X12BundleBuilder, root: X12Loop): void {
  const bht = segmentIn(root, 'BHT');
  const created = fhirDate(el(bht, 4)) ?? ctx.now().toISOString().slice(0, 10);
  for (const q of readEligibilityInquiries(root)) {
    const source = ancestor(q.hl, '2000A');
    const receiver = ancestor(q.hl, '2000B');
    const insurer = organizationFrom(ctx, b, loopIn(source, '2100A'), 'pay');
    const provider = providerFrom(ctx, b, loopIn(receiver, '2100B'));
    const name = nameOf(triggerNode(q.memberLoop));
    const patient: Patient = {
      resourceType: 'Patient', id: 'patient',
      ...(q.memberId === '' || q.dependent ? {} : { identifier: [{ system: systemFor(ctx, 'member', q.payerId), value: q.memberId }] }),
      ...(name === undefined ? {} : { name: [name] }), ...demographicsOf(q.memberLoop),
    };
    const request: CoverageEligibilityRequest = {
      resourceType: 'CoverageEligibilityRequest',
      contained: [patient, {
        resourceType: 'Coverage', id: 'coverage', status: 'active', beneficiary: { reference: '#patient' },
        ...(q.memberId === '' ? {} : { subscriberId: q.memberId }), payor: [insurer ?? { display: 'unknown payer' }],
      }],
      ...(q.trace === '' ? {} : { identifier: [{ system: systemFor(ctx, 'trace', text(segmentIn(q.hl, 'TRN'), 3)), value: q.trace }] }),
      status: 'active', purpose: ['benefits', 'validation'], patient: { reference: '#patient' },
      ...(q.date === undefined ? {} : { servicedDate: q.date }),
      created, ...(provider === undefined ? {} : { provider }), insurer: insurer ?? { display: 'unknown payer' },
      insurance: [{ focal: true, coverage: { reference: '#coverage' } }],
      item: q.serviceTypes.map((code) => ({ category: codeable(ctx, SYSTEMS.serviceType, code) })),
    };
    b.add(request, 'create');
  }
}
