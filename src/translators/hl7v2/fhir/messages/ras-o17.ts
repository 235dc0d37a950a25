/**
 * RAS^O17 (pharmacy / treatment administration) → one MedicationAdministration per RXA (identity: the
 * order's filler / placer number and the RXA sub-id RXA-2, so a replay converges), route / site from
 * RXR, `request` the MedicationRequest of the same placer number when the message carries RXE / RXO.
 * HL7 v2.5.1 ch. 4A.3.7 · https://hl7.org/fhir/R4/medicationadministration.html
 */
import type { Identifier, MedicationAdministration } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { requirePatient, resultKey, writeSubject } from './order-writers.js';
import { mapRxaToMedicationAdministration } from '../segments/rxa.js';
import { mapRxr } from '../segments/rxr.js';
import { orderNumbers } from '../segments/orc.js';
import { mapNotes } from '../segments/nte.js';
import { fieldText } from '../element.js';
import { dateTimeAt } from '../segments/segment-path.js';

/** The RAS translator. */
export const translateRas: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const group = groups.patients[0];
  const subject = writeSubject(t, group);
  if (group === undefined || !requirePatient(t, subject, 'a medication administration')) return;
  const fallbackTime = dateTimeAt(t.message.msh, 7, t.ctx).value;
  let written = 0;
  for (const order of group.orders) {
    const numbers = orderNumbers(order.orc, undefined, t.ctx);
    const owner = resultKey(numbers);
    for (const rxa of order.detail.filter((d) => d.name === 'RXA')) {
      const mapped = mapRxaToMedicationAdministration(rxa, t.ctx, t.bundle, subject.patient, fallbackTime);
      t.issues.push(...mapped.issues);
      const ma: MedicationAdministration = { ...mapped.value };
      if (subject.encounter !== undefined) ma.context = subject.encounter;
      const route = mapRxr(order.detail.find((d) => d.name === 'RXR'), t.ctx);
      t.issues.push(...route.issues);
      if (route.value.route !== undefined || route.value.site !== undefined) ma.dosage = { ...ma.dosage, ...route.value };
      const notes = mapNotes(order.notes);
      t.issues.push(...notes.issues);
      if (notes.value.length > 0) ma.note = notes.value;
      const sub = `${fieldText(rxa, 1) ?? ''}.${fieldText(rxa, 2) ?? ''}`;
      const code = ma.medicationCodeableConcept?.coding?.[0]?.code ?? '';
      const key: Identifier = owner !== undefined
        ? { system: 'urn:lyfeai:hl7v2:medication-administration', value: `${owner.system ?? ''}|${owner.value ?? ''}|${sub}` }
        : { system: 'urn:lyfeai:hl7v2:medication-administration', value: `${t.patientKey ?? ''}|${code}|${ma.effectiveDateTime ?? ma.effectivePeriod?.start ?? ''}|${sub}` };
      ma.identifier = [key];
      t.bundle.upsert(ma, key);
      written++;
    }
  }
  if (written === 0) t.issues.push(hl7Issue('warning', '101', 'RAS without RXA: no administration written', 'RXA'));
};

/** RAS triggers. */
export const ADMINISTRATION_TRANSLATORS = { 'RAS^O17': translateRas } as const;
