/**
 * 837 code mappings to FHIR elements: HI diagnosis / procedure / condition composites, procedure code
 * qualifiers (SV101-1, SV202-1, SV301-1, SVC01-1) and modifiers, care-team roles, relationship codes.
 * Codes keep their source system; FHIR-side conversions go through the CodeMapper (ConceptMaps).
 * https://hl7.org/fhir/us/carin-bb/ (diagnosis types, care team roles); X12 code sources 131, 130, 132
 */
import type { CodeableConcept } from 'fhir/r4.js';
import { codeable, SYSTEMS, type X12TranslateContext } from './context.js';

/** ICD code with its decimal point (X12 sends them without): J020 → J02.0, 0340 → 034.0, E8889 → E888.9. */
export function icdWithDot(code: string, system: string): string {
  if (code.includes('.') || code.length <= 3) return code;
  if (system === SYSTEMS.icd9cm && code.startsWith('E')) return code.length > 4 ? `${code.slice(0, 4)}.${code.slice(4)}` : code;
  if (system === SYSTEMS.icd10pcs) return code;
  return `${code.slice(0, 3)}.${code.slice(3)}`;
}

/** What an HI composite qualifier (C022-1) carries. */
export type HiKind = 'principal' | 'admitting' | 'reason' | 'external' | 'other' | 'drg' | 'procedure' | 'principal-procedure' | 'condition' | 'occurrence' | 'occurrence-span' | 'value';

/** HI qualifier → (kind, code system). A = ICD-10 family, the others ICD-9. */
const HI_QUALIFIERS: Readonly<Record<string, readonly [HiKind, string]>> = {
  ABK: ['principal', SYSTEMS.icd10cm], BK: ['principal', SYSTEMS.icd9cm],
  ABJ: ['admitting', SYSTEMS.icd10cm], BJ: ['admitting', SYSTEMS.icd9cm],
  APR: ['reason', SYSTEMS.icd10cm], PR: ['reason', SYSTEMS.icd9cm],
  ABN: ['external', SYSTEMS.icd10cm], BN: ['external', SYSTEMS.icd9cm],
  ABF: ['other', SYSTEMS.icd10cm], BF: ['other', SYSTEMS.icd9cm],
  DR: ['drg', 'https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software'],
  BBR: ['principal-procedure', SYSTEMS.icd10pcs], BR: ['principal-procedure', SYSTEMS.icd9cm],
  BBQ: ['procedure', SYSTEMS.icd10pcs], BQ: ['procedure', SYSTEMS.icd9cm],
  BG: ['condition', SYSTEMS.conditionCode], BH: ['occurrence', SYSTEMS.occurrenceCode], BI: ['occurrence-span', 'https://www.nubc.org/CodeSystem/OccurrenceSpanCodes'],
  BE: ['value', SYSTEMS.valueCode],
};

/** The HI kind and code system of qualifier `q` (undefined when not a known qualifier). */
export function hiQualifier(q: string): readonly [HiKind, string] | undefined {
  return HI_QUALIFIERS[q];
}

/** CARIN diagnosis type of an HI kind (principal, admitting, patientreasonforvisit, externalcauseofinjury, other). */
export function diagnosisType(kind: HiKind): CodeableConcept {
  const code = { principal: 'principal', admitting: 'admitting', reason: 'patientreasonforvisit', external: 'externalcauseofinjury' }[kind as string] ?? 'other';
  const system = code === 'principal' || code === 'admitting' ? SYSTEMS.diagnosisType : SYSTEMS.c4bbDiagnosisType;
  return { coding: [{ system, code }] };
}

/** Product / service code of a C003 composite (qualifier + code): CPT vs HCPCS for HC, CDT, NDC, revenue. */
export function procedureSystem(qualifier: string, code: string): string {
  switch (qualifier) {
    case 'HC': case 'HP': return /^\d{4}[0-9FTU]$/.test(code) ? SYSTEMS.cpt : SYSTEMS.hcpcs;
    case 'AD': return SYSTEMS.cdt;
    case 'N4': case 'N6': return SYSTEMS.ndc;
    case 'NU': return SYSTEMS.revenue;
    case 'IV': return 'https://x12.org/codes/home-infusion-edi-coalition-codes';
    case 'ER': return 'https://x12.org/codes/jurisdiction-specific-procedure-codes';
    case 'WK': return 'https://x12.org/codes/advanced-billing-concepts-codes';
    default: return `https://x12.org/codes/product-service-id-qualifier/${qualifier || 'unknown'}`;
  }
}

/** A procedure modifier (2-char): numeric ones are CPT modifiers, the others HCPCS Level II. */
export function modifierConcept(ctx: X12TranslateContext, m: string): CodeableConcept {
  return codeable(ctx, /^\d\d$/.test(m) ? SYSTEMS.cpt : SYSTEMS.hcpcs, m);
}

/** Care team role of an NM101 entity code in a claim provider loop. */
export function careTeamRole(entity: string): CodeableConcept | undefined {
  const c4bb = ({ '82': 'rendering', DN: 'referring', P3: 'primary', '71': 'attending', '72': 'operating', ZZ: 'otheroperating', DK: 'prescribing', QB: 'performing' } as Record<string, string>)[entity];
  if (c4bb !== undefined) return { coding: [{ system: SYSTEMS.c4bbCareTeamRole, code: c4bb }] };
  const hl7 = ({ DQ: 'supervisor', DD: 'assist' } as Record<string, string>)[entity];
  return hl7 === undefined ? undefined : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: hl7 }] };
}

/** Individual relationship code (SBR02 / PAT01 / INS02) through the CodeMapper towards FHIR subscriber-relationship. */
export function relationshipConcept(ctx: X12TranslateContext, code: string): CodeableConcept {
  return codeable(ctx, 'https://x12.org/codes/individual-relationship-codes', code, undefined, SYSTEMS.relationship);
}
