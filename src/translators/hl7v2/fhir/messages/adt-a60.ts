/**
 * ADT^A60 (update adverse reaction information): the patient (created if unknown) and one
 * AllergyIntolerance per IAM segment, matched on IAM-7 (conditional update); IAM-6 `D` marks it
 * entered-in-error. https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-iam-to-allergyintolerance.html
 */
import { IssueSink } from '../result.js';
import { mapIam } from '../segments/iam.js';
import type { MessageTranslator } from './types.js';
import { writePatient } from './patient-write.js';

/** ADT^A60. */
export const translateAdtA60: MessageTranslator = (t) => {
  const sink = new IssueSink();
  const patient = writePatient(t, t.bundle, 'reference', sink);
  if (patient !== undefined) {
    t.patientKey = patient.patientKey;
    for (const iam of t.message.segments('IAM')) {
      const a = sink.take(mapIam(iam, t.ctx, patient.ref, patient.patientKey));
      if (a !== undefined) t.bundle.upsert(a.allergy, a.key);
    }
  }
  t.issues.push(...sink.issues);
};
