/**
 * GT1 (guarantor) → RelatedPerson when the guarantor is someone else (GT1-11 relationship not `SEL`):
 * identifier GT1-2, name GT1-3, address GT1-5, telecom GT1-6 / GT1-7, birth date GT1-8, gender GT1-9,
 * relationship GT1-11 (table 0063). A self-guarantor adds nothing. Without GT1-2 the RelatedPerson is
 * matched on a derived identifier (patient + name).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (GT1 → Account.guarantor / RelatedPerson)
 */
import type { ContactPoint, Identifier, Reference, RelatedPerson } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { dtToDate } from '../datatypes/dtm.js';
import { xadToAddress } from '../datatypes/xad.js';
import { xpnToHumanName } from '../datatypes/xpn.js';
import { xtnToContactPoint } from '../datatypes/xtn.js';
import { nameDisplay } from '../datatypes/xcn.js';
import { mapTableCode } from './table-code.js';

type Gender = 'male' | 'female' | 'other' | 'unknown';

/** The guarantor and the identifier it is matched on. */
export interface Gt1Result {
  readonly person: RelatedPerson;
  readonly key: Identifier;
}

/** GT1 segment → RelatedPerson (undefined for a self-guarantor or an empty segment). */
export function mapGt1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, patient: Reference, patientKey: string): Mapped<Gt1Result> {
  const sink = new IssueSink();
  if (fieldElement(seg, 11).get(1)?.toUpperCase() === 'SEL') return sink.result<Gt1Result>(undefined);
  const name = sink.take(xpnToHumanName(fieldElement(seg, 3), ctx));
  const id = sink.take(cxToIdentifier(fieldElement(seg, 2), ctx, 'other'));
  const display = nameDisplay(name);
  const key = id ?? (display !== undefined ? { system: 'urn:lyfeai:hl7v2:guarantor', value: `${patientKey}|${display}` } : undefined);
  if (key === undefined) return sink.result<Gt1Result>(undefined);
  const telecom: ContactPoint[] = [];
  for (const [field, use] of [[6, 'home'], [7, 'work']] as const) {
    for (const el of fieldElements(seg, field)) {
      const cp = sink.take(xtnToContactPoint(el, ctx));
      if (cp !== undefined) telecom.push(cp.use === undefined ? { ...cp, use } : cp);
    }
  }
  const address = sink.take(xadToAddress(fieldElement(seg, 5), ctx));
  const birthDate = sink.take(dtToDate(fieldText(seg, 8), `${seg.name}-8`));
  const gender = mapTableCode<Gender>(ctx, '0001', fieldText(seg, 9), 'http://hl7.org/fhir/administrative-gender', `${seg.name}-9`, { allowed: ['male', 'female', 'other', 'unknown'] });
  sink.add(...gender.issues);
  const relationship = sink.take(cweToCodeableConcept(fieldElement(seg, 11), ctx, { table: '0063', target: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode' }));
  const person: RelatedPerson = {
    resourceType: 'RelatedPerson',
    identifier: [key],
    patient,
    relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'GUAR', display: 'guarantor' }] }, ...(relationship !== undefined ? [relationship] : [])],
    ...(name !== undefined ? { name: [name] } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(gender.code !== undefined ? { gender: gender.code } : {}),
    ...(birthDate !== undefined ? { birthDate } : {}),
    ...(address !== undefined ? { address: [address] } : {}),
  };
  return sink.result({ person, key });
}
