/**
 * ORM^O01 (general order) and OML^O21 (laboratory order) → one ServiceRequest per order (ORC / OBR / TQ1
 * / NTE), upserted on the placer order number (else the filler number) so that a status change (ORC-1 /
 * ORC-5: cancel, hold, discontinue…) updates the same request; ask-at-order-entry OBX become
 * Observations in `supportingInfo`; SPM (OML) become Specimens in `specimen`.
 * V2-to-FHIR IG: ORM_O01, OML_O21 message maps · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-message-oml-o21.html
 */
import type { Reference } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { mapObx } from '../segments/obx.js';
import { buildServiceRequest, requestKey, requirePatient, writeObservation, writeServiceRequest, writeSpecimen, writeSubject } from './order-writers.js';

/** The order-message translator. */
export const translateOrders: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const orders = groups.patients.flatMap((p) => p.orders);
  if (orders.length === 0) {
    t.issues.push(hl7Issue('error', '101', 'order message without ORC / OBR: nothing to translate', 'ORC'));
    return;
  }
  for (const group of groups.patients) {
    if (group.orders.length === 0) continue;
    const subject = writeSubject(t, group);
    if (!requirePatient(t, subject, 'an order')) {
      // Still report what is wrong in the orders themselves (e.g. OBX-5 not matching OBX-2).
      for (const g of group.orders.flatMap((o) => o.observations)) t.issues.push(...mapObx(g.obx, t.ctx).issues.filter((i) => i.severity === 'error'));
      continue;
    }
    for (const order of group.orders) {
      const { request, numbers } = buildServiceRequest(t, order, subject.patient, subject.encounter);
      const owner = requestKey(numbers);
      const specimens: Reference[] = order.specimens.map((s) => writeSpecimen(t, s, subject, owner));
      const info: Reference[] = [];
      for (const g of [...order.observations, ...order.specimens.flatMap((s) => s.observations)]) {
        info.push(writeObservation(t, g, { subject, ...(owner !== undefined ? { owner } : {}) }).ref);
      }
      if (specimens.length > 0) request.specimen = specimens;
      if (info.length > 0) request.supportingInfo = info;
      writeServiceRequest(t, request, numbers, 'upsert');
    }
  }
};

/** ORM / OML triggers handled by `translateOrders`. */
export const ORDER_MESSAGE_TRANSLATORS: Readonly<Record<string, MessageTranslator>> = {
  'ORM^O01': translateOrders,
  'OML^O21': translateOrders,
  'OMG^O19': translateOrders,
};
