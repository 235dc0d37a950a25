/**
 * CTD (contact data) → a RelatedPerson of the patient: relationship CTD-1 (contact role, table 0131 →
 * v2-0131 as for NK1-7), name CTD-2, address CTD-3, telecom CTD-5, identifiers CTD-7 (PLN.1 with its
 * type PLN.2). The IG's order / result message maps list CTD without a target; this follows its
 * NK1 / ROL[RelatedPerson] mappings so the contact of an order is kept, not dropped. CTD-4 (location)
 * and CTD-6 (preferred method of contact) have no RelatedPerson element and stay unmapped.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-rol-to-relatedperson.html
 */
import type { CodeableConcept, ContactPoint, Identifier, RelatedPerson, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { xadToAddress } from '../datatypes/xad.js';
import { xpnToHumanName } from '../datatypes/xpn.js';
import { xtnToContactPoint } from '../datatypes/xtn.js';
import { fieldElements } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';

/** Maps one CTD to a RelatedPerson of `patient` (undefined when it names and reaches nobody). */
export function mapCtd(ctd: Hl7Segment, ctx: Hl7v2TranslateContext, patient: Reference): Mapped<RelatedPerson> {
  const sink = new IssueSink();
  const relationship = fieldElements(ctd, 1)
    .map((el) => sink.take(cweToCodeableConcept(el, ctx, { table: '0131', target: 'http://terminology.hl7.org/CodeSystem/v2-0131' })))
    .filter((c): c is CodeableConcept => c !== undefined);
  const name = fieldElements(ctd, 2).map((el) => sink.take(xpnToHumanName(el, ctx))).filter((n) => n !== undefined);
  const address = fieldElements(ctd, 3).map((el) => sink.take(xadToAddress(el, ctx))).filter((a) => a !== undefined);
  const telecom = fieldElements(ctd, 5).map((el) => sink.take(xtnToContactPoint(el, ctx))).filter((c): c is ContactPoint => c !== undefined);
  const identifier: Identifier[] = [];
  for (let rep = 1; rep <= ctd.repetitionCount(7); rep++) {
    const value = ctd.get({ occurrence: 1, field: 7, repetition: rep, component: 1 });
    const type = ctd.get({ occurrence: 1, field: 7, repetition: rep, component: 2 });
    if (typeof value === 'string') identifier.push({ value, ...(typeof type === 'string' ? { type: { text: type } } : {}) });
  }
  if (name.length === 0 && telecom.length === 0 && address.length === 0) return sink.result<RelatedPerson>(undefined);
  return sink.result<RelatedPerson>({
    resourceType: 'RelatedPerson',
    patient,
    ...(identifier.length > 0 ? { identifier } : {}),
    ...(relationship.length > 0 ? { relationship } : {}),
    ...(name.length > 0 ? { name } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(address.length > 0 ? { address } : {}),
  });
}
