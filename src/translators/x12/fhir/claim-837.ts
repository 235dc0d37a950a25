/**
 * 837P / 837I / 837D → one Claim per 2300 loop, with Patient (subscriber or dependent), Coverage
 * (2000B SBR + 2010BA / 2010BB; other payers from 2320 / 2330), billing Organization, care team
 * Practitioners (2310x / 2420x), service facility Location, following the CARIN Blue Button and Da
 * Vinci conventions: CLM01 identifier, CLM02 total, HI diagnoses (ICD-10-CM), items, place of service,
 * type of bill, accident, prior authorizations. https://hl7.org/fhir/us/carin-bb/ ; https://hl7.org/fhir/R4/claim.html
 */
import type { Claim, ClaimCareTeam, ClaimDiagnosis, ClaimInsurance, ClaimProcedure, ClaimSupportingInfo, Coverage, Location, Reference } from 'fhir/r4.js';
import {
  ancestor, comp, descendants, el, loopIn, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop,
} from '../transactions/index.js';
import { fail } from '../../../core/outcomes.js';
import type { X12BundleBuilder } from './bundle.js';
import { careTeamRole, diagnosisType, hiQualifier, icdWithDot, relationshipConcept } from './claim-837-coding.js';
import { mapServiceLine } from './claim-837-items.js';
import { addressOf, dtpPeriod, fhirDate, money, organizationFrom, partyIdentifiers, patientFrom, providerFrom, refValue, systemFor, text } from './common.js';
import { codeable, fixed, SYSTEMS, type X12TranslateContext } from './context.js';

/** Claim type of each 837 guide. */
const CLAIM_TYPE = { '837P': 'professional', '837I': 'institutional', '837D': 'oral' } as const;

/** Which loop holds each claim-level provider, per guide. */
const CLAIM_PROVIDER_LOOPS: Readonly<Record<keyof typeof CLAIM_TYPE, readonly string[]>> = {
  '837P': ['2310B', '2310A', '2310D'], '837I': ['2310A', '2310B', '2310C', '2310D', '2310F'], '837D': ['2310B', '2310A', '2310D'],
};
const FACILITY_LOOP = { '837P': '2310C', '837I': '2310E', '837D': '2310C' } as const;

/** The Coverage of a subscriber loop (2000B) for `beneficiary`. */
function coverageOf(ctx: X12TranslateContext, b: X12BundleBuilder, hl: X12Loop, beneficiary: Reference, subscriber: Reference, dependent?: X12Loop): Reference {
  const sbr = segmentIn(hl, 'SBR');
  const payerLoop = loopIn(hl, '2010BB');
  const payer = organizationFrom(ctx, b, payerLoop, 'pay');
  const payerId = text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 9);
  const memberId = text(triggerNode(loopIn(hl, '2010BA') ?? hl), 9);
  const pat = segmentIn(dependent, 'PAT');
  const dmgDate = fhirDate(el(segmentIn(loopIn(dependent, '2010CA'), 'DMG'), 2)) ?? '';
  const value = dependent === undefined ? memberId : `${memberId}-${el(pat, 1)}-${dmgDate}`;
  const group = text(sbr, 3);
  const coverage: Coverage = {
    resourceType: 'Coverage', status: 'active',
    identifier: [{ system: systemFor(ctx, 'coverage', payerId), value }],
    ...(el(sbr, 9) === '' ? {} : { type: codeable(ctx, SYSTEMS.claimFiling, el(sbr, 9)) }),
    ...(memberId === '' ? {} : { subscriberId: memberId }),
    subscriber, beneficiary,
    relationship: relationshipConcept(ctx, dependent === undefined ? el(sbr, 2) || '18' : el(pat, 1)),
    payor: [payer ?? { display: text(triggerNode(payerLoop ?? hl), 3) || 'unknown payer' }],
    ...(group === '' && text(sbr, 4) === '' ? {} : {
      class: [{ type: fixed(SYSTEMS.coverageClass, 'group'), value: group || text(sbr, 4), ...(text(sbr, 4) === '' ? {} : { name: text(sbr, 4) }) }],
    }),
  };
  return value === '' ? b.add(coverage, 'create') : b.addIdentified(coverage, 'create-if-absent', coverage.identifier?.[0] ?? {});
}

/** 2320 / 2330 other payers → non-focal insurances. */
function otherCoverages(ctx: X12TranslateContext, b: X12BundleBuilder, claim: X12Loop, patient: Reference): ClaimInsurance[] {
  return loopsIn(claim, '2320').map((cob, i) => {
    const payerLoop = loopIn(cob, '2330B');
    const payerId = text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 9);
    const memberId = text(triggerNode(loopIn(cob, '2330A') ?? cob), 9);
    const sbr = triggerNode(cob);
    const payer = organizationFrom(ctx, b, payerLoop, 'pay');
    const coverage: Coverage = {
      resourceType: 'Coverage', status: 'active', identifier: [{ system: systemFor(ctx, 'coverage', payerId), value: memberId }],
      ...(memberId === '' ? {} : { subscriberId: memberId }), beneficiary: patient,
      relationship: relationshipConcept(ctx, el(sbr, 2) || '18'),
      payor: [payer ?? { display: 'unknown payer' }],
      ...(el(sbr, 9) === '' ? {} : { type: codeable(ctx, SYSTEMS.claimFiling, el(sbr, 9)) }),
    };
    const ref = memberId === '' ? b.add(coverage, 'create') : b.addIdentified(coverage, 'create-if-absent', coverage.identifier?.[0] ?? {});
    return { sequence: i + 2, focal: false, coverage: ref };
  });
}

/** HI composites → diagnoses, procedures and NUBC supporting info. */
function health(ctx: X12TranslateContext, claim: X12Loop, supportingInfo: ClaimSupportingInfo[]): { diagnosis: ClaimDiagnosis[]; procedure: ClaimProcedure[] } {
  const diagnosis: ClaimDiagnosis[] = [];
  const procedure: ClaimProcedure[] = [];
  for (const hi of segmentsIn(claim, 'HI')) {
    for (let n = 1; n <= 12; n++) {
      const q = comp(hi, n, 1);
      const code = comp(hi, n, 2);
      const kind = hiQualifier(q);
      if (q === '' || code === '' || kind === undefined) continue;
      const [what, system] = kind;
      if (what === 'procedure' || what === 'principal-procedure') {
        const date = comp(hi, n, 3) === 'D8' ? fhirDate(comp(hi, n, 4)) : undefined;
        procedure.push({
          sequence: procedure.length + 1, ...(what === 'principal-procedure' ? { type: [fixed('http://terminology.hl7.org/CodeSystem/ex-procedure-type', 'primary')] } : {}),
          ...(date === undefined ? {} : { date }), procedureCodeableConcept: codeable(ctx, system, icdWithDot(code, system)),
        });
      } else if (what === 'condition' || what === 'occurrence' || what === 'occurrence-span' || what === 'value') {
        const date = comp(hi, n, 3) === 'D8' ? fhirDate(comp(hi, n, 4)) : undefined;
        const amount = comp(hi, n, 5);
        supportingInfo.push({
          sequence: supportingInfo.length + 1, category: fixed(SYSTEMS.claimInformationCategory, 'info'), code: codeable(ctx, system, code),
          ...(date === undefined ? {} : { timingDate: date }), ...(amount === '' ? {} : { valueQuantity: { value: Number(amount) } }),
        });
      } else if (what !== 'drg') {
        diagnosis.push({ sequence: diagnosis.length + 1, diagnosisCodeableConcept: codeable(ctx, system, icdWithDot(code, system)), type: [diagnosisType(what)] });
      }
    }
  }
  return { diagnosis, procedure };
}

/** Maps one 2300 claim loop (with its ancestors in the tree) into `b`; returns the Claim reference. */
export function mapClaim(ctx: X12TranslateContext, b: X12BundleBuilder, guide: keyof typeof CLAIM_TYPE, claim: X12Loop, created: string): Reference {
  const clm = triggerNode(claim);
  const subscriberHl = ancestor(claim, '2000B');
  const patientHl = ancestor(claim, '2000C');
  const billingHl = ancestor(claim, '2000A');
  if (clm === undefined || subscriberHl === undefined || billingHl === undefined) throw fail('internal', 'claim loop outside its hierarchy');
  const billingLoop = loopIn(billingHl, '2010AA');
  const billing = providerFrom(ctx, b, billingLoop);
  const billingIds = partyIdentifiers(ctx, billingLoop);
  const payerLoop = loopIn(subscriberHl, '2010BB');
  const payerId = text(payerLoop === undefined ? undefined : triggerNode(payerLoop), 9);
  const insurer = organizationFrom(ctx, b, payerLoop, 'pay');
  const subscriber = patientFrom(ctx, b, loopIn(subscriberHl, '2010BA'), payerId);
  const patient = patientHl === undefined ? subscriber : patientFrom(ctx, b, loopIn(patientHl, '2010CA'), payerId);
  if (patient === undefined || subscriber === undefined) throw fail('internal', 'claim without a patient');
  const coverage = coverageOf(ctx, b, subscriberHl, patient, subscriber, patientHl);

  const careTeam: ClaimCareTeam[] = [];
  const addCare = (loop: X12Loop): number | undefined => {
    const nm1 = triggerNode(loop);
    const provider = providerFrom(ctx, b, loop);
    const role = careTeamRole(el(nm1, 1));
    if (provider === undefined) return undefined;
    const prv = segmentIn(loop, 'PRV');
    const sequence = careTeam.length + 1;
    careTeam.push({ sequence, provider, ...(role === undefined ? {} : { role }), ...(el(prv, 3) === '' ? {} : { qualification: codeable(ctx, SYSTEMS.taxonomy, el(prv, 3)) }) });
    return sequence;
  };
  let claimRendering: number | undefined;
  for (const id of CLAIM_PROVIDER_LOOPS[guide]) {
    for (const l of loopsIn(claim, id)) {
      const seq = addCare(l);
      if (el(triggerNode(l), 1) === '82') claimRendering = seq;
    }
  }
  const supportingInfo: ClaimSupportingInfo[] = [];
  const { diagnosis, procedure } = health(ctx, claim, supportingInfo);
  const clm05 = { facility: comp(clm, 5, 1), frequency: comp(clm, 5, 3) };
  if (guide === '837I' && clm05.facility !== '') {
    supportingInfo.unshift({ sequence: 0, category: fixed(SYSTEMS.c4bbSupportingInfo, 'typeofbill'), code: codeable(ctx, SYSTEMS.typeOfBill, `0${clm05.facility}${clm05.frequency}`) });
    const cl1 = segmentIn(claim, 'CL1');
    for (const [n, category, system] of [[1, 'admtype', SYSTEMS.admitType], [2, 'pointoforigin', SYSTEMS.admitSource], [3, 'discharge-status', SYSTEMS.dischargeStatus]] as const) {
      if (el(cl1, n) !== '') supportingInfo.push({ sequence: 0, category: fixed(SYSTEMS.c4bbSupportingInfo, category), code: codeable(ctx, system, el(cl1, n)) });
    }
  }
  if (refValue(claim, 'EA') !== '') supportingInfo.push({ sequence: 0, category: fixed(SYSTEMS.c4bbSupportingInfo, 'medicalrecordnumber'), valueString: refValue(claim, 'EA') });
  supportingInfo.forEach((s, i) => { s.sequence = i + 1; });

  const statement = dtpPeriod(segmentIn(claim, 'DTP', '434'));
  const lineDates = descendants(claim, '2400').flatMap((lx) => segmentsIn(lx, 'DTP', '472')).map((d) => dtpPeriod(d).period).filter((p) => p !== undefined);
  const starts = lineDates.map((p) => p.start).filter((s): s is string => s !== undefined).sort();
  const ends = lineDates.map((p) => p.end ?? p.start).filter((s): s is string => s !== undefined).sort();
  const billablePeriod = statement.period ?? (starts.length > 0 ? { start: starts[0] as string, end: ends[ends.length - 1] as string } : undefined);
  const facilityLoop = loopIn(claim, FACILITY_LOOP[guide]);
  const facility = facilityLoop === undefined ? undefined : locationFrom(ctx, b, facilityLoop);
  const priorAuth = refValue(claim, 'G1');
  const accident = accidentOf(claim);
  const original = refValue(claim, 'F8');
  const placeOfService = guide === '837P' || guide === '837D' ? clm05.facility : undefined;
  const items = loopsIn(claim, '2400').map((lx, i) => mapServiceLine(lx, i, {
    ctx, careTeam: addCare, ...(placeOfService === undefined || placeOfService === '' ? {} : { placeOfService }),
    claimServiceDate: dtpPeriod(segmentIn(claim, 'DTP', '472')), ...(claimRendering === undefined ? {} : { claimRendering }),
  }));
  const total = money(el(clm, 2));
  const claimSystem = systemFor(ctx, 'claim', billingIds[0]?.value ?? '');
  const resource: Claim = {
    resourceType: 'Claim',
    identifier: [{ type: fixed(SYSTEMS.c4bbIdentifierType, 'pat', 'Patient Account Number'), system: claimSystem, value: text(clm, 1) }],
    status: 'active',
    type: fixed(SYSTEMS.claimType, CLAIM_TYPE[guide]),
    use: 'claim',
    patient,
    ...(billablePeriod === undefined ? {} : { billablePeriod }),
    created,
    ...(insurer === undefined ? {} : { insurer }),
    provider: billing ?? { display: 'unknown billing provider' },
    priority: fixed(SYSTEMS.processPriority, 'normal'),
    ...((clm05.frequency === '7' || clm05.frequency === '8') && original !== '' ? {
      related: [{ claim: { identifier: { system: systemFor(ctx, 'payer-claim', payerId), value: original } },
        relationship: fixed('http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', 'prior') }],
    } : {}),
    ...(facility === undefined ? {} : { facility }),
    ...(careTeam.length > 0 ? { careTeam } : {}),
    ...(supportingInfo.length > 0 ? { supportingInfo } : {}),
    ...(diagnosis.length > 0 ? { diagnosis } : {}),
    ...(procedure.length > 0 ? { procedure } : {}),
    insurance: [
      { sequence: 1, focal: true, coverage, ...(priorAuth === '' ? {} : { preAuthRef: [priorAuth] }) },
      ...otherCoverages(ctx, b, claim, patient),
    ],
    ...(accident === undefined ? {} : { accident }),
    ...(items.length > 0 ? { item: items } : {}),
    ...(total === undefined ? {} : { total }),
  };
  return b.addIdentified(resource, 'upsert', { system: claimSystem, value: text(clm, 1) });
}

/** CLM11 related causes (AA auto, EM employment, OA other) + DTP 439 accident date. */
function accidentOf(claim: X12Loop): Claim['accident'] | undefined {
  const clm = triggerNode(claim);
  const causes = [1, 2, 3].map((c) => comp(clm, 11, c)).filter((c) => c !== '');
  const date = dtpPeriod(segmentIn(claim, 'DTP', '439')).date;
  if (causes.length === 0 || date === undefined) return undefined;
  const type = ({ AA: 'MVA', EM: 'WPA', OA: 'ACCID' } as Record<string, string>)[causes[0] ?? ''] ?? 'ACCID';
  const state = comp(clm, 11, 4);
  return { date, type: fixed(SYSTEMS.actCode, type), ...(state === '' ? {} : { locationAddress: { state } }) };
}

/** A service facility loop → Location (conditional on its NPI when present). */
function locationFrom(ctx: X12TranslateContext, b: X12BundleBuilder, loop: X12Loop): Reference {
  const nm1 = triggerNode(loop);
  const identifier = partyIdentifiers(ctx, loop);
  const address = addressOf(loop);
  const location: Location = {
    resourceType: 'Location', status: 'active', ...(identifier.length > 0 ? { identifier } : {}),
    ...(text(nm1, 3) === '' ? {} : { name: text(nm1, 3) }), ...(address === undefined ? {} : { address }),
  };
  const first = identifier[0];
  return first === undefined ? b.add(location, 'create') : b.addIdentified(location, 'create-if-absent', first);
}
