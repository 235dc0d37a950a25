/**
 * 837P (005010X222A1) from a FHIR Claim of type professional, with its Patient, Coverage, billing
 * provider, payer and rendering provider resolved by the caller: 1000A/B submitter / receiver, 2000A
 * billing provider, 2000B subscriber (+ 2000C patient when the patient is not the subscriber), 2300
 * CLM with HI diagnoses (ICD-10-CM, without the dot), 2310B rendering, 2400 SV1 lines with modifiers,
 * diagnosis pointers, DTP 472 and 2410 NDC. https://x12.org (005010X222A1); https://hl7.org/fhir/R4/claim.html
 */
import type { Claim, CodeableConcept, FhirResource, Practitioner, Reference } from 'fhir/r4.js';
import { fail } from '../../../core/outcomes.js';
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { SYSTEMS } from '../fhir/index.js';
import { envelope, seg, x12Amount, x12Date, type GeneratedX12, type X12Parties } from './envelope.js';
import { addressSegments, dmg, identifierValue, nm1Org, nm1Person, npiOf } from './parties.js';

/** Resolves a reference of the claim to the resource (bundle entry or stored). */
export type ReferenceResolver = (ref: Reference | undefined) => FhirResource | undefined;

function as<T extends FhirResource['resourceType']>(r: FhirResource | undefined, type: T): Extract<FhirResource, { resourceType: T }> | undefined {
  return r?.resourceType === type ? (r as Extract<FhirResource, { resourceType: T }>) : undefined;
}

const code = (cc: CodeableConcept | undefined, system?: string): string =>
  cc?.coding?.find((c) => system === undefined || c.system === system)?.code ?? '';

/** The 837P of `claim`. Throws `invalid` when a required party is missing. */
export function build837P(claim: Claim, resolve: ReferenceResolver, parties: X12Parties & { readonly submitterName: string; readonly receiverName: string }, ctx: AckContext): GeneratedX12 {
  const patient = as(resolve(claim.patient), 'Patient');
  const focal = claim.insurance.find((i) => i.focal) ?? claim.insurance[0];
  const coverage = as(resolve(focal?.coverage), 'Coverage');
  const billing = resolve(claim.provider);
  const payer = as(resolve(claim.insurer ?? coverage?.payor[0]), 'Organization');
  if (patient === undefined || coverage === undefined || billing === undefined) throw fail('invalid', 'the claim needs a resolvable patient, focal coverage and billing provider');
  const subscriber = as(resolve(coverage.subscriber), 'Patient') ?? patient;
  const self = subscriber === patient;
  const { ccyymmdd, hhmm } = stamp(ctx);
  const billingOrg = billing.resourceType === 'Organization' ? billing : undefined;
  const billingPerson = billing.resourceType === 'Practitioner' ? billing : undefined;
  const billingIds = (billingOrg ?? billingPerson)?.identifier;
  const claimId = claim.identifier?.[0]?.value ?? '';
  const pos = code(claim.item?.[0]?.locationCodeableConcept) || '11';
  const body: AckSegment[] = [
    seg('BHT', '0019', '00', claimId || '0', x12Date(claim.created) || ccyymmdd, hhmm, 'CH'),
    nm1Org('41', parties.submitterName, '46', parties.sender.id.trim()),
    seg('PER', 'IC', 'EDI'),
    nm1Org('40', parties.receiverName, '46', parties.receiver.id.trim()),
    seg('HL', '1', '', '20', '1'),
    billingPerson === undefined ? nm1Org('85', billingOrg?.name, 'XX', npiOf(billingIds)) : nm1Person('85', billingPerson.name?.[0], 'XX', npiOf(billingIds)),
    ...addressSegments((billingOrg ?? billingPerson)?.address?.[0]),
    seg('REF', 'EI', identifierValue(billingIds, SYSTEMS.tin)),
    seg('HL', '2', '1', '22', self ? '0' : '1'),
    seg('SBR', 'P', self ? '18' : '', coverage.class?.find((c) => code(c.type) === 'group')?.value ?? '', '', '', '', '', '', code(coverage.type) || 'CI'),
    nm1Person('IL', subscriber.name?.[0], 'MI', coverage.subscriberId ?? ''),
    ...addressSegments(subscriber.address?.[0]),
    ...(self ? dmg(subscriber.birthDate, subscriber.gender) : []),
    nm1Org('PR', payer?.name, 'PI', payer?.identifier?.[0]?.value ?? ''),
  ];
  if (!self) {
    body.push(seg('HL', '3', '2', '23', '0'), seg('PAT', code(coverage.relationship) === 'spouse' ? '01' : code(coverage.relationship) === 'child' ? '19' : 'G8'),
      nm1Person('QC', patient.name?.[0], '', ''), ...addressSegments(patient.address?.[0]), ...dmg(patient.birthDate, patient.gender));
  }
  body.push(...claimLoop(claim, pos, resolve));
  return envelope(parties, 'HC', '837', '005010X222A1', body, ctx);
}

/** 2300 … 2400 of the claim. */
function claimLoop(claim: Claim, pos: string, resolve: ReferenceResolver): AckSegment[] {
  const out: AckSegment[] = [seg('CLM', claim.identifier?.[0]?.value ?? '', x12Amount(claim.total?.value), '', '', [pos, 'B', '1'], 'Y', 'A', 'Y', 'Y')];
  const diagnoses = (claim.diagnosis ?? []).flatMap((d) => {
    const c = d.diagnosisCodeableConcept?.coding?.find((x) => x.system === SYSTEMS.icd10cm);
    return c?.code === undefined ? [] : [{ code: c.code.replace('.', ''), principal: d.type?.some((t) => code(t) === 'principal') === true }];
  }).sort((a, b) => Number(b.principal) - Number(a.principal)).slice(0, 12);
  if (diagnoses.length > 0) out.push(seg('HI', ...diagnoses.map((d, i) => [i === 0 ? 'ABK' : 'ABF', d.code])));
  const rendering = claim.careTeam?.find((c) => code(c.role) === 'rendering');
  const renderer = as(resolve(rendering?.provider), 'Practitioner') as Practitioner | undefined;
  if (renderer !== undefined) {
    out.push(nm1Person('82', renderer.name?.[0], 'XX', npiOf(renderer.identifier)));
    const taxonomy = code(rendering?.qualification);
    if (taxonomy !== '') out.push(seg('PRV', 'PE', 'PXC', taxonomy));
  }
  (claim.item ?? []).forEach((item, i) => {
    const product = item.productOrService.coding?.[0];
    const mods = (item.modifier ?? []).map((m) => code(m)).slice(0, 4);
    const pointers = (item.diagnosisSequence ?? []).slice(0, 4).map(String);
    const linePos = code(item.locationCodeableConcept);
    out.push(seg('LX', String(i + 1)),
      seg('SV1', ['HC', product?.code ?? '', ...mods], x12Amount(item.net?.value), 'UN', x12Amount(item.quantity?.value ?? 1), linePos === pos ? '' : linePos, '', pointers.length > 0 ? pointers : ''));
    const period = item.servicedPeriod;
    if (item.servicedDate !== undefined) out.push(seg('DTP', '472', 'D8', x12Date(item.servicedDate)));
    else if (period?.start !== undefined) out.push(seg('DTP', '472', 'RD8', `${x12Date(period.start)}-${x12Date(period.end ?? period.start)}`));
    const ndc = item.detail?.[0]?.productOrService.coding?.find((c) => c.system === SYSTEMS.ndc);
    if (ndc?.code !== undefined) out.push(seg('LIN', '', 'N4', ndc.code), seg('CTP', '', '', '', x12Amount(item.detail?.[0]?.quantity?.value ?? 1), ['UN']));
  });
  return out;
}

