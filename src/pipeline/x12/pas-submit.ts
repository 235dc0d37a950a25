/**
 * `Claim/$submit` (Da Vinci PAS): a PAS request Bundle (Claim use = preauthorization + the resources it
 * references) becomes the X12 278 request it stands for, which then goes through the X12 pipeline like
 * any 278 received: stored in the inbox, translated (Claim + pended ClaimResponse) and answered (pended
 * 278 response). The final 278 response is generated when a decision is recorded (review-decision.ts).
 * https://hl7.org/fhir/us/davinci-pas/OperationDefinition-Claim-submit.html · 005010X217 278
 */
import type { Bundle, Claim, Coverage, Identifier, Organization, Patient, Practitioner, Reference, Resource } from 'fhir/r4.js';
import { badRequest } from '../../core/outcomes.js';

const clean = (v: string | undefined): string => (v ?? '').replace(/[~*:^|\r\n]/g, ' ').trim();

function resolve(bundle: Bundle, ref: Reference | undefined): Resource | undefined {
  const r = ref?.reference;
  if (r === undefined) return undefined;
  for (const e of bundle.entry ?? []) {
    const res = e.resource;
    if (res === undefined) continue;
    if (e.fullUrl === r || `${res.resourceType}/${res.id ?? ''}` === r || (e.fullUrl?.endsWith(`/${r}`) ?? false)) return res;
  }
  return undefined;
}

const idOf = (ids: readonly Identifier[] | undefined): string => clean(ids?.find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value ?? ids?.[0]?.value);

/** The PAS request Bundle's Claim, or a 400. */
export function pasClaimOf(body: unknown): { bundle: Bundle; claim: Claim } {
  if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'Bundle') throw badRequest('Claim/$submit expects a PAS request Bundle');
  const bundle = body as Bundle;
  const claim = bundle.entry?.[0]?.resource ?? bundle.entry?.find((e) => e.resource?.resourceType === 'Claim')?.resource;
  if (claim?.resourceType !== 'Claim' || claim.use !== 'preauthorization') throw badRequest('the PAS Bundle must start with a Claim of use preauthorization', 'Bundle.entry[0].resource');
  return { bundle, claim };
}

/** The 278 request segments (ST … SE bodies) the PAS Bundle stands for; `trace` = TRN02. */
export function pasTo278(bundle: Bundle, claim: Claim, trace: string, today: string): string[] {
  const insurer = resolve(bundle, claim.insurer) as Organization | undefined;
  const provider = resolve(bundle, claim.provider) as Organization | Practitioner | undefined;
  const patient = resolve(bundle, claim.patient) as Patient | undefined;
  const coverage = resolve(bundle, claim.insurance?.[0]?.coverage) as Coverage | undefined;
  const payerId = idOf(insurer?.identifier) || 'UNKNOWN';
  const npi = idOf(provider?.identifier) || 'UNKNOWN';
  const memberId = clean(coverage?.subscriberId) || idOf(patient?.identifier) || 'UNKNOWN';
  const name = patient?.name?.[0];
  const providerName = provider?.resourceType === 'Organization' ? clean(provider.name) : clean(provider?.name?.[0]?.family);
  const dx = (claim.diagnosis ?? []).map((d) => clean(d.diagnosisCodeableConcept?.coding?.[0]?.code).replace('.', '')).filter((c) => c !== '');
  const body = [
    `BHT*0007*13*${clean(trace)}*${today}*1200`,
    'HL*1**20*1', `NM1*X3*2*${clean(insurer?.name) || 'PAYER'}*****PI*${payerId}`,
    'HL*2*1*21*1', `NM1*1P*${provider?.resourceType === 'Organization' ? '2' : '1'}*${providerName || 'PROVIDER'}****XX*${npi}`,
    'HL*3*2*22*1', `NM1*IL*1*${clean(name?.family) || 'UNKNOWN'}*${clean(name?.given?.[0])}****MI*${memberId}`,
    ...(patient?.birthDate === undefined ? [] : [`DMG*D8*${patient.birthDate.replaceAll('-', '')}*${patient.gender === 'female' ? 'F' : patient.gender === 'male' ? 'M' : 'U'}`]),
    'HL*4*3*EV*1', `TRN*1*${clean(trace)}*9999999999`, 'UM*HS*I*3',
    ...(dx.length === 0 ? [] : [`HI*${dx.slice(0, 12).map((c, i) => `${i === 0 ? 'ABK' : 'ABF'}:${c}`).join('*')}`]),
  ];
  (claim.item ?? []).forEach((item, i) => {
    const code = clean(item.productOrService.coding?.[0]?.code) || '99499';
    body.push(`HL*${5 + i}*4*SS*0`, 'UM*HS*3*3', `SV1*HC:${code}*${item.net?.value ?? item.unitPrice?.value ?? 0}*UN*${item.quantity?.value ?? 1}`);
  });
  return body;
}
