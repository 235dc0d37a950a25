/**
 * NK1 (next of kin / associated parties) → Patient.contact: name NK1-2, address NK1-4, telecom NK1-5 /
 * NK1-6 / NK1-40, relationship NK1-3 and contact role NK1-7, period NK1-8 / NK1-9, organization NK1-13,
 * gender NK1-15. All NK1 segments of a message together are the patient's contact list.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-nk1-to-patient.html
 */
import type { CodeableConcept, ContactPoint, PatientContact } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { dtToDate } from '../datatypes/dtm.js';
import { xadToAddress } from '../datatypes/xad.js';
import { xpnToHumanName } from '../datatypes/xpn.js';
import { xtnToContactPoint } from '../datatypes/xtn.js';
import { mapTableCode } from './table-code.js';
import { organizationRef, type RefTarget } from './refs.js';

type Gender = 'male' | 'female' | 'other' | 'unknown';

/** One NK1 → PatientContact (undefined when it names nobody). */
export function mapNk1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, refs: RefTarget): Mapped<PatientContact> {
  const sink = new IssueSink();
  const name = sink.take(xpnToHumanName(fieldElement(seg, 2), ctx));
  const relationship: CodeableConcept[] = [];
  const rel = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx, { table: '0063' }));
  if (rel !== undefined) relationship.push(rel);
  const role = sink.take(cweToCodeableConcept(fieldElement(seg, 7), ctx, { table: '0131', target: 'http://terminology.hl7.org/CodeSystem/v2-0131' }));
  if (role !== undefined) relationship.push(role);
  const address = fieldElements(seg, 4).map((el) => sink.take(xadToAddress(el, ctx)))[0];
  const telecom: ContactPoint[] = [];
  for (const [field, use] of [[5, 'home'], [6, 'work'], [40, undefined]] as const) {
    for (const el of fieldElements(seg, field)) {
      const cp = sink.take(xtnToContactPoint(el, ctx));
      if (cp !== undefined) telecom.push(cp.use === undefined && use !== undefined ? { ...cp, use } : cp);
    }
  }
  const organization = organizationRef(fieldElement(seg, 13), ctx, refs);
  if (name === undefined && organization === undefined && telecom.length === 0 && address === undefined) return sink.result<PatientContact>(undefined);
  const gender = mapTableCode<Gender>(ctx, '0001', fieldText(seg, 15), 'http://hl7.org/fhir/administrative-gender', `${seg.name}-15`, { allowed: ['male', 'female', 'other', 'unknown'] });
  sink.add(...gender.issues);
  const start = sink.take(dtToDate(fieldText(seg, 8), `${seg.name}-8`));
  const end = sink.take(dtToDate(fieldText(seg, 9), `${seg.name}-9`));
  const contact: PatientContact = {
    ...(relationship.length > 0 ? { relationship } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(address !== undefined ? { address } : {}),
    ...(gender.code !== undefined ? { gender: gender.code } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  };
  return sink.result(contact);
}
