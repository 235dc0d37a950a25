/**
 * 834 → per member (2000 INS): Patient, Coverage per health coverage (2300 HD), RelatedPerson for the
 * subscriber of a dependent and for responsible persons (2100F / 2100G), sponsor and payer
 * Organizations. Maintenance semantics (INS03 / HD01): 021 add, 001 change, 025 reinstate → the
 * Coverage is written active (conditional update on its identifier); 024 terminate → cancelled with
 * period.end from DTP 349 (or the member's DTP 357). Full-file replacement (BGN08 = RX) is reported as
 * `replacement` so the caller can end the coverages absent from the file. https://x12.org (005010X220A1)
 */
import type { Coverage, Identifier, Patient, Reference, RelatedPerson } from 'fhir/r4.js';
import { el, loopIn, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop } from '../transactions/index.js';
import type { X12BundleBuilder } from './bundle.js';
import { relationshipConcept } from './claim-837-coding.js';
import { addressOf, demographicsOf, dtpPeriod, nameOf, organizationFrom, refValue, systemFor, telecomOf, text } from './common.js';
import { codeable, fixed, SYSTEMS, type X12TranslateContext } from './context.js';

/** What an 834 means for coverages absent from it. */
export interface EnrollmentReplacement {
  /** True when BGN08 = RX: coverages of this sponsor / payer not in the file are to be ended. */
  readonly fullReplacement: boolean;
  readonly payerId: string;
  readonly sponsorId: string;
  /** Coverage identifiers present in the file. */
  readonly coverages: readonly Identifier[];
  /**
   * Member-level terminations sent without HD loops (INS03 = 024): every coverage of that member
   * (subscriber id + beneficiary) ends on `end`; the caller applies it over the stored coverages.
   */
  readonly memberTerminations: readonly { readonly subscriberId: string; readonly patient: Reference; readonly end?: string }[];
}

/** INS02 (member's relationship to the subscriber) → the RelatedPerson's role towards the member (v3 RoleCode). */
const SUBSCRIBER_ROLE: Readonly<Record<string, string>> = { '01': 'SPS', '19': 'PRN', '15': 'GUARD', '53': 'DOMPART', '17': 'STPPRN' };

/** Maps the member loops of an 834; returns what a full replacement needs. */
export function mapEnrollment(ctx: X12TranslateContext, b: X12BundleBuilder, root: X12Loop): EnrollmentReplacement {
  const sponsorLoop = loopIn(root, '1000A');
  const payerLoop = loopIn(root, '1000B');
  const sponsor = organizationFrom(ctx, b, sponsorLoop);
  const payer = organizationFrom(ctx, b, payerLoop, 'ins');
  const payerId = text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 4);
  const sponsorId = text(sponsorLoop === undefined ? undefined : triggerNode(sponsorLoop), 4);
  const coverages: Identifier[] = [];
  const memberTerminations: { subscriberId: string; patient: Reference; end?: string }[] = [];
  const subscribers = new Map<string, Reference>();
  for (const member of loopsIn(root, '2000')) {
    const ins = triggerNode(member);
    const subscriberId = refValue(member, '0F');
    const nameLoop = loopIn(member, '2100A');
    const nm1 = nameLoop === undefined ? undefined : triggerNode(nameLoop);
    const isSubscriber = el(ins, 1) === 'Y';
    const identifier: Identifier[] = [];
    if (el(nm1, 8) === '34' && text(nm1, 9) !== '') identifier.push({ system: SYSTEMS.ssn, value: text(nm1, 9) });
    if (isSubscriber && subscriberId !== '') identifier.unshift({ system: systemFor(ctx, 'member', payerId), value: subscriberId });
    if (!isSubscriber && el(nm1, 8) === 'ZZ' && text(nm1, 9) !== '') identifier.unshift({ system: systemFor(ctx, 'member', payerId), value: text(nm1, 9) });
    const name = nameOf(nm1);
    const address = addressOf(nameLoop);
    const telecom = telecomOf(nameLoop);
    const patient: Patient = {
      resourceType: 'Patient', ...(identifier.length > 0 ? { identifier } : {}),
      ...(name === undefined ? {} : { name: [name] }), ...(telecom.length > 0 ? { telecom } : {}), ...demographicsOf(nameLoop),
      ...(address === undefined ? {} : { address: [address] }),
    };
    const first = identifier[0];
    const patientRef = first === undefined ? b.add(patient, 'create') : b.addIdentified(patient, 'upsert', first);
    if (isSubscriber) subscribers.set(subscriberId, patientRef);
    let subscriber = subscribers.get(subscriberId);
    if (!isSubscriber && subscriber === undefined && subscriberId !== '') {
      const role = SUBSCRIBER_ROLE[el(ins, 2)];
      // One RelatedPerson per (subscriber, dependent): the subscriber as seen from this member.
      const relatedId: Identifier = { system: `${systemFor(ctx, 'member', payerId)}:subscriber-of`, value: `${subscriberId}:${first?.value ?? text(nm1, 4)}` };
      const related: RelatedPerson = {
        resourceType: 'RelatedPerson', identifier: [{ system: systemFor(ctx, 'member', payerId), value: subscriberId }, relatedId], patient: patientRef,
        relationship: [...(role === undefined ? [] : [fixed(SYSTEMS.roleCode, role)]), relationshipConcept(ctx, el(ins, 2))],
      };
      subscriber = b.addIdentified(related, 'create-if-absent', relatedId);
    }
    for (const responsible of [...loopsIn(member, '2100F'), ...loopsIn(member, '2100G')]) {
      const rnm1 = triggerNode(responsible);
      const rname = nameOf(rnm1);
      const raddress = addressOf(responsible);
      b.add({
        resourceType: 'RelatedPerson', patient: patientRef, relationship: [codeable(ctx, 'https://x12.org/codes/entity-identifier-codes', el(rnm1, 1))],
        ...(rname === undefined ? {} : { name: [rname] }), ...(raddress === undefined ? {} : { address: [raddress] }),
      } satisfies RelatedPerson, 'create');
    }
    const memberEnd = dtpPeriod(segmentIn(member, 'DTP', '357')).date;
    if (el(ins, 3) === '024' && loopsIn(member, '2300').length === 0) {
      memberTerminations.push({ subscriberId, patient: patientRef, ...(memberEnd === undefined ? {} : { end: memberEnd }) });
    }
    for (const hd of loopsIn(member, '2300')) {
      const hdNode = triggerNode(hd);
      const maintenance = el(hdNode, 1) || el(ins, 3);
      const terminated = maintenance === '024' || el(ins, 3) === '024';
      const start = dtpPeriod(segmentIn(hd, 'DTP', '348')).date;
      const end = dtpPeriod(segmentIn(hd, 'DTP', '349')).date ?? (terminated ? memberEnd : undefined);
      const line = el(hdNode, 3);
      const key = isSubscriber ? subscriberId : `${subscriberId}-${el(ins, 2)}-${demographicsOf(nameLoop).birthDate ?? text(nm1, 4)}`;
      const coverageId: Identifier = { system: systemFor(ctx, 'coverage', payerId), value: `${key}-${line || 'plan'}` };
      coverages.push(coverageId);
      const plan = text(hdNode, 4);
      const group = refValue(member, '1L') || refValue(hd, '1L');
      const coverage: Coverage = {
        resourceType: 'Coverage', identifier: [coverageId], status: terminated ? 'cancelled' : 'active',
        ...(line === '' ? {} : { type: codeable(ctx, SYSTEMS.insuranceLine, line) }),
        ...(sponsor === undefined ? {} : { policyHolder: sponsor }),
        ...(subscriber === undefined ? {} : { subscriber }), ...(subscriberId === '' ? {} : { subscriberId }),
        beneficiary: patientRef, relationship: relationshipConcept(ctx, el(ins, 2)),
        ...(start === undefined && end === undefined ? {} : { period: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } }),
        payor: [payer ?? { display: 'unknown payer' }],
        ...(plan === '' && group === '' ? {} : {
          class: [
            ...(group === '' ? [] : [{ type: fixed(SYSTEMS.coverageClass, 'group'), value: group }]),
            ...(plan === '' ? [] : [{ type: fixed(SYSTEMS.coverageClass, 'plan'), value: plan }]),
          ],
        }),
      };
      b.addIdentified(coverage, 'upsert', coverageId);
    }
  }
  const bgn = segmentsIn(root, 'BGN')[0];
  return { fullReplacement: el(bgn, 8) === 'RX', payerId, sponsorId, coverages, memberTerminations };
}
