/**
 * SIU^S12–S17, S26 (scheduling notifications) → one Appointment, upserted on the filler appointment id
 * SCH-2 (else the placer id SCH-1), so that new / rescheduled / modified / cancelled / deleted
 * notifications change the same resource. Status: SCH-25 (table 0278), else by trigger (S12–S14
 * booked, S15 cancelled, S17 entered-in-error, S26 noshow). The patient (PID) and the AIS / AIG / AIL /
 * AIP resources become participants; AIS-3 the service type; NTE the comment.
 * V2-to-FHIR IG: SIU_S12 message map · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-message-siu-s12.html
 */
import type { Appointment, Identifier } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { writePatientLevelObservations, writeSubject } from './order-writers.js';
import { mapSch, addMinutes, type AppointmentStatus } from '../segments/sch.js';
import { mapAppointmentInfo } from '../segments/ais.js';
import { mapNotes } from '../segments/nte.js';
import { keyOf } from '../segments/orc.js';

const STATUS_BY_TRIGGER: Readonly<Record<string, AppointmentStatus>> = {
  S12: 'booked', S13: 'booked', S14: 'booked', S15: 'cancelled', S16: 'cancelled', S17: 'entered-in-error', S26: 'noshow',
};

/** The SIU translator. */
export const translateSiu: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const sch = groups.header.find((s) => s.name === 'SCH');
  if (sch === undefined) {
    t.issues.push(hl7Issue('error', '101', 'SIU without SCH: nothing to translate', 'SCH'));
    return;
  }
  const trigger = (t.message.type.trigger ?? '').toUpperCase();
  const mapped = mapSch(sch, t.ctx, t.bundle, STATUS_BY_TRIGGER[trigger] ?? 'booked');
  t.issues.push(...mapped.issues);
  const appt: Appointment = { ...mapped.value, participant: [...mapped.value.participant] };
  if (trigger === 'S15' || trigger === 'S17' || trigger === 'S26') {
    // A cancel / delete / no-show trigger wins over a stale SCH-25.
    appt.status = STATUS_BY_TRIGGER[trigger] ?? appt.status;
  }
  for (const group of groups.patients) {
    const subject = writeSubject(t, group);
    if (subject.patient !== undefined) appt.participant.unshift({ actor: subject.patient, status: 'accepted' });
    writePatientLevelObservations(t, group.observations, subject);
  }
  const comments = [...(groups.headerNotes.get(sch.index) ?? [])];
  for (const seg of groups.header.filter((s) => ['AIS', 'AIG', 'AIL', 'AIP'].includes(s.name))) {
    const info = mapAppointmentInfo(seg, t.ctx, t.bundle);
    t.issues.push(...info.issues);
    if (info.value.serviceType !== undefined) appt.serviceType = [...(appt.serviceType ?? []), info.value.serviceType];
    if (info.value.participant !== undefined) appt.participant.push(info.value.participant);
    if (appt.start === undefined && info.value.period?.start !== undefined) {
      appt.start = info.value.period.start;
      if (info.value.period.end !== undefined) appt.end = info.value.period.end;
    }
    comments.push(...(groups.headerNotes.get(seg.index) ?? []));
  }
  if (appt.start !== undefined && appt.end === undefined && appt.minutesDuration !== undefined) {
    const end = addMinutes(appt.start, appt.minutesDuration);
    if (end !== undefined) appt.end = end;
  }
  if ((appt.start === undefined) !== (appt.end === undefined)) {
    // app-2: start and end come together; a lone start is kept as the requested period.
    appt.requestedPeriod = [{ ...(appt.start !== undefined ? { start: appt.start } : {}), ...(appt.end !== undefined ? { end: appt.end } : {}) }];
    delete appt.start;
    delete appt.end;
  }
  if (appt.participant.length === 0) {
    t.issues.push(hl7Issue('error', '101', 'SIU without patient or resources: an Appointment needs a participant', 'PID'));
    return;
  }
  const notes = mapNotes(comments);
  t.issues.push(...notes.issues);
  if (notes.value.length > 0) appt.comment = notes.value.map((n) => n.text).join('\n');
  const key: Identifier | undefined = keyOf(appt.identifier?.find((i) => i.type?.coding?.[0]?.code === 'FILL')) ?? keyOf(appt.identifier?.[0]);
  if (key === undefined) {
    t.issues.push(hl7Issue('warning', '101', 'SCH-1 / SCH-2 (appointment ids) are empty: written without identity', 'SCH-2'));
    t.bundle.create(appt);
  } else {
    t.bundle.upsert(appt, key);
  }
};

/** SIU triggers. */
export const SCHEDULING_TRANSLATORS = Object.fromEntries(['S12', 'S13', 'S14', 'S15', 'S16', 'S17', 'S26'].map((s) => [`SIU^${s}`, translateSiu])) as Readonly<Record<string, MessageTranslator>>;
