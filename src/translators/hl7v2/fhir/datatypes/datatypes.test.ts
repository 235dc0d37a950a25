/**
 * Table tests for the datatype mappers: ER7 text of one field → FHIR value (+ issue codes), with the
 * identity CodeMapper (original codes kept, warnings for gaps) and the shipped V2-to-FHIR ConceptMaps.
 */
import { describe, expect, it } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';
import { elementOf, testContext } from '../testing.js';
import { cweToCodeableConcept } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import { eiToIdentifier } from './ei.js';
import { hdAuthority, hdToOrganization, hdToUri } from './hd.js';
import { plToLocation } from './pl.js';
import { cqToQuantity, nmToNumber, snToValue } from './quantity.js';
import { xadToAddress } from './xad.js';
import { xcnToPractitioner } from './xcn.js';
import { xonToOrganization } from './xon.js';
import { xpnToHumanName } from './xpn.js';
import { xtnToContactPoint } from './xtn.js';
import { dtmToDateTime, dtToDate } from './dtm.js';

const plain = testContext();
const mapped = testContext({ codes: v2ConceptMapCodeMapper });
const codesOf = (issues: readonly OperationOutcomeIssue[]): string[] => issues.map((i) => `${i.severity}:${i.details?.coding?.[0]?.code ?? i.code}`);

describe('CX → Identifier', () => {
  it.each([
    ['123^^^HOSP^MR', { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:id:HOSP', value: '123' }],
    ['123^^^&2.16.840.1.113883.19&ISO', { system: 'urn:oid:2.16.840.1.113883.19', value: '123' }],
    ['123', { system: 'urn:id:unknown-patient', value: '123' }],
    ['9^^^H^^^20240101^20241231', { system: 'urn:id:H', value: '9', period: { start: '2024-01-01', end: '2024-12-31' } }],
    ['^^^HOSP^MR', undefined],
  ])('%s', (text, expected) => {
    const out = cxToIdentifier(elementOf(text), plain);
    expect(out.value).toEqual(expected);
    expect(out.issues).toEqual([]);
  });
});

describe('XPN → HumanName', () => {
  it.each([
    ['DOE^JANE^Q^JR^DR^MD^L', mapped, { use: 'official', family: 'DOE', given: ['JANE', 'Q'], prefix: ['DR'], suffix: ['JR', 'MD'] }, []],
    ['DOE&VAN^JOHN', plain, { family: 'DOE', given: ['JOHN'] }, []],
    ['DOE^JOHN^^^^^Z', mapped, { family: 'DOE', given: ['JOHN'] }, ['warning:103']],
    ['^^^^', plain, undefined, []],
  ] as const)('%s', (text, ctx, expected, issues) => {
    const out = xpnToHumanName(elementOf(text), ctx);
    expect(out.value).toEqual(expected);
    expect(codesOf(out.issues)).toEqual(issues);
  });
});

describe('XAD → Address', () => {
  it.each([
    ['1 MAIN ST^APT 2^SPRINGFIELD^IL^62701^USA^H', { use: 'home', line: ['1 MAIN ST', 'APT 2'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701', country: 'USA' }],
    ['PO BOX 1^^TOWN^^^^M', { type: 'postal', line: ['PO BOX 1'], city: 'TOWN' }],
    ['^^CITY^^^^^^COUNTY', { city: 'CITY', district: 'COUNTY' }],
    ['', undefined],
  ])('%s', (text, expected) => {
    expect(xadToAddress(elementOf(text), mapped).value).toEqual(expected);
  });
});

describe('XTN → ContactPoint', () => {
  it.each([
    ['^PRN^PH^^1^217^5551234^12', { system: 'phone', value: '+1 (217) 5551234 X12', use: 'home' }],
    ['^NET^Internet^jane@example.org', { system: 'email', value: 'jane@example.org' }],
    ['^WPN^PH^^^^5550001', { system: 'phone', value: '5550001', use: 'work' }],
    ['(555)555-1212', { system: 'phone', value: '(555)555-1212' }],
    ['^^CP^^^^^^^^^5551234', { system: 'phone', value: '5551234', use: 'mobile' }],
    ['^^FX^^^^5559999', { system: 'fax', value: '5559999' }],
  ])('%s', (text, expected) => {
    expect(xtnToContactPoint(elementOf(text), mapped).value).toEqual(expected);
  });
});

describe('CWE → CodeableConcept (every code through the mapper)', () => {
  it.each([
    ['LOINC code, no gap', '8867-4^Heart rate^LN', plain, { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] }, []],
    ['local code keeps no system and warns', 'X1^Local thing^L', plain, { coding: [{ code: 'X1', display: 'Local thing' }] }, ['warning:103']],
    ['alternate triplet and original text', 'I10^HTN^I10^401.9^HTN^I9C^^^High blood pressure', plain, {
      coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10', display: 'HTN' }, { system: 'http://hl7.org/fhir/sid/icd-9-cm', code: '401.9', display: 'HTN' }],
      text: 'High blood pressure',
    }, []],
    ['text only', '^Just text', plain, { text: 'Just text' }, []],
    ['HL7 table named in CWE.3, mapped to FHIR', 'M^Married^HL70002', mapped, {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' }, { system: 'http://terminology.hl7.org/CodeSystem/v2-0002', code: 'M', display: 'Married' }],
    }, []],
  ] as const)('%s', (_name, text, ctx, expected, issues) => {
    const out = cweToCodeableConcept(elementOf(text), ctx);
    expect(out.value).toEqual(expected);
    expect(codesOf(out.issues)).toEqual(issues);
  });

  it('uses the table for a bare code', () => {
    const out = cweToCodeableConcept(elementOf('E'), plain, { table: '0007' });
    expect(out.value).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0007', code: 'E' }] });
    expect(codesOf(out.issues)).toEqual(['warning:103']);
  });
});

describe('HD, EI, XCN, XON, PL', () => {
  it('HD', () => {
    const el = elementOf('LAB^1.2.3^ISO');
    expect([hdAuthority(el), hdToUri(el)]).toEqual(['LAB', 'urn:oid:1.2.3']);
    expect(hdToOrganization(el)).toEqual({ resourceType: 'Organization', identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' }], name: 'LAB' });
  });
  it('EI', () => {
    expect(eiToIdentifier(elementOf('ORD1^PLACER'), plain, 'placer').value).toEqual({ system: 'urn:id:PLACER', value: 'ORD1' });
  });
  it('XCN', () => {
    expect(xcnToPractitioner(elementOf('1234^SMITH^JOHN^A^III^DR^MD^^NPI'), plain).value).toEqual({
      resourceType: 'Practitioner', identifier: [{ system: 'urn:id:NPI', value: '1234' }],
      name: [{ family: 'SMITH', given: ['JOHN', 'A'], prefix: ['DR'], suffix: ['III', 'MD'] }],
    });
  });
  it('XON', () => {
    expect(xonToOrganization(elementOf('Acme Labs^^^^^CLIA^XX^^^05D1234'), plain).value).toEqual({
      resourceType: 'Organization', identifier: [{ system: 'urn:id:CLIA', value: '05D1234' }], name: 'Acme Labs',
    });
  });
  it('PL', () => {
    const loc = plToLocation(elementOf('ICU^101^A^HOSP'), plain).value;
    expect(loc?.identifier).toEqual([{ system: 'urn:id:HOSP', value: 'ICU^101^A' }]);
    expect([loc?.name, loc?.physicalType?.coding?.[0]?.code]).toEqual(['ICU 101 A', 'bd']);
  });
});

describe('NM / SN / CQ / DTM', () => {
  it.each([['12.5', 12.5, []], ['-3', -3, []], ['abc', undefined, ['error:102']]] as const)('NM %s', (text, value, issues) => {
    const out = nmToNumber(text, 'OBX-5');
    expect([out.value, codesOf(out.issues)]).toEqual([value, issues]);
  });
  it.each([
    ['>^5', { quantity: { value: 5, comparator: '>' } }],
    ['^1^-^5', { range: { low: { value: 1 }, high: { value: 5 } } }],
    ['^1^:^128', { ratio: { numerator: { value: 1 }, denominator: { value: 128 } } }],
  ])('SN %s', (text, expected) => {
    expect(snToValue(elementOf(text)).value).toEqual(expected);
  });
  it('CQ', () => {
    expect(cqToQuantity(elementOf('10^mg&milligram&UCUM')).value).toEqual({ value: 10, unit: 'milligram', system: 'http://unitsofmeasure.org', code: 'mg' });
  });
  it.each([
    ['2024', undefined, '2024'],
    ['202401151230-0500', undefined, '2024-01-15T12:30:00-05:00'],
    ['202401151230', '+01:00', '2024-01-15T12:30:00+01:00'],
  ])('DTM %s (zone %s)', (text, zone, expected) => {
    expect(dtmToDateTime(text, 'X', zone === undefined ? {} : { defaultZone: zone }).value).toEqual(expected);
    expect(dtToDate(text, 'X').value).toBe(expected.slice(0, 10));
  });
});
