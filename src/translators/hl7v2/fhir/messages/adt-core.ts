/**
 * The shared body of the ADT translators: patient (PID / PD1 / NK1, per the event's PatientMode),
 * visit (PV1 / PV2 → Encounter with the event's status), diagnoses (DG1 → Condition +
 * Encounter.diagnosis), procedures (PR1), allergies (AL1), insurance (IN1 / IN2 → Coverage) and
 * guarantors (GT1). HL7 v2.5.1 chapter 3; https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT message maps)
 */
import type { EncounterDiagnosis, EncounterLocation, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { BundleBuilder } from '../bundle.js';
import { IssueSink } from '../result.js';
import { mapPv1, type EncounterStatus } from '../segments/pv1.js';
import { applyPv2 } from '../segments/pv2.js';
import { mapDg1 } from '../segments/dg1.js';
import { mapPr1 } from '../segments/pr1.js';
import { mapAl1 } from '../segments/al1.js';
import { mapIn1 } from '../segments/in1.js';
import { mapGt1 } from '../segments/gt1.js';
import type { MessageTranslation, MessageTranslator } from './types.js';
import { writePatient, type PatientMode, type WrittenPatient } from './patient-write.js';

/** What a trigger event means for the records. */
export interface AdtEventSpec {
  readonly patient: PatientMode;
  /** Encounter handling: `none` ignores PV1 (A28 / A31 carry a pseudo PV1). */
  readonly encounter: 'none' | {
    readonly status?: EncounterStatus;
    readonly locationStatus?: EncounterLocation['status'];
    /** A12: the prior location (PV1-6) is the cancelled transfer's target, not a completed stay. */
    readonly dropPriorLocation?: boolean;
    /** A13: the discharge is undone, so the Encounter has no end. */
    readonly dropEnd?: boolean;
  };
}

/** The IN2 that belongs to `in1` (between it and the next IN1), if any. */
function in2For(t: MessageTranslation, in1: Hl7Segment): Hl7Segment | undefined {
  for (const s of t.message.all.slice(in1.index + 1)) {
    if (s.name === 'IN1') return undefined;
    if (s.name === 'IN2') return s;
  }
  return undefined;
}

/** Writes the visit and its diagnoses / procedures; returns the Encounter reference. */
function writeVisit(t: MessageTranslation, bundle: BundleBuilder, spec: AdtEventSpec, patient: WrittenPatient, sink: IssueSink): Reference | undefined {
  if (spec.encounter === 'none') return undefined;
  const pv1 = t.message.segment('PV1');
  if (pv1 === undefined) return undefined;
  const options = spec.encounter;
  const mapped = sink.take(mapPv1(pv1, t.ctx, bundle, {
    patient: patient.ref,
    patientKey: patient.patientKey,
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.locationStatus !== undefined ? { locationStatus: options.locationStatus } : {}),
  }));
  if (mapped === undefined) return undefined;
  let encounter = mapped.encounter;
  if (options.dropPriorLocation === true && encounter.location !== undefined) {
    const kept = encounter.location.filter((l) => l.status !== 'completed');
    const { location: _dropped, ...rest } = encounter;
    encounter = kept.length > 0 ? { ...rest, location: kept } : rest;
  }
  if (options.dropEnd === true && encounter.period?.end !== undefined) {
    const { end: _end, ...period } = encounter.period;
    encounter = { ...encounter, period };
    if (period.start === undefined) Reflect.deleteProperty(encounter, 'period');
  }
  const pv2 = t.message.segment('PV2');
  if (pv2 !== undefined) encounter = sink.take(applyPv2(pv2, t.ctx, encounter)) ?? encounter;
  const encounterRef = bundle.reserve('Encounter', mapped.key);
  const owner = `${mapped.key.system ?? ''}|${mapped.key.value ?? ''}`;
  const diagnosis: EncounterDiagnosis[] = [];
  for (const dg1 of t.message.segments('DG1')) {
    const d = sink.take(mapDg1(dg1, t.ctx, bundle, patient.ref, owner, encounterRef));
    if (d === undefined) continue;
    const condition = bundle.upsert(d.condition, d.key);
    diagnosis.push({ condition, ...(d.use !== undefined ? { use: d.use } : {}), ...(d.rank !== undefined ? { rank: d.rank } : {}) });
  }
  if (diagnosis.length > 0) encounter = { ...encounter, diagnosis };
  bundle.upsert(encounter, mapped.key);
  for (const pr1 of t.message.segments('PR1')) {
    const p = sink.take(mapPr1(pr1, t.ctx, bundle, patient.ref, owner, encounterRef));
    if (p !== undefined) bundle.upsert(p.procedure, p.key);
  }
  return encounterRef;
}

/** Runs the ADT body into `bundle` with patient mode `mode`. */
function run(t: MessageTranslation, bundle: BundleBuilder, spec: AdtEventSpec, mode: PatientMode, sink: IssueSink): WrittenPatient | undefined {
  const patient = writePatient(t, bundle, mode, sink);
  if (patient === undefined) return undefined;
  if (writeVisit(t, bundle, spec, patient, sink) === undefined) {
    // Diagnoses and procedures without a visit still belong to the patient.
    for (const dg1 of t.message.segments('DG1')) {
      const d = sink.take(mapDg1(dg1, t.ctx, bundle, patient.ref, patient.patientKey));
      if (d !== undefined) bundle.upsert(d.condition, d.key);
    }
    for (const pr1 of t.message.segments('PR1')) {
      const p = sink.take(mapPr1(pr1, t.ctx, bundle, patient.ref, patient.patientKey));
      if (p !== undefined) bundle.upsert(p.procedure, p.key);
    }
  }
  for (const al1 of t.message.segments('AL1')) {
    const a = sink.take(mapAl1(al1, t.ctx, patient.ref, patient.patientKey));
    if (a !== undefined) bundle.upsert(a.allergy, a.key);
  }
  for (const in1 of t.message.segments('IN1')) {
    const c = sink.take(mapIn1(in1, in2For(t, in1), t.ctx, bundle, patient.ref, patient.patientKey));
    if (c !== undefined) bundle.upsert(c.coverage, c.key);
  }
  for (const gt1 of t.message.segments('GT1')) {
    const g = sink.take(mapGt1(gt1, t.ctx, patient.ref, patient.patientKey));
    if (g !== undefined) bundle.upsert(g.person, g.key);
  }
  return patient;
}

/**
 * A translator for one ADT trigger. For `update` events the bundle patches the patient and a fallback
 * bundle registers it (applied by the pipeline when the PATCH finds no patient).
 */
export function adtTranslator(spec: AdtEventSpec): MessageTranslator {
  return (t) => {
    const sink = new IssueSink();
    const patient = run(t, t.bundle, spec, spec.patient, sink);
    t.issues.push(...sink.issues);
    if (patient === undefined) return;
    t.patientKey = patient.patientKey;
    if (spec.patient === 'update') {
      const fallback = new BundleBuilder(t.ctx);
      run(t, fallback, spec, 'register', new IssueSink());
      t.fallback = fallback;
    }
  };
}
