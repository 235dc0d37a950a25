/**
 * PV1 → Encounter: visit number PV1-19 (the Encounter's business identifier; else a derived one from
 * the patient and the admit time PV1-44), class PV1-2 (table 0004), locations PV1-3 (current), PV1-6
 * (prior), PV1-11 (temporary), PV1-42 (pending), type PV1-4, participants PV1-7 / 8 / 9 / 17 / 52,
 * service PV1-10, hospitalization PV1-5 / 13 / 14 / 15 / 16 / 36 / 38, period PV1-44 / PV1-45.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pv1-to-encounter.html
 */
import type { Coding, Encounter, EncounterLocation, EncounterParticipant, Identifier, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { fieldElement, fieldElements, fieldText, type V2Element } from '../element.js';
import { IssueSink, compact, type Mapped } from '../result.js';
import { cweToCodeableConcept, mapCode } from '../datatypes/cwe.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { plToReference } from '../datatypes/pl.js';
import { practitionerRef } from './refs.js';
import { mapTableCode } from './table-code.js';

/** Encounter.status values. */
export type EncounterStatus = Encounter['status'];
const STATUSES: readonly EncounterStatus[] = ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'];
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
/** PV1 doctor fields and their participation type (IG PV1[Encounter] rows). */
const DOCTORS: ReadonlyArray<readonly [number, string, string]> = [
  [7, 'ATND', 'attender'], [8, 'REF', 'referrer'], [9, 'CON', 'consultant'], [17, 'ADM', 'admitter'], [52, 'PART', 'Participation'],
];
const DERIVED_VISIT_SYSTEM = 'urn:lyfeai:hl7v2:visit';

/** What the message translator decides about the encounter. */
export interface Pv1Options {
  readonly patient: Reference;
  /** `system|value` of the patient, for a derived visit identifier. */
  readonly patientKey: string | undefined;
  /** Status imposed by the trigger event (A03 finished, A11 entered-in-error, …); else from PV1. */
  readonly status?: EncounterStatus;
  /** Status of the PV1-3 location (`active`, or `planned` for pre-admits). */
  readonly locationStatus?: EncounterLocation['status'];
}

/** The mapped Encounter and the identifier it is matched on. */
export interface Pv1Result {
  readonly encounter: Encounter;
  readonly key: Identifier;
}

function location(el: V2Element, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, status: EncounterLocation['status']): EncounterLocation | undefined {
  const ref = plToReference(el, ctx, bundle);
  return ref === undefined ? undefined : { location: ref, ...(status !== undefined ? { status } : {}) };
}

/** PV1 segment → Encounter (undefined with an information issue when the visit cannot be identified). */
export function mapPv1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, options: Pv1Options): Mapped<Pv1Result> {
  const sink = new IssueSink();
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const visit = sink.take(cxToIdentifier(fieldElement(seg, 19), ctx, 'visit'));
  const alternate = sink.take(cxToIdentifier(fieldElement(seg, 50), ctx, 'visit'));
  const start = sink.take(dtmToDateTime(fieldText(seg, 44), `${seg.name}-44`, zone));
  const end = sink.take(dtmToDateTime(fieldText(seg, 45), `${seg.name}-45`, zone));
  const key: Identifier | undefined = visit ?? alternate ?? (options.patientKey !== undefined && start !== undefined ? { system: DERIVED_VISIT_SYSTEM, value: `${options.patientKey}|${start}` } : undefined);
  if (key === undefined) {
    sink.add({ severity: 'information', code: 'informational', diagnostics: 'PV1 has no visit number (PV1-19) nor admit time (PV1-44): no Encounter written', expression: [`${seg.name}-19`] });
    return sink.result<Pv1Result>(undefined);
  }

  const classCode = fieldText(seg, 2);
  const cls = classCode === undefined ? undefined : sink.take(mapCode(ctx, classCode, undefined, undefined, `${seg.name}-2`, { table: '0004', target: 'http://terminology.hl7.org/CodeSystem/v3-ActCode' }));
  const classCoding: Coding = cls?.find((c) => c.system === 'http://terminology.hl7.org/CodeSystem/v3-ActCode') ?? cls?.[0] ?? {
    system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK', display: 'unknown',
  };
  let status = options.status;
  if (status === undefined) {
    if (end !== undefined) status = 'finished';
    else {
      const mapped = mapTableCode<EncounterStatus>(ctx, '0004', classCode, 'http://hl7.org/fhir/encounter-status', `${seg.name}-2`, { allowed: STATUSES });
      status = mapped.code ?? 'unknown';
    }
  }

  const locations = [
    location(fieldElement(seg, 3), ctx, bundle, options.locationStatus ?? (classCode === 'P' ? 'planned' : 'active')),
    location(fieldElement(seg, 6), ctx, bundle, 'completed'),
    location(fieldElement(seg, 11), ctx, bundle, 'active'),
    location(fieldElement(seg, 42), ctx, bundle, 'planned'),
  ].filter((l): l is EncounterLocation => l !== undefined);

  const participant: EncounterParticipant[] = [];
  for (const [field, code, display] of DOCTORS) {
    for (const el of fieldElements(seg, field)) {
      const individual = practitionerRef(el, ctx, bundle);
      if (individual !== undefined) participant.push({ type: [{ coding: [{ system: PARTICIPATION, code, display }] }], individual });
    }
  }

  const type = sink.take(cweToCodeableConcept(fieldElement(seg, 4), ctx, { table: '0007' }));
  const serviceType = sink.take(cweToCodeableConcept(fieldElement(seg, 10), ctx, { table: '0069' }));
  const hospitalization = compact({
    preAdmissionIdentifier: sink.take(cxToIdentifier(fieldElement(seg, 5), ctx, 'visit')),
    reAdmission: sink.take(cweToCodeableConcept(fieldElement(seg, 13), ctx, { table: '0092' })),
    admitSource: sink.take(cweToCodeableConcept(fieldElement(seg, 14), ctx, { table: '0023' })),
    specialArrangement: fieldElements(seg, 15).map((el) => sink.take(cweToCodeableConcept(el, ctx, { table: '0009' }))).filter((c) => c !== undefined),
    specialCourtesy: [sink.take(cweToCodeableConcept(fieldElement(seg, 16), ctx, { table: '0099' }))].filter((c) => c !== undefined),
    dischargeDisposition: sink.take(cweToCodeableConcept(fieldElement(seg, 36), ctx, { table: '0112' })),
    dietPreference: [sink.take(cweToCodeableConcept(fieldElement(seg, 38), ctx, { table: '0114' }))].filter((c) => c !== undefined),
  });
  const identifier = [visit, alternate].filter((i): i is Identifier => i !== undefined);
  const encounter: Encounter = compact({
    resourceType: 'Encounter',
    identifier: identifier.length > 0 ? identifier : [key],
    status,
    class: classCoding,
    type: type !== undefined ? [type] : undefined,
    serviceType,
    subject: options.patient,
    participant,
    period: compact({ start, end }),
    hospitalization,
    location: locations,
  }) as Encounter;
  return sink.result({ encounter, key });
}
