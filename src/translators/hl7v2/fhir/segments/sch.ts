/**
 * SCH (schedule activity information) → Appointment: identifiers SCH-1 placer / SCH-2 filler appointment
 * id, reason SCH-7, type SCH-8, duration SCH-9 / SCH-10, start / end SCH-11.4 / SCH-11.5 (TQ), placer and
 * filler contacts SCH-12 / SCH-16 and entered-by SCH-20 as participants, status SCH-25 (table 0278).
 * V2-to-FHIR IG: SCH[Appointment] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-sch-to-appointment.html
 */
import type { Appointment, AppointmentParticipant, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { parseDecimal } from './obx-value.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

const APPOINTMENT_STATUS = ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'] as const;
/** Appointment.status. */
export type AppointmentStatus = (typeof APPOINTMENT_STATUS)[number];
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** A duration in `units` (CNE / CWE code: min, s, h, d; ISO+ / ANSI names) → whole minutes. */
export function toMinutes(amount: number | undefined, units: string | undefined): number | undefined {
  if (amount === undefined) return undefined;
  const u = (units ?? 'min').toLowerCase();
  const factor = u.startsWith('s') ? 1 / 60 : u === 'h' || u.startsWith('hr') || u.startsWith('hour') ? 60 : u === 'd' || u.startsWith('day') ? 1440 : 1;
  const minutes = Math.round(amount * factor);
  return minutes > 0 ? minutes : undefined;
}

/** `dateTime` + `minutes`, in the same zone offset as the input (undefined without a time and zone). */
export function addMinutes(dateTime: string, minutes: number): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(dateTime);
  if (m === null) return undefined;
  const zone = m[2] ?? 'Z';
  const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const t = Date.parse(dateTime) + (minutes + offset) * 60_000;
  return `${new Date(t).toISOString().slice(0, 19)}${zone}`;
}

/** SCH-25 → Appointment.status (table 0278's ConceptMap). */
export function appointmentStatus(sch: Hl7Segment, ctx: Hl7v2TranslateContext, fallback: AppointmentStatus): { value: AppointmentStatus; issues: OperationOutcomeIssue[] } {
  const raw = fieldText(sch, 25);
  if (raw === undefined) return { value: fallback, issues: [] };
  const r = mapTableCode<AppointmentStatus>(ctx, '0278', raw, 'http://hl7.org/fhir/appointmentstatus', segmentPath(sch, 25), { allowed: APPOINTMENT_STATUS, fallback });
  return { value: r.code ?? fallback, issues: r.issues };
}

/** SCH → Appointment (participants of the patient and of AIS/AIG/AIL/AIP are added by the message translator). */
export function mapSch(sch: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, fallbackStatus: AppointmentStatus): { value: Appointment; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const appt: Appointment = { resourceType: 'Appointment', status: sink.take(appointmentStatus(sch, ctx, fallbackStatus)) ?? fallbackStatus, participant: [] };
  const identifier = [[1, 'PLAC', 'placer'], [2, 'FILL', 'filler']] as const;
  const ids = identifier.flatMap(([f, code, kind]) => {
    const id = eiToIdentifier(fieldElement(sch, f), ctx, kind).value;
    return id === undefined ? [] : [{ type: { coding: [{ system: V2_0203, code }] }, ...id }];
  });
  if (ids.length > 0) appt.identifier = ids;
  const reason = sink.take(cweToCodeableConcept(fieldElement(sch, 7), ctx));
  if (reason !== undefined) appt.reasonCode = [reason];
  const type = sink.take(cweToCodeableConcept(fieldElement(sch, 8), ctx, { table: '0277' }));
  if (type !== undefined) appt.appointmentType = type;
  const minutes = toMinutes(parseDecimal(fieldText(sch, 9)), sch.get('10.1') ?? undefined);
  if (minutes !== undefined) appt.minutesDuration = minutes;
  const start = sink.take(dateTimeAt(sch, 11, ctx, 4));
  const end = sink.take(dateTimeAt(sch, 11, ctx, 5));
  if (start !== undefined) appt.start = start;
  if (end !== undefined) appt.end = end;
  const contacts: Array<[number, string]> = [[12, 'PPRF'], [16, 'SPRF'], [20, 'ENT']];
  for (const [f, code] of contacts) {
    const actor = xcnToReference(fieldElement(sch, f), ctx, bundle);
    if (actor === undefined) continue;
    const p: AppointmentParticipant = { type: [{ coding: [{ system: PARTICIPATION, code }] }], actor, status: 'accepted' };
    appt.participant.push(p);
  }
  return { value: appt, issues: sink.issues };
}
