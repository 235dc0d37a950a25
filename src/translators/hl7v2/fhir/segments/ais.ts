/**
 * AIS / AIG / AIL / AIP (appointment information: service, general resource, location, personnel) →
 * Appointment.serviceType (AIS-3) and participants with their period (start AIS-4 / AIG-8 / AIL-6 /
 * AIP-6, duration in the fields after) and status (filler status, table 0278 → participationstatus).
 * V2-to-FHIR IG: AIS[Appointment], AIG[Appointment], AIL[Appointment], AIP[Appointment]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-ais-to-appointment.html
 */
import type { AppointmentParticipant, CodeableConcept, OperationOutcomeIssue, Period, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { plToReference } from '../datatypes/pl.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { parseDecimal } from './obx-value.js';
import { addMinutes, toMinutes } from './sch.js';
import { dateTimeAt } from './segment-path.js';

/** Field numbers per segment: resource, type, start, duration, duration units, filler status. */
const LAYOUT = {
  AIS: { resource: 3, type: 0, start: 4, duration: 7, units: 8, status: 10 },
  AIG: { resource: 3, type: 4, start: 8, duration: 11, units: 12, status: 14 },
  AIL: { resource: 3, type: 4, start: 6, duration: 9, units: 10, status: 12 },
  AIP: { resource: 3, type: 4, start: 6, duration: 9, units: 10, status: 12 },
} as const;

/** What one appointment-information segment contributes. */
export interface AppointmentInfo {
  readonly serviceType?: CodeableConcept;
  readonly participant?: AppointmentParticipant;
  readonly period?: Period;
}

/** Maps one AIS / AIG / AIL / AIP segment. */
export function mapAppointmentInfo(seg: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): { value: AppointmentInfo; issues: OperationOutcomeIssue[] } {
  const layout = LAYOUT[seg.name as keyof typeof LAYOUT];
  const sink = new IssueSink();
  const start = sink.take(dateTimeAt(seg, layout.start, ctx));
  const minutes = toMinutes(parseDecimal(fieldText(seg, layout.duration)), seg.get(`${layout.units}.1`) ?? undefined);
  const end = start !== undefined && minutes !== undefined ? addMinutes(start, minutes) : undefined;
  const period: Period | undefined = start === undefined ? undefined : { start, ...(end !== undefined ? { end } : {}) };
  if (seg.name === 'AIS') {
    const serviceType = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx));
    return { value: { ...(serviceType !== undefined ? { serviceType } : {}), ...(period !== undefined ? { period } : {}) }, issues: sink.issues };
  }
  let actor: Reference | undefined;
  if (seg.name === 'AIP') actor = xcnToReference(fieldElement(seg, 3), ctx, bundle);
  else if (seg.name === 'AIL') actor = plToReference(fieldElement(seg, 3), ctx, bundle);
  else {
    const res = fieldElement(seg, 3);
    const name = res.get(2) ?? res.get(1);
    if (name !== undefined) actor = { display: name };
  }
  const type = layout.type === 0 ? undefined : sink.take(cweToCodeableConcept(fieldElement(seg, layout.type), ctx));
  if (actor === undefined && type === undefined) return { value: period !== undefined ? { period } : {}, issues: sink.issues };
  const participant: AppointmentParticipant = {
    ...(type !== undefined ? { type: [type] } : {}),
    ...(actor !== undefined ? { actor } : {}),
    status: 'accepted',
    ...(period !== undefined ? { period } : {}),
  };
  return { value: { participant, ...(period !== undefined ? { period } : {}) }, issues: sink.issues };
}
