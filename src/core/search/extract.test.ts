import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4.js';
import { createIndexExtractor } from './extract.js';
import { defaultSearchParamRegistry } from './registry.js';
import type { IndexValue } from './types.js';

const extractor = createIndexExtractor(defaultSearchParamRegistry());
const utc = (s: string): number => Date.parse(s);
const MIN = Number.MIN_SAFE_INTEGER;
const MAX = Number.MAX_SAFE_INTEGER;

function valuesOf(resource: object, param: string): IndexValue[] {
  return extractor.extract(resource as Resource).entries.filter((e) => e.param === param).map((e) => e.value);
}

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  meta: { lastUpdated: '2024-01-02T03:04:05.678Z', tag: [{ system: 'urn:tag', code: 't1' }], profile: ['http://hl7.org/fhir/StructureDefinition/vitalsigns'] },
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure' }], text: 'BP' },
  subject: { reference: 'Patient/p1' },
  performer: [{ reference: 'https://other.example/fhir/Patient/p2' }, { reference: 'Practitioner/dr' }],
  effectivePeriod: { start: '2024-01-01', end: '2024-01-01T12:00:00Z' },
  valueQuantity: { value: 1.5, unit: 'g', system: 'http://unitsofmeasure.org', code: 'g' },
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 120, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
  ],
};

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: 'urn:mrn', value: 'M-1', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } }],
  name: [{ family: 'Müller', given: ['Anna', 'Zoë'], prefix: ['Dr.'] }],
  telecom: [{ system: 'phone', value: '555-1234' }, { system: 'email', value: 'anna@example.org' }],
  gender: 'female',
  birthDate: '1980-02',
  address: [{ line: ['1 Main St'], city: 'Springfield', postalCode: '12345' }],
  deceasedDateTime: '2020-05-06',
  active: true,
  generalPractitioner: [{ identifier: { system: 'urn:npi', value: '999' } }],
  link: [{ other: { reference: 'Patient/p0' }, type: 'replaces' }],
};

describe('createIndexExtractor', () => {
  it.each<[string, object, string, IndexValue[]]>([
    ['token: CodeableConcept codings and text', observation, 'code', [
      { kind: 'token', system: 'http://loinc.org', code: '85354-9', text: 'blood pressure' },
      { kind: 'token', system: undefined, code: undefined, text: 'bp' },
    ]],
    ['token: code', observation, 'status', [{ kind: 'token', system: undefined, code: 'final', text: undefined }]],
    ['token: _id', observation, '_id', [{ kind: 'token', system: undefined, code: 'o1', text: undefined }]],
    ['token: Coding (_tag)', observation, '_tag', [{ kind: 'token', system: 'urn:tag', code: 't1', text: undefined }]],
    ['token: boolean', patient, 'active', [{ kind: 'token', system: undefined, code: 'true', text: undefined }]],
    ['token: Identifier with type', patient, 'identifier', [{ kind: 'token', system: 'urn:mrn', code: 'M-1', text: undefined,
      typeSystem: 'http://terminology.hl7.org/CodeSystem/v2-0203', typeCode: 'MR' }]],
    ['token: ContactPoint filtered by where()', patient, 'email', [{ kind: 'token', system: 'email', code: 'anna@example.org', text: undefined }]],
    ['token: deceased expression', patient, 'deceased', [{ kind: 'token', system: undefined, code: 'true', text: undefined }]],
    ['date: Period with partial start', observation, 'date', [{ kind: 'date', low: utc('2024-01-01T00:00:00Z'), high: utc('2024-01-01T12:00:00Z') + 999 }]],
    ['date: partial date', patient, 'birthdate', [{ kind: 'date', low: utc('1980-02-01T00:00:00Z'), high: utc('1980-03-01T00:00:00Z') - 1 }]],
    ['date: instant', observation, '_lastUpdated', [{ kind: 'date', low: utc('2024-01-02T03:04:05.678Z'), high: utc('2024-01-02T03:04:05.678Z') }]],
    ['date: choice dateTime', patient, 'death-date', [{ kind: 'date', low: utc('2020-05-06T00:00:00Z'), high: utc('2020-05-07T00:00:00Z') - 1 }]],
    ['reference: relative, filtered to Patient', observation, 'patient', [{ kind: 'reference', ref: 'Patient/p1', targetType: 'Patient', targetId: 'p1', identifierSystem: undefined, identifierValue: undefined }]],
    ['reference: absolute URL keeps type and id', observation, 'performer', [
      { kind: 'reference', ref: 'https://other.example/fhir/Patient/p2', targetType: 'Patient', targetId: 'p2', identifierSystem: undefined, identifierValue: undefined },
      { kind: 'reference', ref: 'Practitioner/dr', targetType: 'Practitioner', targetId: 'dr', identifierSystem: undefined, identifierValue: undefined },
    ]],
    ['reference: identifier only', patient, 'general-practitioner', [{ kind: 'reference', ref: undefined, targetType: undefined, targetId: undefined, identifierSystem: 'urn:npi', identifierValue: '999' }]],
    ['uri: canonical (_profile)', observation, '_profile', [{ kind: 'uri', value: 'http://hl7.org/fhir/StructureDefinition/vitalsigns' }]],
    ['reference: versioned canonical also indexed without version', { resourceType: 'QuestionnaireResponse', id: 'qr', status: 'completed', questionnaire: 'http://q.example/Questionnaire/phq|2' }, 'questionnaire', [
      { kind: 'reference', ref: 'http://q.example/Questionnaire/phq|2', targetType: 'Questionnaire', targetId: 'phq', identifierSystem: undefined, identifierValue: undefined },
      { kind: 'reference', ref: 'http://q.example/Questionnaire/phq', targetType: 'Questionnaire', targetId: 'phq', identifierSystem: undefined, identifierValue: undefined },
    ]],
    ['quantity: UCUM canonical', observation, 'value-quantity', [{ kind: 'quantity', value: 1.5, low: 1.45, high: 1.55, system: 'http://unitsofmeasure.org', code: 'g', unit: 'g', canonicalValue: 1.5, canonicalCode: 'g' }]],
  ])('%s', (_name, resource, param, expected) => {
    expect(valuesOf(resource, param)).toEqual(expected);
  });

  it('indexes every part of a HumanName and the full name, folded', () => {
    const names = valuesOf(patient, 'name').map((v) => (v.kind === 'string' ? v.norm : ''));
    expect(names).toEqual(expect.arrayContaining(['dr.', 'anna', 'zoe', 'muller', 'dr. anna zoe muller']));
    expect(valuesOf(patient, 'family')).toEqual([{ kind: 'string', norm: 'muller', exact: 'Müller' }]);
  });

  it('indexes every part of an Address', () => {
    const parts = valuesOf(patient, 'address').map((v) => (v.kind === 'string' ? v.exact : ''));
    expect(parts).toEqual(expect.arrayContaining(['1 Main St', 'Springfield', '12345']));
    expect(valuesOf(patient, 'address-city')).toEqual([{ kind: 'string', norm: 'springfield', exact: 'Springfield' }]);
  });

  it('builds composite tuples from the same component only', () => {
    const tuples = valuesOf(observation, 'component-code-value-quantity').map((v) =>
      v.kind === 'composite' ? v.components.map((c) => (c.kind === 'token' ? c.code : c.kind === 'quantity' ? c.value : '?')) : []);
    expect(tuples).toEqual([['8480-6', 120], ['8462-4', 80]]);
  });

  it('indexes Money, Range, Timing and fhirpath-only expressions', () => {
    expect(valuesOf({ resourceType: 'ChargeItem', id: 'c', status: 'billable', code: {}, subject: { reference: 'Patient/p' }, priceOverride: { value: 10, currency: 'EUR' } }, 'price-override'))
      .toMatchObject([{ kind: 'quantity', value: 10, system: 'urn:iso:std:iso:4217', code: 'EUR' }]);
    expect(valuesOf({ resourceType: 'Condition', id: 'c', subject: { reference: 'Patient/p' }, onsetRange: { low: { value: 10, code: 'a', system: 'http://unitsofmeasure.org' } } }, 'onset-age'))
      .toMatchObject([{ kind: 'quantity', low: 10, high: MAX }]);
    expect(valuesOf({ resourceType: 'MedicationRequest', id: 'm', status: 'active', intent: 'order', subject: { reference: 'Patient/p' },
      medicationCodeableConcept: { text: 'x' }, dosageInstruction: [{ timing: { event: ['2024-05-01'] } }] }, 'date'))
      .toEqual([{ kind: 'date', low: utc('2024-05-01T00:00:00Z'), high: utc('2024-05-02T00:00:00Z') - 1 }]); // Timing.event
    expect(valuesOf({ resourceType: 'Bundle', id: 'b', type: 'document', entry: [{ resource: { resourceType: 'Composition', id: 'cmp' } }] }, 'composition'))
      .toMatchObject([{ kind: 'reference', ref: 'Composition/cmp' }]);
    expect(valuesOf({ resourceType: 'Encounter', id: 'e', status: 'finished', class: { code: 'AMB' }, period: { end: '2024-01-01' } }, 'date'))
      .toEqual([{ kind: 'date', low: MIN, high: utc('2024-01-02T00:00:00Z') - 1 }]);
  });

  it('lists Patient compartments (local references only: performer Patient/p2 is on another server)', () => {
    expect(extractor.extract(observation as Resource).compartments.toSorted()).toEqual(['Patient/p1']);
    expect(extractor.extract(patient as Resource).compartments.toSorted()).toEqual(['Patient/p0', 'Patient/p1']);
    expect(extractor.extract({ resourceType: 'Organization', id: 'o' }).compartments).toEqual([]);
  });

  it.each<[string, object]>([
    ['wrong shapes everywhere', { resourceType: 'Observation', id: 'x', code: 'not-a-cc', subject: 42, valueQuantity: { value: 'abc' }, effectiveDateTime: 'yesterday', component: 'nope' }],
    ['nulls and empty arrays', { resourceType: 'Patient', id: 'y', name: [null, {}], telecom: [], birthDate: null, address: [{ line: [1, 2] }] }],
    ['unknown type', { resourceType: 'NotAType', id: 'z' }],
    ['deep nesting', { resourceType: 'Questionnaire', id: 'q', status: 'draft', item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'string', code: [{ code: 'c' }] }] }] }],
  ])('never throws: %s', (_name, resource) => {
    expect(() => extractor.extract(resource as Resource)).not.toThrow();
  });

  it('does not modify the resource', () => {
    const copy = structuredClone(observation);
    extractor.extract(copy as Resource);
    expect(copy).toEqual(observation);
  });
});

describe('local base URLs', () => {
  const local = createIndexExtractor(defaultSearchParamRegistry(), { localBaseUrls: ['https://gw.example.org/fhir'] });
  const obs = (subject: string, performer: string): Resource =>
    ({ resourceType: 'Observation', id: 'x', status: 'final', code: { text: 'x' }, subject: { reference: subject }, performer: [{ reference: performer }] }) as Resource;

  it('indexes references under a local base as Type/id, others as their URL', () => {
    const ix = local.extract(obs('https://gw.example.org/fhir/Patient/1/_history/2', 'https://other.example/fhir/Practitioner/7'));
    const refs = ix.entries.filter((e) => e.param === 'subject' || e.param === 'performer').map((e) => (e.value.kind === 'reference' ? e.value.ref : undefined));
    expect(refs).toEqual(expect.arrayContaining(['Patient/1', 'https://other.example/fhir/Practitioner/7']));
    expect(refs).not.toContain('https://gw.example.org/fhir/Patient/1');
    expect(ix.compartments).toEqual(['Patient/1']);
  });

  it('puts nothing in a compartment for a Patient on another server', () => {
    expect(local.extract(obs('https://other.example/fhir/Patient/1', 'Practitioner/1')).compartments).toEqual([]);
    expect(extractor.extract(obs('https://gw.example.org/fhir/Patient/1', 'Practitioner/1')).compartments).toEqual([]);
  });
});

describe('runtime search parameters', () => {
  it('picks up definitions added and removed after the first extraction', async () => {
    const { loadSearchParamRegistry } = await import('./registry.js');
    const registry = loadSearchParamRegistry();
    const ex = createIndexExtractor(registry);
    const p = { resourceType: 'Patient', id: 'p', extension: [{ url: 'http://x/ext', valueString: 'Blue' }] } as Resource;
    const has = (): boolean => ex.extract(p).entries.some((e) => e.param === 'favourite');
    expect(has()).toBe(false);
    registry.define('SearchParameter/1', {
      resourceType: 'SearchParameter', url: 'http://x/sp', name: 'favourite', status: 'active', description: 'x',
      code: 'favourite', base: ['Patient'], type: 'string', expression: "Patient.extension.where(url='http://x/ext').value",
    });
    expect(registry.get('Patient', 'favourite')?.type).toBe('string');
    expect(ex.extract(p).entries.filter((e) => e.param === 'favourite').map((e) => e.value)).toEqual([{ kind: 'string', norm: 'blue', exact: 'Blue' }]);
    registry.undefine('SearchParameter/1');
    expect(registry.get('Patient', 'favourite')).toBeUndefined();
    expect(has()).toBe(false);
  });
});
