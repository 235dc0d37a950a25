import { describe, it, expect } from 'vitest';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import { compileLite } from './fhirpath-lite.js';
import { createProfileValidator, loadProfileDefinitions } from './profile-validator.js';
import { fixtureCodeValidator, PROFILES_DIR, US_CORE, validExamples } from './test-support/us-core-fixtures.js';

const model = r4 as unknown as Parameters<typeof fhirpath.evaluate>[3];
const US_CORE_6 = "(family.exists() or given.exists()) xor extension.where(url='http://hl7.org/fhir/StructureDefinition/data-absent-reason').exists()";
const DAR = { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' };

/** [expression, FHIRPath base path, context value]: the native answer must equal the engine's. */
const cases: [string, string, unknown][] = [
  [US_CORE_6, 'Patient.name', { family: 'Shaw' }],
  [US_CORE_6, 'Patient.name', { given: ['Amy'] }],
  [US_CORE_6, 'Patient.name', { text: 'Amy' }],
  [US_CORE_6, 'Patient.name', { extension: [DAR] }],
  [US_CORE_6, 'Patient.name', { family: 'Shaw', extension: [DAR] }],
  ['(component.empty() and hasMember.empty()) implies (dataAbsentReason.exists() or value.exists())', 'Observation', { resourceType: 'Observation', valueQuantity: { value: 1 } }],
  ['(component.empty() and hasMember.empty()) implies (dataAbsentReason.exists() or value.exists())', 'Observation', { resourceType: 'Observation' }],
  ['(component.empty() and hasMember.empty()) implies (dataAbsentReason.exists() or value.exists())', 'Observation', { resourceType: 'Observation', component: [{ code: { text: 'x' } }] }],
  ["(status='completed' or status='in-progress') implies performed.exists()", 'Procedure', { resourceType: 'Procedure', status: 'completed' }],
  ["(status='completed' or status='in-progress') implies performed.exists()", 'Procedure', { resourceType: 'Procedure', status: 'completed', performedDateTime: '2020-01-01' }],
  ["(status='completed' or status='in-progress') implies performed.exists()", 'Procedure', { resourceType: 'Procedure', status: 'preparation' }],
  ["(status='completed' or status='in-progress') implies performed.exists()", 'Procedure', { resourceType: 'Procedure' }],
  ['dataAbsentReason.empty() or value.empty()', 'Observation', { resourceType: 'Observation', valueString: 'x', dataAbsentReason: { text: 'y' } }],
  ['name.exists() or telecom.exists() or address.exists() or organization.exists()', 'Patient.contact', {}],
  ['name.exists() or telecom.exists() or address.exists() or organization.exists()', 'Patient.contact', { telecom: [{ value: '1' }] }],
  ['low.exists() or high.exists() or text.exists()', 'Observation.referenceRange', { text: 'normal' }],
  ['abatement.empty() or clinicalStatus.coding.where(system=\'http://terminology.hl7.org/CodeSystem/condition-clinical\' and (code=\'resolved\' or code=\'remission\' or code=\'inactive\')).exists()', 'Condition',
    { resourceType: 'Condition', abatementDateTime: '2020', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] } }],
  ['abatement.empty() or clinicalStatus.coding.where(system=\'http://terminology.hl7.org/CodeSystem/condition-clinical\' and (code=\'resolved\' or code=\'remission\' or code=\'inactive\')).exists()', 'Condition',
    { resourceType: 'Condition', abatementDateTime: '2020', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] } }],
  ['birthDate.exists()', 'Patient', { resourceType: 'Patient', _birthDate: { extension: [DAR] } }],
  ['active.not()', 'Patient', { resourceType: 'Patient', active: true }],
  ['active != true', 'Patient', { resourceType: 'Patient', active: false }],
  ['active != true', 'Patient', { resourceType: 'Patient' }],
];

describe('compileLite', () => {
  it.each(cases)('%s on %s %j agrees with the fhirpath engine', (expression, base, value) => {
    const lite = compileLite(expression);
    expect(lite).toBeDefined();
    const engine = fhirpath.evaluate(structuredClone(value), { base, expression }, {}, model);
    expect(lite?.(value)).toEqual(engine);
  });

  it.each([
    "($this as dateTime).toString().length() >= 8",
    "value.ofType(Quantity).system.empty() or value.ofType(Quantity).system = 'http://unitsofmeasure.org'",
    'contained.where(%resource.descendants().reference.exists()).empty()',
    'hasValue() or (children().count() > id.count())',
    'Patient.name.exists()',
  ])('leaves %s to the engine', (expression) => {
    expect(compileLite(expression)).toBeUndefined();
  });
});

describe('native and engine invariants give the same issues', () => {
  const dir = loadProfileDefinitions(PROFILES_DIR);
  const native = createProfileValidator({ profiles: dir, validateCode: fixtureCodeValidator });
  const engine = createProfileValidator({ profiles: dir, validateCode: fixtureCodeValidator, nativeFhirPath: false });
  const variants = (r: Record<string, unknown>): Record<string, unknown>[] => {
    const out = [r];
    for (const k of Object.keys(r)) if (k !== 'resourceType') out.push(Object.fromEntries(Object.entries(r).filter(([key]) => key !== k)));
    return out;
  };
  it.each(Object.entries(validExamples()))('%s and each of its elements removed', (profile, resource) => {
    for (const r of variants(resource)) {
      expect(native.validate(r, `${US_CORE}/${profile}`)).toEqual(engine.validate(r, `${US_CORE}/${profile}`));
    }
  });
});
