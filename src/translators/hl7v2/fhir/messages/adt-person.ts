/**
 * ADT^A29 (delete person information): the patient record is kept (history and references stay
 * valid) and patched to `active: false`. ADT^A41 (merge account): accounts are not mapped; the patient
 * is created if unknown and an information issue says the account merge was not applied.
 * https://hl7.org/fhir/R4/patient-definitions.html#Patient.active
 */
import { IssueSink } from '../result.js';
import { BundleBuilder } from '../bundle.js';
import type { MessageTranslator } from './types.js';
import { writePatient } from './patient-write.js';

/** ADT^A29. */
export const translateAdtA29: MessageTranslator = (t) => {
  const sink = new IssueSink();
  const patient = writePatient(t, new BundleBuilder(t.ctx), 'reference', sink);
  t.issues.push(...sink.issues);
  if (patient === undefined) return;
  t.patientKey = patient.patientKey;
  t.bundle.patch('Patient', patient.key, [
    { type: 'delete', path: 'Patient.active' },
    { type: 'add', path: 'Patient', name: 'active', value: { name: 'value', valueBoolean: false } },
  ]);
};

/** ADT^A41. */
export const translateAdtA41: MessageTranslator = (t) => {
  const sink = new IssueSink();
  const patient = writePatient(t, t.bundle, 'reference', sink);
  t.issues.push(...sink.issues);
  if (patient === undefined) return;
  t.patientKey = patient.patientKey;
  t.issues.push({ severity: 'information', code: 'informational', diagnostics: 'account merge (MRG-3 → PID-18) is not mapped: no Account resources are kept', expression: ['MRG-3'] });
};
