/**
 * Valid US Core resources (one per shipped profile) and a small CodeValidator over the value sets they
 * use, for the profile validator's tests and benchmark. Built from the US Core example instances, with
 * only the elements that matter to the profile.
 */
import { fileURLToPath } from 'node:url';
import type { CodeValidator } from '../types.js';

/** The repo's `profiles/` folder. */
export const PROFILES_DIR = fileURLToPath(new URL('../../../../profiles', import.meta.url));

export const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';
const OBS_CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';
const PATIENT_REF = { reference: 'Patient/example' };

/** A US Core Patient with race, ethnicity and birth sex. */
export function usCorePatient(): Record<string, unknown> {
  return {
    resourceType: 'Patient', id: 'example',
    meta: { profile: [`${US_CORE}/us-core-patient`] },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Amy V. Shaw</div>' },
    extension: [
      { url: `${US_CORE}/us-core-race`, extension: [
        { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2106-3', display: 'White' } },
        { url: 'text', valueString: 'White' },
      ] },
      { url: `${US_CORE}/us-core-ethnicity`, extension: [
        { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2186-5', display: 'Not Hispanic or Latino' } },
        { url: 'text', valueString: 'Not Hispanic or Latino' },
      ] },
      { url: `${US_CORE}/us-core-birthsex`, valueCode: 'F' },
    ],
    identifier: [{ use: 'usual', system: 'http://hospital.smarthealthit.org', value: '1032702' }],
    active: true,
    name: [{ family: 'Shaw', given: ['Amy', 'V.'] }],
    telecom: [{ system: 'phone', value: '555-555-5555', use: 'home' }, { system: 'email', value: 'amy.shaw@example.com' }],
    gender: 'female',
    birthDate: '1987-02-20',
    address: [{ line: ['49 Meadow St'], city: 'Mounds', state: 'OK', postalCode: '74047', country: 'US' }],
  };
}

const lab = { coding: [{ system: OBS_CAT, code: 'laboratory' }] };
const vitals = { coding: [{ system: OBS_CAT, code: 'vital-signs' }] };

/** One valid instance per shipped profile (profile id → resource). */
export function validExamples(): Record<string, Record<string, unknown>> {
  return {
    'us-core-patient': usCorePatient(),
    'us-core-encounter': {
      resourceType: 'Encounter', status: 'finished',
      identifier: [{ system: 'http://www.acme.com/identifiers/patient', value: 'E1' }],
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99201' }] }],
      subject: PATIENT_REF, period: { start: '2015-11-01T17:00:14-05:00' },
    },
    'us-core-observation-lab': {
      resourceType: 'Observation', status: 'final', category: [lab],
      code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }], text: 'Potassium' },
      subject: PATIENT_REF, effectiveDateTime: '2005-07-05',
      valueQuantity: { value: 4.9, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    },
    'us-core-vital-signs': {
      resourceType: 'Observation', status: 'final', category: [vitals],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }], text: 'Heart rate' },
      subject: PATIENT_REF, effectiveDateTime: '1999-07-02',
      valueQuantity: { value: 44, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
    },
    'us-core-blood-pressure': {
      resourceType: 'Observation', status: 'final', category: [vitals],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: PATIENT_REF, effectiveDateTime: '1999-07-02',
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 109, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 44, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
    },
    'us-core-condition-encounter-diagnosis': {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '442311008' }] },
      subject: PATIENT_REF,
    },
    'us-core-condition-problems-health-concerns': {
      resourceType: 'Condition',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '442311008' }] },
      subject: PATIENT_REF,
    },
    'us-core-allergyintolerance': {
      resourceType: 'AllergyIntolerance',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1191' }] },
      patient: PATIENT_REF,
      reaction: [{ manifestation: [{ coding: [{ system: 'http://snomed.info/sct', code: '271807003' }] }] }],
    },
    'us-core-immunization': {
      resourceType: 'Immunization', status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }] },
      patient: PATIENT_REF, occurrenceDateTime: '2020-10-01', primarySource: true,
    },
    'us-core-medicationrequest': {
      resourceType: 'MedicationRequest', status: 'active', intent: 'order',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'community' }] }],
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1049221' }] },
      subject: PATIENT_REF, authoredOn: '2008-04-05', requester: { reference: 'Practitioner/p1' },
    },
    'us-core-diagnosticreport-lab': {
      resourceType: 'DiagnosticReport', status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '24323-8' }] },
      subject: PATIENT_REF, effectiveDateTime: '2005-07-05', issued: '2005-07-06T11:45:33+11:00',
      result: [{ reference: 'Observation/o1' }],
    },
    'us-core-procedure': {
      resourceType: 'Procedure', status: 'completed',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '35637008' }] },
      subject: PATIENT_REF, performedDateTime: '2002-05-23',
    },
    'us-core-coverage': {
      resourceType: 'Coverage', status: 'active',
      identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] }, system: 'https://payer.example.org', value: 'M1' }],
      beneficiary: PATIENT_REF,
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
      payor: [{ reference: 'Organization/payer' }],
      class: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group' }] }, value: 'G1', name: 'Group 1' }],
    },
  };
}

/** Value sets used by the fixtures: url → member codes (`system|code`, or `code` alone for `code` elements). */
const VALUE_SETS: Record<string, readonly string[]> = {
  'http://hl7.org/fhir/ValueSet/administrative-gender': ['male', 'female', 'other', 'unknown'],
  'http://hl7.org/fhir/ValueSet/contact-point-system': ['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'],
  'http://hl7.org/fhir/ValueSet/contact-point-use': ['home', 'work', 'temp', 'old', 'mobile'],
  'http://hl7.org/fhir/ValueSet/identifier-use': ['usual', 'official', 'temp', 'secondary', 'old'],
  'http://hl7.org/fhir/ValueSet/observation-status': ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'],
  'http://hl7.org/fhir/us/core/ValueSet/birthsex': ['F', 'M', 'UNK'],
  'http://hl7.org/fhir/ValueSet/medicationrequest-category': ['inpatient', 'outpatient', 'community', 'discharge']
    .map((c) => `http://terminology.hl7.org/CodeSystem/medicationrequest-category|${c}`),
  // US Core 5.0.1 Condition Problems and Health Concerns slices category on this required binding.
  'http://hl7.org/fhir/us/core/ValueSet/us-core-problem-or-health-concern': ['problem-list-item', 'health-concern']
    .map((c) => `http://terminology.hl7.org/CodeSystem/condition-category|${c}`),
  'http://hl7.org/fhir/ValueSet/allergyintolerance-clinical': ['active', 'inactive', 'resolved']
    .map((c) => `http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical|${c}`),
};

/** A CodeValidator over VALUE_SETS; other value sets are unknown (undefined). */
export const fixtureCodeValidator: CodeValidator = (url, value) => {
  const members = VALUE_SETS[url.split('|')[0] ?? url];
  if (members === undefined) return undefined;
  return members.includes(value.system === undefined ? value.code : `${value.system}|${value.code}`) ||
    (value.system === undefined && members.some((m) => m.endsWith(`|${value.code}`)));
};
