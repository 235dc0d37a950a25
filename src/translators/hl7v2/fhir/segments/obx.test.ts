import { describe, expect, it } from 'vitest';
import type { CodeMapper } from '../../../../core/code-mapping.js';
import { mapObx } from './obx.js';
import { segmentOf, testContext } from './orders-fixtures.js';

/** A mapper knowing OBX-11 `F` → final and OBX-8 `H` → v3 H (as the V2-to-FHIR ConceptMaps do). */
const maps: CodeMapper = {
  map(input) {
    const original = { system: input.system, code: input.code, ...(input.display === undefined ? {} : { display: input.display }) };
    const table: Record<string, { system: string; code: string }> = {
      'http://terminology.hl7.org/CodeSystem/v2-0085|F': { system: 'http://hl7.org/fhir/observation-status', code: 'final' },
      'http://terminology.hl7.org/CodeSystem/v2-0078|H': { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' },
    };
    const hit = table[`${input.system}|${input.code}`];
    return hit === undefined ? { codings: [original], mapped: false, maps: [] } : { codings: [hit, original], mapped: true, maps: ['m'] };
  },
};

const map = (obx: string) => mapObx(segmentOf('OBX', obx), testContext(maps));

describe('OBX → Observation value types', () => {
  it.each([
    ['NM with UCUM unit', 'OBX|1|NM|2345-7^Glucose^LN||105|mg/dL^^UCUM|70-99|H|||F', { valueQuantity: { value: 105, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' } }],
    ['NM with a known UCUM unit, no system', 'OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|||||F', { valueQuantity: { value: 5.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } }],
    ['NM with a local unit keeps text only', 'OBX|1|NM|X^Y^L||3|bpm^beats^L|||||F', { valueQuantity: { value: 3, unit: 'beats' } }],
    ['SN comparator', 'OBX|1|SN|X^Y^L||<^5|mg/L^^UCUM|||||F', { valueQuantity: { value: 5, comparator: '<', unit: 'mg/L', system: 'http://unitsofmeasure.org', code: 'mg/L' } }],
    ['SN range', 'OBX|1|SN|X^Y^L||^2^-^4||||||F', { valueRange: { low: { value: 2 }, high: { value: 4 } } }],
    ['SN ratio', 'OBX|1|SN|X^Y^L||^1^:^128||||||F', { valueRatio: { numerator: { value: 1 }, denominator: { value: 128 } } }],
    ['SN <> kept as text', 'OBX|1|SN|X^Y^L||<>^3||||||F', { valueString: '<> 3' }],
    ['ST', 'OBX|1|ST|X^Y^L||positive \\T\\ confirmed||||||F', { valueString: 'positive & confirmed' }],
    ['TX repetitions joined', 'OBX|1|TX|X^Y^L||line one~line two||||||F', { valueString: 'line one\nline two' }],
    ['FT formatting', 'OBX|1|FT|X^Y^L||a\\.br\\b||||||F', { valueString: 'a\nb' }],
    ['CWE', 'OBX|1|CWE|X^Y^L||260373001^Detected^SCT||||||F', { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260373001', display: 'Detected' }] } }],
    ['DT keeps precision', 'OBX|1|DT|X^Y^L||202403||||||F', { valueDateTime: '2024-03' }],
    ['DTM with zone', 'OBX|1|DTM|X^Y^L||202403051230-0500||||||F', { valueDateTime: '2024-03-05T12:30:00-05:00' }],
    ['TM', 'OBX|1|TM|X^Y^L||1230||||||F', { valueTime: '12:30:00' }],
    ['NA', 'OBX|1|NA|X^Y^L||1^2.5^3||||||F', { valueSampledData: { origin: { value: 0 }, period: 0, dimensions: 1, data: '1 2.5 3' } }],
  ] as const)('%s', (_name, obx, expected) => {
    const r = map(obx);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.value.observation).toMatchObject(expected);
  });

  it('NM that is not a number is a datatype error at OBX-5', () => {
    const r = map('OBX|1|NM|X^Y^L||NOVALUE|g^gram^UCUM|||||O');
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'error', expression: ['OBX-5'] }));
    expect(r.value.observation.valueQuantity).toBeUndefined();
  });

  it('ED becomes an Attachment (hex and base64)', () => {
    const hex = map('OBX|1|ED|X^Y^L||^AP^PDF^Hex^48656C6C6F||||||F');
    expect(hex.value.attachments).toEqual([{ contentType: 'application/pdf', data: Buffer.from('Hello').toString('base64') }]);
    expect(hex.value.observation.extension?.[0]?.valueAttachment?.data).toBe('SGVsbG8=');
    const b64 = map('OBX|1|ED|X^Y^L||^TEXT^plain^Base64^SGVsbG8=||||||F');
    expect(b64.value.attachments[0]).toEqual({ contentType: 'text/plain', data: 'SGVsbG8=' });
  });

  it('RP becomes an Attachment with a url', () => {
    expect(map('OBX|1|RP|X^Y^L||https://img.example/1^PACS^IM^JPEG||||||F').value.attachments).toEqual([{ url: 'https://img.example/1', contentType: 'image/jpeg' }]);
  });

  it('repeated coded values become components', () => {
    const r = map('OBX|1|CWE|X^Y^L||A^a^L~B^b^L||||||F');
    expect(r.value.observation.component).toHaveLength(2);
  });

  it('maps status, interpretation, reference range, time and identifier', () => {
    const r = map('OBX|1|NM|2345-7^Glucose^LN||105|mg/dL^^UCUM|70-99|H|||F|||20240301083000+0100|||||||OBX21^LAB');
    const o = r.value.observation;
    expect(o.status).toBe('final');
    expect(o.interpretation?.[0]?.coding?.[0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' });
    expect(o.referenceRange?.[0]).toEqual({ text: '70-99', low: { value: 70, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' }, high: { value: 99, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' } });
    expect(o.effectiveDateTime).toBe('2024-03-01T08:30:00+01:00');
    expect(o.identifier).toEqual([{ system: 'urn:id:LAB', value: 'OBX21' }]);
  });

  it('an unmapped status is unknown with a warning naming OBX-11', () => {
    const r = map('OBX|1|ST|X^Y^L||v||||||Q');
    expect(r.value.observation.status).toBe('unknown');
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'warning', expression: ['OBX-11'] }));
  });
});
