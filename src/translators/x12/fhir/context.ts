/**
 * The contract of the X12 → FHIR translation: pure functions from a parsed transaction set and an
 * injected context to one FHIR `transaction` Bundle plus issues (conditional interactions on business
 * identifiers, so replays converge). Codes go through the CodeMapper.
 * https://hl7.org/fhir/us/carin-bb/ ; https://hl7.org/fhir/us/davinci-pas/
 */
import type { Bundle, CodeableConcept, Coding, OperationOutcomeIssue } from 'fhir/r4.js';
import type { CodeMapper } from '../../../core/code-mapping.js';

/** What an identifier belongs to (the system of an id depends on who assigned it). */
export type X12IdentifierKind =
  | 'payer' // payer id (NM1 PI / N1 XV, REF 2U)
  | 'member' // member / subscriber id assigned by `scope` = the payer id
  | 'coverage' // one coverage (member + product) of payer `scope`
  | 'claim' // the provider's patient control number (CLM01 / CLP01), scope = billing provider NPI or TIN
  | 'payer-claim' // the payer's claim control number (CLP07, REF 1K), scope = payer id
  | 'trace' // TRN02 trace number, scope = TRN03 originator
  | 'sponsor' // plan sponsor / employer id (N1 P5)
  | 'provider'; // a provider id that is not an NPI or TIN (REF G2 …), scope = payer id

/** What a translation may depend on besides the input (all injected; no I/O, no globals). */
export interface X12TranslateContext {
  readonly codes: CodeMapper;
  /** `meta.source` and CodeMapper source, e.g. `x12:ZZ:SUBMITTER`. */
  readonly source: string;
  /** New ids for `urn:uuid:` fullUrls. */
  readonly ids: () => string;
  /** Processing time (used when the transaction carries no date). */
  readonly now: () => Date;
  /** Identifier system for `kind` within `scope` (default `defaultIdentifierSystem`). */
  readonly identifierSystem?: (kind: X12IdentifierKind, scope: string) => string;
}

/** The translation result: `issues` with severity error mean the bundle must not be applied. */
export interface X12TranslateResult {
  readonly bundle: Bundle;
  readonly issues: readonly OperationOutcomeIssue[];
}

/** `urn:lyfeai:x12:<kind>[:<scope>]`: stable, deployment-independent identifier systems. */
export function defaultIdentifierSystem(kind: X12IdentifierKind, scope: string): string {
  const clean = scope.trim().replace(/[^A-Za-z0-9.\-_]/g, '_');
  return clean === '' ? `urn:lyfeai:x12:${kind}` : `urn:lyfeai:x12:${kind}:${clean}`;
}

/** Well-known code and identifier systems used by the X12 mappings. */
export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  tin: 'urn:oid:2.16.840.1.113883.4.4',
  ssn: 'http://hl7.org/fhir/sid/us-ssn',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd9cm: 'http://hl7.org/fhir/sid/icd-9-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  cdt: 'http://www.ada.org/cdt',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  revenue: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  typeOfBill: 'https://www.nubc.org/CodeSystem/TypeOfBill',
  pos: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  taxonomy: 'http://nucc.org/provider-taxonomy',
  carc: 'https://x12.org/codes/claim-adjustment-reason-codes',
  rarc: 'https://x12.org/codes/remittance-advice-remark-codes',
  casGroup: 'https://x12.org/codes/claim-adjustment-group-codes',
  serviceType: 'https://x12.org/codes/service-type-codes',
  insuranceLine: 'https://x12.org/codes/insurance-line-codes',
  claimFiling: 'https://x12.org/codes/claim-filing-indicator-codes',
  claimStatusCategory: 'https://x12.org/codes/claim-status-category-codes',
  claimStatus: 'https://x12.org/codes/claim-status-codes',
  hcrAction: 'https://x12.org/codes/health-care-services-review-decision-reason-codes',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  c4bbAdjudication: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication',
  c4bbDiscriminator: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator',
  c4bbCareTeamRole: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole',
  c4bbSupportingInfo: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType',
  c4bbDiagnosisType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType',
  c4bbIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  relationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  paymentType: 'http://terminology.hl7.org/CodeSystem/payment-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  claimInformationCategory: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  conditionCode: 'https://www.nubc.org/CodeSystem/ConditionCodes',
  occurrenceCode: 'https://www.nubc.org/CodeSystem/OccurrenceCodes',
  valueCode: 'https://www.nubc.org/CodeSystem/ValueCodes',
  admitType: 'https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit',
  admitSource: 'https://www.nubc.org/CodeSystem/PointOfOrigin',
  dischargeStatus: 'https://www.nubc.org/CodeSystem/PatDischargeStatus',
  toothNumber: 'http://terminology.hl7.org/CodeSystem/ex-tooth',
  toothSurface: 'http://terminology.hl7.org/CodeSystem/FDI-surface',
} as const;

/** A CodeableConcept for `code` in `system`, through the CodeMapper (mapped codings first, original kept). */
export function codeable(ctx: X12TranslateContext, system: string, code: string, display?: string, target?: string): CodeableConcept {
  const mapped = ctx.codes.map({ system, code, ...(display === undefined ? {} : { display }), ...(target === undefined ? {} : { target }) }, { source: ctx.source });
  return { coding: mapped.codings.map((c): Coding => ({ ...c })) };
}

/** A fixed FHIR code (a value set the FHIR spec binds required, not an external code). */
export function fixed(system: string, code: string, display?: string): CodeableConcept {
  return { coding: [{ system, code, ...(display === undefined ? {} : { display }) }] };
}
