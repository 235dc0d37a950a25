/**
 * VXU^V04 (unsolicited vaccination record update) → one Immunization per ORC / RXA order (ORC-3 filler,
 * else ORC-2 placer, else a key derived from the patient, vaccine and date, so that replays converge),
 * route / site from RXR, ordering provider ORC-12 as performer `OP`, and the OBX of the order as
 * Observations `partOf` the Immunization (VIS dates, funding eligibility, …).
 * V2-to-FHIR IG: VXU_V04 message map · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-message-vxu-v04.html
 */
import type { Identifier, Immunization } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { requirePatient, resultKey, writeObservation, writePatientLevelObservations, writeSubject } from './order-writers.js';
import { mapRxaToImmunization } from '../segments/rxa.js';
import { mapRxr } from '../segments/rxr.js';
import { orderIdentifiers, orderNumbers } from '../segments/orc.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement } from '../element.js';
import { mapNotes } from '../segments/nte.js';
import { dateTimeAt } from '../segments/segment-path.js';

/** The VXU translator. */
export const translateVxu: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const group = groups.patients[0];
  const subject = writeSubject(t, group);
  if (group === undefined || !requirePatient(t, subject, 'an immunization')) return;
  writePatientLevelObservations(t, group.observations, subject);
  const orders = group.orders.filter((o) => o.detail.some((d) => d.name === 'RXA'));
  if (orders.length === 0) t.issues.push(hl7Issue('warning', '101', 'VXU without RXA: no immunization written', 'RXA'));
  for (const order of orders) {
    const rxa = order.detail.find((d) => d.name === 'RXA');
    if (rxa === undefined) continue;
    const mapped = mapRxaToImmunization(rxa, t.ctx, t.bundle, subject.patient);
    t.issues.push(...mapped.issues);
    const imm: Immunization = { ...mapped.value };
    if (subject.encounter !== undefined) imm.encounter = subject.encounter;
    const route = mapRxr(order.detail.find((d) => d.name === 'RXR'), t.ctx);
    t.issues.push(...route.issues);
    Object.assign(imm, route.value);
    const numbers = orderNumbers(order.orc, undefined, t.ctx);
    const identifier = orderIdentifiers(numbers);
    if (identifier.length > 0) imm.identifier = identifier;
    if (order.orc !== undefined) {
      const op = xcnToReference(fieldElement(order.orc, 12), t.ctx, t.bundle);
      if (op !== undefined) imm.performer = [...(imm.performer ?? []), { function: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0443', code: 'OP' }] }, actor: op }];
      const recorded = dateTimeAt(order.orc, 9, t.ctx).value;
      if (recorded !== undefined && imm.recorded === undefined) imm.recorded = recorded;
    }
    const notes = mapNotes(order.notes);
    t.issues.push(...notes.issues);
    if (notes.value.length > 0) imm.note = notes.value;
    const vaccine = imm.vaccineCode.coding?.[0]?.code ?? imm.vaccineCode.text ?? '';
    const key: Identifier = resultKey(numbers) ?? { system: 'urn:lyfeai:hl7v2:immunization', value: `${t.patientKey ?? ''}|${vaccine}|${imm.occurrenceDateTime ?? ''}` };
    if (identifier.length === 0) imm.identifier = [key];
    const ref = t.bundle.upsert(imm, key);
    for (const g of order.observations) writeObservation(t, g, { subject, owner: key, partOf: ref });
  }
};

/** VXU triggers. */
export const IMMUNIZATION_TRANSLATORS = { 'VXU^V04': translateVxu } as const;
