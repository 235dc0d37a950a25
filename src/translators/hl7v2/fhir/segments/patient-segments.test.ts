/**
 * Table tests for the patient-administration segment mappers (PID, PD1, NK1, PV1, PV2, AL1, IAM, DG1,
 * PR1, IN1 / IN2, GT1, MRG) and the update semantics of PatientParts (empty = unchanged, "" = removed).
 */
import { describe, expect, it } from 'vitest';
import type { Encounter, Reference } from 'fhir/r4.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';
import { BundleBuilder } from '../bundle.js';
import { segmentOf, testContext } from '../testing.js';
import { patchOperations } from '../messages/patient-write.js';
import { emptyParts } from './patient-parts.js';
import { identifierKey, mapPid } from './pid.js';
import { mapPd1 } from './pd1.js';
import { mapNk1 } from './nk1.js';
import { mapPv1 } from './pv1.js';
import { applyPv2 } from './pv2.js';
import { mapAl1 } from './al1.js';
import { mapIam } from './iam.js';
import { mapDg1 } from './dg1.js';
import { mapPr1 } from './pr1.js';
import { mapIn1 } from './in1.js';
import { mapGt1 } from './gt1.js';
import { mapMrg } from './mrg.js';

const ctx = testContext({ codes: v2ConceptMapCodeMapper });
const patient: Reference = { reference: 'urn:uuid:p' };
/** `NAME|f1|f2…` with the given fields set (1-based), the rest empty. */
const build = (name: string, fields: Record<number, string>, length = 46): string => {
  const f = Array.from({ length }, (_v, i) => fields[i] ?? '');
  return `${name}${f.slice(1).map((x) => `|${x}`).join('')}`.replace(/\|+$/, '');
};

describe('PID → Patient parts', () => {
  it('maps the demographic fields and the key', () => {
    const parts = mapPid(segmentOf('PID|1||123^^^HOSP^MR~456^^^SSA^SS||DOE^JANE||19800101|F|||1 MAIN ST^^TOWN^IL^1^USA^H||^PRN^PH^^^^5551234|||M^Married^HL70002||||||||Y|2||||20240101'), ctx).value;
    expect(identifierKey(parts?.key)).toBe('urn:id:HOSP|123');
    expect(parts?.set).toMatchObject({
      identifier: [{ value: '123' }, { value: '456' }],
      name: [{ family: 'DOE', given: ['JANE'] }],
      birthDate: '1980-01-01',
      gender: 'female',
      address: [{ use: 'home', city: 'TOWN' }],
      telecom: [{ system: 'phone', value: '5551234', use: 'home' }],
      maritalStatus: { coding: [{ code: 'M', system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus' }, { code: 'M' }] },
      multipleBirthInteger: 2,
      deceasedDateTime: '2024-01-01',
    });
  });

  it.each([
    ['empty fields leave elements alone', 'PID|1||123^^^H||DOE', ['identifier', 'name'], []],
    ['"" clears an element', 'PID|1||123^^^H||DOE||""|""', ['identifier', 'name'], ['birthDate', 'gender']],
    ['a value and a "" in one element keep the value', 'PID|1||123^^^H||||||||||""|555', ['identifier', 'telecom'], []],
  ])('%s', (_n, text, set, cleared) => {
    const parts = mapPid(segmentOf(text), ctx).value;
    expect(Object.keys(parts?.set ?? {})).toEqual(set);
    expect([...(parts?.cleared ?? [])]).toEqual(cleared);
  });

  it('a missing PID-3 is an error (no patient key)', () => {
    const out = mapPid(segmentOf('PID|1||||DOE'), ctx);
    expect(out.value?.key).toBeUndefined();
    expect(out.issues.map((i) => [i.severity, i.expression?.[0]])).toEqual([['error', 'PID-3']]);
  });

  it('patch operations set carried elements, remove cleared ones and the other choice variant', () => {
    const parts = mapPid(segmentOf(build('PID', { 1: '1', 3: '123^^^H', 7: '""', 30: 'Y' })), ctx).value ?? emptyParts();
    expect(patchOperations(parts)).toEqual([
      { op: 'add', path: '/identifier', value: [{ system: 'urn:id:H', value: '123' }] },
      { op: 'add', path: '/deceasedBoolean', value: true },
      { op: 'add', path: '/deceasedDateTime', value: true },
      { op: 'remove', path: '/deceasedDateTime' },
      { op: 'add', path: '/birthDate', value: true },
      { op: 'remove', path: '/birthDate' },
    ]);
  });
});

describe('PD1 and NK1', () => {
  it('PD1-4 / PD1-3 → generalPractitioner (logical references in update mode)', () => {
    const parts = emptyParts();
    mapPd1(segmentOf('PD1|||Clinic^^^^^^^^^C1|77^WELBY^MARCUS'), ctx, parts, 'logical');
    expect(parts.set.generalPractitioner).toEqual([
      { type: 'Practitioner', identifier: { system: 'urn:id:unknown-other', value: '77' }, display: 'MARCUS WELBY' },
      { type: 'Organization', identifier: { system: 'urn:id:unknown-other', value: 'C1' }, display: 'Clinic' },
    ]);
  });
  it('NK1 → contact', () => {
    const c = mapNk1(segmentOf('NK1|1|DOE^JOHN|SPO^Spouse^HL70063|2 ELM^^TOWN|^PRN^PH^^^^5559876'), ctx, 'logical').value;
    expect(c).toMatchObject({ name: { family: 'DOE', given: ['JOHN'] }, relationship: [{ coding: [{ code: 'SPS' }, { code: 'SPO' }] }], address: { city: 'TOWN' }, telecom: [{ value: '5559876', use: 'home' }] });
  });
});

describe('PV1 / PV2 → Encounter', () => {
  const pv1 = (fields: Record<number, string>): string => build('PV1', fields);
  it.each([
    ['event status wins', { 2: 'I', 19: 'V1^^^H', 44: '20240101120000+0000' }, { status: 'in-progress' as const }, { status: 'in-progress', class: { code: 'IMP' }, period: { start: '2024-01-01T12:00:00+00:00' } }],
    ['discharge time → finished', { 2: 'O', 19: 'V1^^^H', 45: '20240102' }, {}, { status: 'finished', class: { code: 'AMB' }, period: { end: '2024-01-02' } }],
    ['no visit number: derived from patient + admit time', { 2: 'E', 44: '20240101' }, {}, { identifier: [{ system: 'urn:lyfeai:hl7v2:visit', value: 'urn:id:H|1|2024-01-01' }], class: { code: 'EMER' } }],
  ] as const)('%s', (_n, fields, options, expected) => {
    const out = mapPv1(segmentOf(pv1(fields)), ctx, new BundleBuilder(ctx), { patient, patientKey: 'urn:id:H|1', ...options });
    expect(out.value?.encounter).toMatchObject(expected);
  });
  it('no visit number and no admit time: no Encounter, an information issue', () => {
    const out = mapPv1(segmentOf('PV1|1|N'), ctx, new BundleBuilder(ctx), { patient, patientKey: 'urn:id:H|1' });
    expect([out.value, out.issues.map((i) => i.severity)]).toEqual([undefined, ['information']]);
  });
  it('locations and doctors become entries with references', () => {
    const bundle = new BundleBuilder(ctx);
    const enc = mapPv1(segmentOf(pv1({ 2: 'I', 3: 'ICU^1^A^H', 6: 'ER^2^^H', 7: '9^DOC^ANN', 19: 'V1' })), ctx, bundle, { patient, patientKey: 'k' }).value?.encounter;
    expect(enc?.location?.map((l) => l.status)).toEqual(['active', 'completed']);
    expect(enc?.participant?.[0]?.type?.[0]?.coding?.[0]?.code).toBe('ATND');
    expect(bundle.entries.map((e) => `${e.entry.request?.method ?? ''} ${e.resourceType}`)).toEqual(['POST Location', 'POST Location', 'POST Practitioner']);
  });
  it('PV2 adds reason, length and the expected period of a planned visit', () => {
    const base: Encounter = { resourceType: 'Encounter', status: 'planned', class: { code: 'IMP' } };
    const out = applyPv2(segmentOf('PV2|||CHEST PAIN^Chest pain^L|||||20240201|20240205||3'), ctx, base).value;
    expect(out).toMatchObject({ reasonCode: [{ coding: [{ code: 'CHEST PAIN' }] }], length: { value: 3, code: 'd' }, period: { start: '2024-02-01', end: '2024-02-05' } });
  });
});

describe('clinical records', () => {
  it('AL1 → AllergyIntolerance with a derived key', () => {
    const out = mapAl1(segmentOf('AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives'), ctx, patient, 'urn:id:H|1').value;
    expect(out?.key).toEqual({ system: 'urn:lyfeai:hl7v2:allergy', value: 'urn:id:H|1|http://www.nlm.nih.gov/research/umls/rxnorm|70618' });
    expect(out?.allergy).toMatchObject({ category: ['medication'], criticality: 'high', reaction: [{ manifestation: [{ text: 'Hives' }], severity: 'severe' }] });
  });
  it('IAM with action D → entered-in-error, keyed on IAM-7', () => {
    const out = mapIam(segmentOf('IAM|1|FA|12345^Peanut^L|||D|A1^HOSP'), ctx, patient, 'k').value;
    expect(out?.key).toEqual({ system: 'urn:id:HOSP', value: 'A1' });
    expect(out?.allergy.verificationStatus?.coding?.[0]?.code).toBe('entered-in-error');
    expect(out?.allergy.clinicalStatus).toBeUndefined();
  });
  it('DG1 → Condition with diagnosis role', () => {
    const out = mapDg1(segmentOf('DG1|1||I10^Hypertension^I10||20240101|A'), ctx, new BundleBuilder(ctx), patient, 'visit').value;
    expect(out?.condition.code).toEqual({ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10', display: 'Hypertension' }] });
    expect(out?.use?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role', code: 'AD' });
  });
  it('PR1 → Procedure', () => {
    const out = mapPr1(segmentOf('PR1|1||0DTJ4ZZ^Appendectomy^I10P||20240101'), ctx, new BundleBuilder(ctx), patient, 'visit').value;
    expect(out?.procedure).toMatchObject({ status: 'completed', code: { coding: [{ code: '0DTJ4ZZ' }] }, performedDateTime: '2024-01-01' });
  });
  it('IN1 + IN2 → Coverage keyed on the policy number', () => {
    const bundle = new BundleBuilder(ctx);
    const in1 = segmentOf(`IN1|1|PLAN1|INS1^^^PAYERS|Acme||||GRP9${'|'.repeat(28)}POL1`);
    const out = mapIn1(in1, undefined, ctx, bundle, patient, 'k').value;
    expect(out?.key.value).toBe('POL1');
    expect(out?.coverage).toMatchObject({ status: 'active', subscriberId: 'POL1', payor: [{ display: 'Acme' }], class: [{ value: 'PLAN1' }, { value: 'GRP9' }] });
    expect(bundle.entries.map((e) => e.resourceType)).toEqual(['Organization']);
  });
  it('GT1: a self guarantor adds nothing; another person is a RelatedPerson', () => {
    expect(mapGt1(segmentOf('GT1|1||DOE^JANE||||||||SEL'), ctx, patient, 'k').value).toBeUndefined();
    expect(mapGt1(segmentOf('GT1|1|G9^^^H|DOE^JOHN||||||||SPO'), ctx, patient, 'k').value?.person).toMatchObject({ identifier: [{ value: 'G9' }], name: [{ family: 'DOE' }] });
  });
  it('MRG → prior identifiers; empty MRG-1 is an error', () => {
    expect(mapMrg(segmentOf('MRG|999^^^H~888^^^H||||V9^^^H'), ctx).value).toMatchObject({ priorIdentifiers: [{ value: '999' }, { value: '888' }], priorVisit: { value: 'V9' } });
    expect(mapMrg(segmentOf('MRG|'), ctx).issues.map((i) => i.severity)).toEqual(['error']);
  });
});
