/**
 * RDE^O11 (pharmacy encoded order) → one MedicationRequest per order: RXE (else RXO) for the medication,
 * dose, instructions and dispense request; RXR route / site; TQ1 timing and priority; ORC status
 * (ORC-5 / ORC-1 through request-status, `revoked` read as `cancelled`), authoredOn, requester; upsert on
 * the placer order number (else filler) so updates and cancels change the same request.
 * V2-to-FHIR IG: RXO[MedicationRequest], RXR[MedicationRequest], TQ1[MedicationRequest]
 * https://hl7.org/fhir/R4/medicationrequest.html
 */
import type { MedicationRequest } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { orderRoles, requestKey, requirePatient, writeContacts, writeObservation, writeSubject } from './order-writers.js';
import { mapOrcToServiceRequest, orderNumbers } from '../segments/orc.js';
import { mapPharmacyOrder } from '../segments/rxe.js';
import { mapRxr } from '../segments/rxr.js';
import { mapTq1 } from '../segments/tq1.js';
import { mapNotes } from '../segments/nte.js';

type MedicationRequestStatus = MedicationRequest['status'];

/** request-status (what ORC maps to) → MedicationRequest.status (its own value set). */
function medicationStatus(status: string | undefined): MedicationRequestStatus {
  switch (status) {
    case 'revoked': return 'cancelled';
    case 'active': case 'on-hold': case 'completed': case 'entered-in-error': case 'draft': case 'unknown': return status;
    default: return 'active';
  }
}

/** The RDE translator. */
export const translateRde: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const group = groups.patients[0];
  const subject = writeSubject(t, group);
  if (group === undefined || !requirePatient(t, subject, 'a medication order')) return;
  let written = 0;
  for (const order of group.orders) {
    const detail = order.detail.find((d) => d.name === 'RXE') ?? order.detail.find((d) => d.name === 'RXO');
    if (detail === undefined) continue;
    const numbers = orderNumbers(order.orc, undefined, t.ctx);
    const orc = mapOrcToServiceRequest(order.orc, numbers, t.ctx, t.bundle);
    t.issues.push(...orc.issues);
    const med = mapPharmacyOrder(detail, t.ctx);
    t.issues.push(...med.issues);
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: medicationStatus(orc.value.status),
      intent: 'order',
      subject: subject.patient,
      medicationCodeableConcept: med.value.medicationCodeableConcept ?? { text: 'unspecified medication' },
      ...(orc.value.identifier !== undefined ? { identifier: orc.value.identifier } : {}),
      ...(orc.value.authoredOn !== undefined ? { authoredOn: orc.value.authoredOn } : {}),
      ...(orc.value.requester !== undefined ? { requester: orc.value.requester } : {}),
      ...(orc.value.requisition !== undefined ? { groupIdentifier: orc.value.requisition } : {}),
      ...(med.value.dispenseRequest !== undefined ? { dispenseRequest: med.value.dispenseRequest } : {}),
    };
    if (subject.encounter !== undefined) request.encounter = subject.encounter;
    // ROL in the order: the ordering provider requests when ORC-12 names nobody; the first other role performs.
    const fromRoles = orderRoles(t, order);
    const performers = [...fromRoles.performers];
    if (fromRoles.requester !== undefined) {
      if (request.requester === undefined) request.requester = fromRoles.requester;
      else performers.unshift(fromRoles.requester);
    }
    if (performers[0] !== undefined) request.performer = performers[0];
    writeContacts(t, order.contacts, subject.patient);
    const dosage = { ...(med.value.dosageInstruction?.[0] ?? {}) };
    const route = mapRxr(order.detail.find((d) => d.name === 'RXR'), t.ctx);
    t.issues.push(...route.issues);
    if (route.value.route !== undefined) dosage.route = route.value.route;
    if (route.value.site !== undefined) dosage.site = route.value.site;
    for (const tq1 of order.timing.filter((s) => s.name === 'TQ1')) {
      const timing = mapTq1(tq1, t.ctx);
      t.issues.push(...timing.issues);
      const start = timing.value.occurrencePeriod?.start ?? timing.value.occurrenceDateTime;
      const end = timing.value.occurrencePeriod?.end;
      if (start !== undefined || end !== undefined) dosage.timing = { repeat: { boundsPeriod: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } };
      if (timing.value.priority !== undefined) request.priority = timing.value.priority;
      if (timing.value.note !== undefined) dosage.patientInstruction = timing.value.note.text;
    }
    if (Object.keys(dosage).length > 0) request.dosageInstruction = [dosage];
    const notes = mapNotes(order.notes);
    t.issues.push(...notes.issues);
    if (notes.value.length > 0) request.note = notes.value;
    const key = requestKey(numbers);
    const ref = key === undefined ? t.bundle.create(request) : t.bundle.upsert(request, key);
    if (key === undefined) t.issues.push(hl7Issue('warning', '101', 'pharmacy order without placer or filler number: written without identity', 'ORC-2'));
    for (const g of order.observations) writeObservation(t, g, { subject, ...(key !== undefined ? { owner: key } : {}), basedOn: ref });
    written++;
  }
  if (written === 0) t.issues.push(hl7Issue('error', '101', 'RDE without RXE / RXO: nothing to translate', 'RXE'));
};

/** RDE triggers (O25, the refill authorization, has the same structure). */
export const PHARMACY_ORDER_TRANSLATORS = { 'RDE^O11': translateRde, 'RDE^O25': translateRde } as const;
