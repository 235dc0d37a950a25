/**
 * ADT A40 (merge patient – patient identifier list) and A47 (change patient identifier list).
 * A40: the surviving patient (PID) is created if unknown; the old record (MRG-1) is patched to
 * `active: false` with `link` { type: replaced-by, other: survivor }, so references to it stay valid and
 * lead to the survivor (the pipeline then moves them: pipeline/hl7v2/merge-follow-up.ts).
 * A47: the identifier MRG-1 of the patient is replaced by PID-3 (FHIRPath Patch on the old identifier).
 * Both carry a fallback bundle (the survivor / the patient under its new identifier, created if absent)
 * for when the old record is not found (404): unknown patient, or a replay after the change.
 * https://hl7.org/fhir/R4/patient.html#links · https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT_A40 map)
 */
import type { Identifier } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import { BundleBuilder, conditionalUrl, type PatchOperation } from '../bundle.js';
import { IssueSink } from '../result.js';
import { mapMrg } from '../segments/mrg.js';
import type { MessageTranslation, MessageTranslator } from './types.js';
import { writePatient } from './patient-write.js';

/** A FHIRPath string literal. */
function literal(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** FHIRPath selecting the identifier `id` of a Patient. */
function identifierPath(id: Identifier): string {
  return `Patient.identifier.where(system = ${literal(id.system ?? '')} and value = ${literal(id.value ?? '')})`;
}

function priorKey(t: MessageTranslation, sink: IssueSink): Identifier | undefined {
  if (t.message.segments('MRG').length > 1) {
    sink.add(hl7Issue('warning', '100', 'only the first PID / MRG group is applied', 'MRG[2]'));
  }
  const mrg = t.message.segment('MRG');
  if (mrg === undefined) {
    sink.add(hl7Issue('error', '100', `${t.message.type.code ?? ''}^${t.message.type.trigger ?? ''} needs an MRG segment`, 'MRG'));
    return undefined;
  }
  return sink.take(mapMrg(mrg, t.ctx))?.priorIdentifiers[0];
}

/** The fallback: the patient of PID created if absent. */
function fallback(t: MessageTranslation): BundleBuilder {
  const b = new BundleBuilder(t.ctx);
  writePatient(t, b, 'reference', new IssueSink());
  return b;
}

/** ADT^A40: merge the MRG-1 patient into the PID patient. */
export const translateAdtA40: MessageTranslator = (t) => {
  const sink = new IssueSink();
  const old = priorKey(t, sink);
  const survivor = writePatient(t, t.bundle, 'reference', sink);
  t.issues.push(...sink.issues);
  if (survivor === undefined || old === undefined) return;
  t.patientKey = survivor.patientKey;
  if (conditionalUrl('Patient', old) === conditionalUrl('Patient', survivor.key)) {
    t.issues.push(hl7Issue('error', '205', 'MRG-1 names the same patient as PID-3: nothing to merge', 'MRG-1'));
    return;
  }
  const ops: PatchOperation[] = [
    { type: 'delete', path: 'Patient.active' },
    { type: 'add', path: 'Patient', name: 'active', value: { name: 'value', valueBoolean: false } },
    { type: 'delete', path: "Patient.link.where(type = 'replaced-by')" },
    {
      type: 'add', path: 'Patient', name: 'link',
      value: { name: 'value', part: [{ name: 'other', valueReference: survivor.ref }, { name: 'type', valueCode: 'replaced-by' }] },
    },
  ];
  t.bundle.patch('Patient', old, ops);
  t.fallback = fallback(t);
};

/** ADT^A47: the patient's identifier MRG-1 becomes PID-3. */
export const translateAdtA47: MessageTranslator = (t) => {
  const sink = new IssueSink();
  const old = priorKey(t, sink);
  // The new identifier list comes from PID; only the PID mapping is needed, nothing is written yet.
  const scratch = new BundleBuilder(t.ctx);
  const patient = writePatient(t, scratch, 'reference', sink);
  t.issues.push(...sink.issues);
  if (patient === undefined || old === undefined) return;
  t.patientKey = patient.patientKey;
  t.bundle.patch('Patient', old, [
    { type: 'delete', path: identifierPath(old) },
    { type: 'delete', path: identifierPath(patient.key) },
    { type: 'add', path: 'Patient', name: 'identifier', value: { name: 'value', valueIdentifier: patient.key } },
  ]);
  t.fallback = fallback(t);
};
