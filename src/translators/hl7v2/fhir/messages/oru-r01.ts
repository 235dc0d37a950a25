/**
 * ORU^R01 (unsolicited observation result) and OUL^R22 (specimen-oriented lab result) → per order a
 * DiagnosticReport (upsert on the filler number, else the placer number) whose `result` lists the
 * Observations of its OBX (upsert on OBX-21 or a key derived from the order, code and OBX-4), the
 * ServiceRequest it is based on (created if absent, never overwritten by a result), Specimens (SPM)
 * and embedded documents (OBX type ED / RP) as `presentedForm`. Patient-level OBX become Observations
 * of the patient.
 * V2-to-FHIR IG: ORU_R01 message map · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-message-oru-r01.html
 */
import type { Attachment, DiagnosticReport, Identifier, Reference } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslation, MessageTranslator } from './types.js';
import { groupMessage, type OrderGroup } from './order-groups.js';
import { buildServiceRequest, requirePatient, resultKey, writeObservation, writePatientLevelObservations, writeServiceRequest, writeSpecimen, writeSubject, type GroupSubject } from './order-writers.js';
import { mapObrToDiagnosticReport } from '../segments/obr.js';
import { dateTimeAt } from '../segments/segment-path.js';

/** Writes one order group of a result message. */
function writeResultOrder(t: MessageTranslation, order: OrderGroup, subject: GroupSubject & { patient: Reference }): void {
  if (order.obr === undefined) {
    // Without OBR there is no report; keep the results as patient observations.
    writePatientLevelObservations(t, order.observations, subject);
    if (order.orc !== undefined) t.issues.push(hl7Issue('warning', '100', 'ORC without OBR: results written without a DiagnosticReport', `ORC${order.orc.occurrence > 1 ? `[${order.orc.occurrence}]` : ''}`));
    return;
  }
  const { request, numbers } = buildServiceRequest(t, order, subject.patient, subject.encounter);
  const owner: Identifier | undefined = resultKey(numbers);
  const basedOn = owner === undefined ? undefined : writeServiceRequest(t, request, numbers, 'create-if-absent');
  const specimens = order.specimens.map((s) => writeSpecimen(t, s, subject, owner, basedOn));
  const collected = dateTimeAt(order.obr, 7, t.ctx).value;
  const results: Reference[] = [];
  const attachments: Attachment[] = [];
  const links = { subject, ...(owner !== undefined ? { owner } : {}), ...(basedOn !== undefined ? { basedOn } : {}), ...(specimens[0] !== undefined ? { specimen: specimens[0] } : {}), ...(collected !== undefined ? { fallbackTime: collected } : {}) };
  for (const g of order.observations) {
    const w = writeObservation(t, g, links);
    results.push(w.ref);
    attachments.push(...w.attachments);
  }
  order.specimens.forEach((s, i) => {
    const specimen = specimens[i];
    for (const g of s.observations) results.push(writeObservation(t, g, { ...links, ...(specimen !== undefined ? { specimen } : {}) }).ref);
  });
  const mapped = mapObrToDiagnosticReport(order.obr, numbers, t.ctx);
  t.issues.push(...mapped.issues);
  const report: DiagnosticReport = { ...mapped.value, subject: subject.patient };
  if (subject.encounter !== undefined) report.encounter = subject.encounter;
  if (basedOn !== undefined) report.basedOn = [basedOn];
  if (specimens.length > 0) report.specimen = specimens;
  if (results.length > 0) report.result = results;
  if (attachments.length > 0) report.presentedForm = attachments;
  if (owner === undefined) {
    t.issues.push(hl7Issue('warning', '101', 'OBR without placer or filler number: the report is written without identity; a replay writes it again', 'OBR-3'));
    t.bundle.create(report);
  } else {
    t.bundle.upsert(report, owner);
  }
}

/** The result-message translator (ORU^R01, OUL^R22 and the other OUL / ORU events of the same shape). */
export const translateResults: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  if (groups.patients.length === 0) {
    t.issues.push(hl7Issue('error', '101', 'result message without PID / OBR: nothing to translate', 'PID'));
    return;
  }
  for (const group of groups.patients) {
    const subject = writeSubject(t, group);
    if (!requirePatient(t, subject, 'a result')) continue;
    writePatientLevelObservations(t, group.observations, subject);
    for (const order of group.orders) writeResultOrder(t, order, subject);
  }
};

/** ORU / OUL triggers handled by `translateResults`. */
export const RESULT_TRANSLATORS: Readonly<Record<string, MessageTranslator>> = {
  'ORU^R01': translateResults,
  'OUL^R22': translateResults,
  'OUL^R23': translateResults,
  'OUL^R24': translateResults,
};
