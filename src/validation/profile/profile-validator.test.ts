import { describe, it, expect } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { createProfileValidator, loadProfileDefinitions } from './profile-validator.js';
import { fixtureCodeValidator, PROFILES_DIR, US_CORE, usCorePatient, validExamples } from './test-support/us-core-fixtures.js';

const validator = createProfileValidator({ profiles: loadProfileDefinitions(PROFILES_DIR), validateCode: fixtureCodeValidator });
const errors = (issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] => issues.filter((i) => i.severity === 'error');

type R = Record<string, unknown>;
const example = (profile: string, change: (r: R) => void): R => {
  const r = structuredClone(validExamples()[profile] ?? {});
  change(r);
  return r;
};
const arr = (r: R, key: string): R[] => r[key] as R[];

describe('profiles/', () => {
  it('ships the US Core profiles of the issue (and the extensions and base profiles they use)', () => {
    for (const id of [
      'us-core-patient', 'us-core-encounter', 'us-core-observation-lab', 'us-core-vital-signs', 'us-core-condition-encounter-diagnosis',
      'us-core-condition-problems-health-concerns', 'us-core-allergyintolerance', 'us-core-immunization', 'us-core-medicationrequest',
      'us-core-diagnosticreport-lab', 'us-core-procedure', 'us-core-coverage', 'us-core-race', 'us-core-ethnicity', 'us-core-birthsex',
    ]) expect(validator.has(`${US_CORE}/${id}`), id).toBe(true);
    expect(validator.has('http://hl7.org/fhir/StructureDefinition/vitalsigns')).toBe(true);
  });

  it('records the rules it cannot enforce (dom-3 is beyond the fhirpath engine)', () => {
    const plan = validator.plan(`${US_CORE}/us-core-patient`);
    expect(plan?.skipped.map((s) => s.rule)).toContain('dom-3');
  });
});

describe('valid US Core resources', () => {
  it.each(Object.entries(validExamples()))('%s has no errors', (profile, resource) => {
    expect(errors(validator.validate(resource, `${US_CORE}/${profile}`))).toEqual([]);
  });

  it('accepts a versioned canonical', () => {
    expect(errors(validator.validate(usCorePatient(), `${US_CORE}/us-core-patient|5.0.1`))).toEqual([]);
  });
});

/** [case, profile, resource, expression, rule in the diagnostics]. */
const invalid: [string, string, R, string, string][] = [
  ['no identifier', 'us-core-patient', example('us-core-patient', (r) => delete r['identifier']),
    'Patient.identifier', 'min cardinality 1 (us-core-patient Patient.identifier)'],
  ['identifier without system', 'us-core-patient', example('us-core-patient', (r) => delete arr(r, 'identifier')[0]?.['system']),
    'Patient.identifier[0].system', 'min cardinality 1 (us-core-patient Patient.identifier.system)'],
  ['name with text only', 'us-core-patient', example('us-core-patient', (r) => { r['name'] = [{ text: 'Amy Shaw' }]; }),
    'Patient', 'us-core-6 (us-core-patient Patient)'],
  ['gender outside the required value set', 'us-core-patient', example('us-core-patient', (r) => { r['gender'] = 'f'; }),
    'Patient.gender', 'required binding http://hl7.org/fhir/ValueSet/administrative-gender (us-core-patient Patient.gender)'],
  ['telecom without value', 'us-core-patient', example('us-core-patient', (r) => delete arr(r, 'telecom')[1]?.['value']),
    'Patient.telecom[1].value', 'min cardinality 1 (us-core-patient Patient.telecom.value)'],
  ['deceased as a string', 'us-core-patient', example('us-core-patient', (r) => { r['deceasedString'] = 'yes'; }),
    'Patient.deceasedString', 'type Boolean|DateTime (us-core-patient Patient.deceased[x])'],
  ['race without its text', 'us-core-patient', example('us-core-patient', (r) => { arr(arr(r, 'extension')[0] ?? {}, 'extension').pop(); }),
    'Patient.extension[0].extension', 'min cardinality 1 (us-core-race Extension.extension:text)'],
  ['birth sex as a string', 'us-core-patient', example('us-core-patient', (r) => { arr(r, 'extension')[2] = { url: `${US_CORE}/us-core-birthsex`, valueString: 'F' }; }),
    'Patient.extension[2].valueString', 'type Code (us-core-birthsex Extension.value[x])'],
  ['birth sex outside its value set', 'us-core-patient', example('us-core-patient', (r) => { arr(r, 'extension')[2] = { url: `${US_CORE}/us-core-birthsex`, valueCode: 'X' }; }),
    'Patient.extension[2].valueCode', 'required binding http://hl7.org/fhir/us/core/ValueSet/birthsex (us-core-birthsex Extension.value[x])'],
  ['extension with value and extensions (ext-1)', 'us-core-patient', example('us-core-patient', (r) => { (arr(r, 'extension')[0] ?? {})['valueString'] = 'x'; }),
    'Patient.extension[0]', 'ext-1'],
  ['encounter without type', 'us-core-encounter', example('us-core-encounter', (r) => delete r['type']),
    'Encounter.type', 'min cardinality 1 (us-core-encounter Encounter.type)'],
  ['encounter identifier without value', 'us-core-encounter', example('us-core-encounter', (r) => delete arr(r, 'identifier')[0]?.['value']),
    'Encounter.identifier[0].value', 'min cardinality 1 (us-core-encounter Encounter.identifier.value)'],
  ['lab result without the laboratory category', 'us-core-observation-lab', example('us-core-observation-lab', (r) => { r['category'] = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] }]; }),
    'Observation.category', 'min cardinality 1 (us-core-observation-lab Observation.category:Laboratory)'],
  ['lab result with the laboratory category twice', 'us-core-observation-lab', example('us-core-observation-lab', (r) => { arr(r, 'category').push(structuredClone(arr(r, 'category')[0] ?? {})); }),
    'Observation.category', 'max cardinality 1 (us-core-observation-lab Observation.category:Laboratory)'],
  ['lab result dated to the year (us-core-1)', 'us-core-observation-lab', example('us-core-observation-lab', (r) => { r['effectiveDateTime'] = '2005'; }),
    'Observation.effectiveDateTime', 'us-core-1 (us-core-observation-lab Observation.effective[x])'],
  ['lab result with neither value nor absent reason (us-core-2)', 'us-core-observation-lab', example('us-core-observation-lab', (r) => delete r['valueQuantity']),
    'Observation', 'us-core-2 (us-core-observation-lab Observation)'],
  ['lab result as a Period-typed value of the wrong kind', 'us-core-observation-lab', example('us-core-observation-lab', (r) => { delete r['effectiveDateTime']; r['effectiveInstant'] = '2005-07-05T10:00:00Z'; }),
    'Observation.effectiveInstant', 'type DateTime|Period (us-core-observation-lab Observation.effective[x])'],
  ['vital sign without the vital-signs category', 'us-core-vital-signs', example('us-core-vital-signs', (r) => { r['category'] = [{ text: 'vitals' }]; }),
    'Observation.category', 'min cardinality 1 (us-core-vital-signs Observation.category:VSCat)'],
  ['vital sign without effective[x]', 'us-core-vital-signs', example('us-core-vital-signs', (r) => delete r['effectiveDateTime']),
    'Observation.effective[x]', 'min cardinality 1 (us-core-vital-signs Observation.effective[x])'],
  ['vital sign without subject', 'us-core-vital-signs', example('us-core-vital-signs', (r) => delete r['subject']),
    'Observation.subject', 'min cardinality 1 (us-core-vital-signs Observation.subject)'],
  ['blood pressure with another code (pattern)', 'us-core-blood-pressure', example('us-core-blood-pressure', (r) => { r['code'] = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }; }),
    'Observation.code', 'pattern (us-core-blood-pressure Observation.code)'],
  ['blood pressure without its systolic component', 'us-core-blood-pressure', example('us-core-blood-pressure', (r) => { arr(r, 'component').shift(); }),
    'Observation.component', 'min cardinality 1 (us-core-blood-pressure Observation.component:systolic)'],
  ['encounter diagnosis filed as a problem', 'us-core-condition-encounter-diagnosis', example('us-core-condition-encounter-diagnosis', (r) => { r['category'] = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }]; }),
    'Condition.category', 'min cardinality 1 (us-core-condition-encounter-diagnosis Condition.category:us-core)'],
  ['problem without code', 'us-core-condition-problems-health-concerns', example('us-core-condition-problems-health-concerns', (r) => delete r['code']),
    'Condition.code', 'min cardinality 1 (us-core-condition-problems-health-concerns Condition.code)'],
  ['problem filed as an encounter diagnosis (category:us-core slice, required binding)', 'us-core-condition-problems-health-concerns', example('us-core-condition-problems-health-concerns', (r) => { r['category'] = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }]; }),
    'Condition.category', 'min cardinality 1 (us-core-condition-problems-health-concerns Condition.category:us-core)'],
  ['problem without category', 'us-core-condition-problems-health-concerns', example('us-core-condition-problems-health-concerns', (r) => delete r['category']),
    'Condition.category', 'min cardinality 1 (us-core-condition-problems-health-concerns Condition.category)'],
  ['allergy without code', 'us-core-allergyintolerance', example('us-core-allergyintolerance', (r) => delete r['code']),
    'AllergyIntolerance.code', 'min cardinality 1 (us-core-allergyintolerance AllergyIntolerance.code)'],
  ['allergy with a clinical status outside its value set', 'us-core-allergyintolerance', example('us-core-allergyintolerance', (r) => { r['clinicalStatus'] = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'gone' }] }; }),
    'AllergyIntolerance.clinicalStatus', 'required binding http://hl7.org/fhir/ValueSet/allergyintolerance-clinical|4.0.1 (us-core-allergyintolerance AllergyIntolerance.clinicalStatus)'],
  ['allergy reaction without manifestation', 'us-core-allergyintolerance', example('us-core-allergyintolerance', (r) => { r['reaction'] = [{ description: 'rash' }]; }),
    'AllergyIntolerance.reaction[0].manifestation', 'min cardinality 1 (us-core-allergyintolerance AllergyIntolerance.reaction.manifestation)'],
  ['immunization without primarySource', 'us-core-immunization', example('us-core-immunization', (r) => delete r['primarySource']),
    'Immunization.primarySource', 'min cardinality 1 (us-core-immunization Immunization.primarySource)'],
  ['medication request without requester', 'us-core-medicationrequest', example('us-core-medicationrequest', (r) => delete r['requester']),
    'MedicationRequest.requester', 'min cardinality 1 (us-core-medicationrequest MedicationRequest.requester)'],
  ['medication request without medication[x]', 'us-core-medicationrequest', example('us-core-medicationrequest', (r) => delete r['medicationCodeableConcept']),
    'MedicationRequest.medication[x]', 'min cardinality 1 (us-core-medicationrequest MedicationRequest.medication[x])'],
  ['lab report without the LAB category', 'us-core-diagnosticreport-lab', example('us-core-diagnosticreport-lab', (r) => { r['category'] = [{ text: 'lab' }]; }),
    'DiagnosticReport.category', 'min cardinality 1 (us-core-diagnosticreport-lab DiagnosticReport.category:LaboratorySlice)'],
  ['final lab report without effective[x] (us-core-8)', 'us-core-diagnosticreport-lab', example('us-core-diagnosticreport-lab', (r) => delete r['effectiveDateTime']),
    'DiagnosticReport', 'us-core-8 (us-core-diagnosticreport-lab DiagnosticReport)'],
  ['final lab report without issued (us-core-9)', 'us-core-diagnosticreport-lab', example('us-core-diagnosticreport-lab', (r) => delete r['issued']),
    'DiagnosticReport', 'us-core-9 (us-core-diagnosticreport-lab DiagnosticReport)'],
  ['completed procedure without performed[x] (us-core-7)', 'us-core-procedure', example('us-core-procedure', (r) => delete r['performedDateTime']),
    'Procedure', 'us-core-7 (us-core-procedure Procedure)'],
  ['coverage without relationship', 'us-core-coverage', example('us-core-coverage', (r) => delete r['relationship']),
    'Coverage.relationship', 'min cardinality 1 (us-core-coverage Coverage.relationship)'],
  ['coverage with two payors', 'us-core-coverage', example('us-core-coverage', (r) => { arr(r, 'payor').push({ reference: 'Organization/other' }); }),
    'Coverage.payor', 'max cardinality 1 (us-core-coverage Coverage.payor)'],
  ['coverage with two member ids', 'us-core-coverage', example('us-core-coverage', (r) => { arr(r, 'identifier').push({ ...structuredClone(arr(r, 'identifier')[0] ?? {}), value: 'M2' }); }),
    'Coverage.identifier', 'max cardinality 1 (us-core-coverage Coverage.identifier:memberid)'],
  ['coverage without member id nor subscriberId (us-core-15)', 'us-core-coverage', example('us-core-coverage', (r) => { arr(r, 'identifier')[0] = { system: 'https://payer.example.org', value: 'M1' }; }),
    'Coverage', 'us-core-15 (us-core-coverage Coverage)'],
  ['coverage group class without value', 'us-core-coverage', example('us-core-coverage', (r) => delete arr(r, 'class')[0]?.['value']),
    'Coverage.class[0].value', 'min cardinality 1 (us-core-coverage Coverage.class.value)'],
  ['an Encounter checked against the Patient profile', 'us-core-patient', example('us-core-encounter', () => undefined),
    'Encounter', 'resource type Patient'],
];

describe('invalid US Core resources', () => {
  it.each(invalid)('%s', (_name, profile, resource, expression, ruleText) => {
    const found = errors(validator.validate(resource, `${US_CORE}/${profile}`));
    expect(found.map((i) => ({ expression: i.expression?.[0], rule: i.diagnostics?.includes(ruleText) })))
      .toContainEqual({ expression, rule: true });
  });
});

describe('bindings and unknown profiles', () => {
  it('reports an unknown value set as a warning, not an error', () => {
    const issues = validator.validate(validExamples()['us-core-encounter'], `${US_CORE}/us-core-encounter`);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'not-supported', expression: ['Encounter.type[0]'] }));
  });

  it('reports an extensible binding miss as a warning', () => {
    const v = createProfileValidator({ profiles: loadProfileDefinitions(PROFILES_DIR), validateCode: () => false });
    const issues = v.validate(validExamples()['us-core-encounter'], `${US_CORE}/us-core-encounter`);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'code-invalid', expression: ['Encounter.type[0]'] }));
  });

  it('answers an unknown profile with a single warning', () => {
    expect(validator.validate(usCorePatient(), 'http://example.org/StructureDefinition/nope')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'not-supported' }),
    ]);
  });

  it('does not assert the minimum of a binding-only slice whose value set is unknown (warning instead)', () => {
    const v = createProfileValidator({ profiles: loadProfileDefinitions(PROFILES_DIR), validateCode: () => undefined });
    const url = `${US_CORE}/us-core-condition-problems-health-concerns`;
    const issues = v.validate(validExamples()['us-core-condition-problems-health-concerns'], url);
    expect(errors(issues)).toEqual([]);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'not-supported', expression: ['Condition.category'] }));
  });

  it('keeps us-core-3 / us-core-4 where US Core 5.0.1 publishes them: on value[x], where they never fire', () => {
    // As published, `valueQuantity.system` is read from the value itself, so the HL7 validator never
    // fires them either; we keep the published expression rather than invent a stricter rule.
    const r = example('us-core-observation-lab', (o) => { o['valueQuantity'] = { value: 4.9, system: 'http://example.org/units', code: 'mmol' }; });
    const issues = validator.validate(r, `${US_CORE}/us-core-observation-lab`);
    expect(issues.filter((i) => /us-core-[34]/.test(i.diagnostics ?? ''))).toEqual([]);
    const sd = loadProfileDefinitions(PROFILES_DIR).find((d) => d.url === `${US_CORE}/us-core-observation-lab`);
    const value = sd?.snapshot?.element.find((e) => e.id === 'Observation.value[x]');
    expect(value?.constraint?.filter((c) => c.key.startsWith('us-core')).map((c) => [c.key, c.severity])).toEqual([['us-core-4', 'warning'], ['us-core-3', 'error']]);
  });

  it('matches binding-only slices through the value set (MedicationRequest.category:us-core)', () => {
    const plan = validator.plan(`${US_CORE}/us-core-medicationrequest`);
    expect(plan?.skipped.map((s) => s.element)).not.toContain('MedicationRequest.category:us-core');
  });
});

describe('fixed values and closed slicing (a synthetic profile)', () => {
  const sd = {
    resourceType: 'StructureDefinition', url: 'http://example.org/StructureDefinition/closed', id: 'closed', name: 'Closed', status: 'active',
    kind: 'resource', abstract: false, type: 'Patient', derivation: 'constraint',
    snapshot: { element: [
      { id: 'Patient', path: 'Patient', min: 0, max: '*' },
      { id: 'Patient.identifier', path: 'Patient.identifier', min: 0, max: '*', base: { path: 'Patient.identifier', min: 0, max: '*' },
        slicing: { discriminator: [{ type: 'value', path: 'system' }], rules: 'closed' } },
      { id: 'Patient.identifier:mrn', path: 'Patient.identifier', sliceName: 'mrn', min: 0, max: '1' },
      { id: 'Patient.identifier:mrn.system', path: 'Patient.identifier.system', min: 1, max: '1', fixedUri: 'urn:mrn' },
      { id: 'Patient.gender', path: 'Patient.gender', min: 0, max: '1', fixedCode: 'female' },
    ] },
  } as const;
  const v = createProfileValidator({ profiles: [structuredClone(sd) as unknown as Parameters<typeof createProfileValidator>[0]['profiles'][number]] });

  it.each<[string, R, string, string]>([
    ['a value outside every slice of a closed slicing', { resourceType: 'Patient', identifier: [{ system: 'urn:other', value: '1' }] },
      'Patient.identifier[0]', 'closed slicing (closed Patient.identifier)'],
    ['a fixed value not met', { resourceType: 'Patient', gender: 'male' }, 'Patient.gender', 'fixed value (closed Patient.gender)'],
  ])('%s', (_name, resource, expression, ruleText) => {
    const found = errors(v.validate(resource, sd.url));
    expect(found.map((i) => ({ expression: i.expression?.[0], rule: i.diagnostics?.includes(ruleText) }))).toContainEqual({ expression, rule: true });
  });

  it('accepts values of the closed slices', () => {
    expect(errors(v.validate({ resourceType: 'Patient', gender: 'female', identifier: [{ system: 'urn:mrn', value: '1' }] }, sd.url))).toEqual([]);
  });
});
