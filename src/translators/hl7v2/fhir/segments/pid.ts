/**
 * PID → Patient: identifiers (PID-2, PID-3, PID-4, PID-19 SSN, PID-20 driver's licence), names (PID-5,
 * PID-9), birth date (PID-7), gender (PID-8, table 0001), address (PID-11, county PID-12), telecom
 * (PID-13, PID-14, PID-40), language (PID-15), marital status (PID-16), religion / mother's maiden name /
 * birth place extensions, multiple birth (PID-24 / PID-25), death (PID-29 / PID-30).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pid-to-patient.html
 */
import type { Address, CodeableConcept, ContactPoint, Extension, HumanName, Identifier } from 'fhir/r4.js';
import { hl7Issue, type Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { dtToDate, dtmToDateTime } from '../datatypes/dtm.js';
import { xadToAddress } from '../datatypes/xad.js';
import { xpnToHumanName } from '../datatypes/xpn.js';
import { xtnToContactPoint } from '../datatypes/xtn.js';
import { mapTableCode } from './table-code.js';
import { carry, emptyParts, type PatientParts } from './patient-parts.js';

type Gender = 'male' | 'female' | 'other' | 'unknown';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const EXT = 'http://hl7.org/fhir/StructureDefinition/';

function yesNo(text: string | undefined): boolean | undefined {
  const t = text?.toUpperCase();
  return t === 'Y' ? true : t === 'N' ? false : undefined;
}

function defined<T>(xs: ReadonlyArray<T | undefined>): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

/** PID-19 (SSN) and PID-20 (DLN) as identifiers. */
function legacyIdentifiers(seg: Hl7Segment, ctx: Hl7v2TranslateContext): Identifier[] {
  const out: Identifier[] = [];
  const ssn = fieldText(seg, 19);
  if (ssn !== undefined) out.push({ type: { coding: [{ system: V2_0203, code: 'SS' }] }, system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn });
  const dln = fieldElement(seg, 20);
  const dl = dln.get(1);
  if (dl !== undefined) out.push({ type: { coding: [{ system: V2_0203, code: 'DL' }] }, system: ctx.identifierSystem(dln.get(2), 'other'), value: dl });
  return out;
}

/** PID segment → the Patient elements it carries (plus the matching key, first PID-3). */
export function mapPid(seg: Hl7Segment, ctx: Hl7v2TranslateContext): Mapped<PatientParts> {
  const sink = new IssueSink();
  const parts = emptyParts();
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};

  const pid3 = defined(fieldElements(seg, 3).map((el) => sink.take(cxToIdentifier(el, ctx, 'patient'))));
  const others = defined([...fieldElements(seg, 2), ...fieldElements(seg, 4)].map((el) => sink.take(cxToIdentifier(el, ctx, 'patient'))));
  const identifiers = [...pid3, ...others, ...legacyIdentifiers(seg, ctx)];
  parts.key = pid3[0] ?? others[0];
  if (parts.key === undefined) sink.add(hl7Issue('error', '101', 'PID-3 (patient identifier list) is empty: the patient cannot be matched', `${seg.name}-3`));
  else if (pid3.length === 0) sink.add(hl7Issue('warning', '101', 'PID-3 is empty; PID-2 / PID-4 used to match the patient', `${seg.name}-3`));
  carry(parts, seg, [2, 3, 4, 19, 20], 'identifier', identifiers);

  const names = defined([...fieldElements(seg, 5), ...fieldElements(seg, 9)].map((el) => sink.take(xpnToHumanName(el, ctx)))) as HumanName[];
  carry(parts, seg, [5, 9], 'name', names);

  carry(parts, seg, [7], 'birthDate', sink.take(dtToDate(fieldText(seg, 7), `${seg.name}-7`)));

  const sex = fieldText(seg, 8);
  const gender = mapTableCode<Gender>(ctx, '0001', sex, 'http://hl7.org/fhir/administrative-gender', `${seg.name}-8`, { allowed: ['male', 'female', 'other', 'unknown'] });
  sink.add(...gender.issues);
  carry(parts, seg, [8], 'gender', gender.code);

  const county = fieldText(seg, 12);
  const addresses = defined(fieldElements(seg, 11).map((el) => sink.take(xadToAddress(el, ctx)))) as Address[];
  const first = addresses[0];
  if (county !== undefined && first !== undefined && first.district === undefined) addresses[0] = { ...first, district: county };
  carry(parts, seg, [11, 12], 'address', addresses);

  const telecom: ContactPoint[] = [];
  for (const [field, use] of [[13, 'home'], [14, 'work'], [40, undefined]] as const) {
    for (const el of fieldElements(seg, field)) {
      const cp = sink.take(xtnToContactPoint(el, ctx));
      if (cp !== undefined) telecom.push(cp.use === undefined && use !== undefined ? { ...cp, use } : cp);
    }
  }
  carry(parts, seg, [13, 14, 40], 'telecom', telecom);

  const language = sink.take(cweToCodeableConcept(fieldElement(seg, 15), ctx, { target: 'urn:ietf:bcp:47' }));
  carry(parts, seg, [15], 'communication', language !== undefined ? [{ language }] : undefined);

  const marital = sink.take(cweToCodeableConcept(fieldElement(seg, 16), ctx, { table: '0002', target: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus' }));
  carry(parts, seg, [16], 'maritalStatus', marital);

  const extension: Extension[] = [];
  const maiden = fieldElement(seg, 6).child(1).get(1);
  if (maiden !== undefined) extension.push({ url: `${EXT}patient-mothersMaidenName`, valueString: maiden });
  const religion: CodeableConcept | undefined = sink.take(cweToCodeableConcept(fieldElement(seg, 17), ctx, { table: '0006' }));
  if (religion !== undefined) extension.push({ url: `${EXT}patient-religion`, valueCodeableConcept: religion });
  const birthPlace = fieldText(seg, 23);
  if (birthPlace !== undefined) extension.push({ url: `${EXT}patient-birthPlace`, valueAddress: { text: birthPlace } });
  carry(parts, seg, [6, 17, 23], 'extension', extension);

  const order = fieldText(seg, 25);
  const orderNumber = order !== undefined && /^\d+$/.test(order) ? Number(order) : undefined;
  if (orderNumber !== undefined) carry(parts, seg, [24, 25], 'multipleBirthInteger', orderNumber);
  else carry(parts, seg, [24], 'multipleBirthBoolean', yesNo(fieldText(seg, 24)));

  const death = sink.take(dtmToDateTime(fieldText(seg, 29), `${seg.name}-29`, zone));
  if (death !== undefined) carry(parts, seg, [29], 'deceasedDateTime', death);
  else carry(parts, seg, [29, 30], 'deceasedBoolean', yesNo(fieldText(seg, 30)));

  return sink.result(parts);
}

/** `system|value` of an identifier (the per-patient ordering key). */
export function identifierKey(id: Identifier | undefined): string | undefined {
  return id?.value === undefined ? undefined : `${id.system ?? ''}|${id.value}`;
}
