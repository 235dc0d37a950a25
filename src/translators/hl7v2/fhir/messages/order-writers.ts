/**
 * Writers shared by the order / result / pharmacy / scheduling / document / financial translators: the
 * patient and visit of a group, observations (OBX + NTE), specimens (SPM) and orders (ORC / OBR / TQ1 →
 * ServiceRequest), each added to the transaction with the conditional interaction that makes replays
 * converge. Patients are created if absent, never overwritten, by these messages (ADT owns demographics).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (ORU_R01, ORM_O01, OML_O21 message maps)
 */
import type { Annotation, Attachment, CareTeam, Identifier, Observation, Reference, ServiceRequest, Specimen } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslation } from './types.js';
import type { ObservationGroup, OrderGroup, PatientGroup, SpecimenGroup } from './order-groups.js';
import { mapPid, identifierKey } from '../segments/pid.js';
import { partsToPatient } from '../segments/patient-parts.js';
import { mapPv1 } from '../segments/pv1.js';
import { mapObx } from '../segments/obx.js';
import { mapNotes } from '../segments/nte.js';
import { mapSpm } from '../segments/spm.js';
import { mapTq1 } from '../segments/tq1.js';
import { keyOf, mapOrcToServiceRequest, orderNumbers, type OrderNumbers } from '../segments/orc.js';
import { mapObrToServiceRequest } from '../segments/obr.js';
import { fieldText } from '../element.js';
import { mapPrt, type Participation } from '../segments/prt.js';
import type { Hl7Segment } from '../../parser/index.js';
import { mapRol, roleToCareTeamParticipants, roleToEncounterParticipants, type RoleAssignment } from '../segments/rol.js';
import { mapCtd } from '../segments/ctd.js';

/** The subject (and visit) the resources of one patient group refer to. */
export interface GroupSubject {
  readonly patient: Reference | undefined;
  readonly encounter: Reference | undefined;
}

/** Writes the group's Patient (create if absent on the first PID-3) and Encounter (PV1). */
export function writeSubject(t: MessageTranslation, group: PatientGroup | undefined): GroupSubject {
  if (group?.pid === undefined) return { patient: undefined, encounter: undefined };
  const parts = mapPid(group.pid, t.ctx);
  t.issues.push(...parts.issues);
  const key = parts.value?.key;
  if (parts.value === undefined || key === undefined) return { patient: undefined, encounter: undefined };
  const patientKey = identifierKey(key);
  if (t.patientKey === undefined && patientKey !== undefined) t.patientKey = patientKey;
  // ROL after PID: `PP` is the general practitioner, other roles the care team (IG ROL[Patient-GeneralPractitioner], ROL[CareTeam]).
  const patientRoles = roles(t, group.roles);
  const resource = partsToPatient(parts.value);
  const gp = patientRoles.filter((r) => r.roleCode === 'PP').flatMap((r) => r.persons);
  if (gp.length > 0) resource.generalPractitioner = [...(resource.generalPractitioner ?? []), ...gp];
  const patient = t.bundle.createIfAbsent(resource, keyOf(key) ?? key);
  const team = patientRoles.filter((r) => r.roleCode !== 'PP').flatMap(roleToCareTeamParticipants);
  if (team.length > 0 && patientKey !== undefined) {
    const id: Identifier = { system: 'urn:lyfeai:hl7v2:care-team', value: `${patientKey}|${t.ctx.source}` };
    const careTeam: CareTeam = { resourceType: 'CareTeam', identifier: [id], status: 'active', subject: patient, participant: team };
    t.bundle.upsert(careTeam, id);
  }
  let encounter: Reference | undefined;
  if (group.pv1 !== undefined) {
    const pv1 = mapPv1(group.pv1, t.ctx, t.bundle, { patient, patientKey });
    t.issues.push(...pv1.issues);
    if (pv1.value !== undefined) {
      // ROL after PV1: the visit's participants (IG ROL[Encounter-PractitionerRole]).
      const visitParticipants = roles(t, group.visitRoles).flatMap(roleToEncounterParticipants);
      const enc = { ...pv1.value.encounter, subject: patient };
      if (visitParticipants.length > 0) enc.participant = [...(enc.participant ?? []), ...visitParticipants];
      encounter = t.bundle.createIfAbsent(enc, pv1.value.key);
    }
  }
  writeContacts(t, group.contacts, patient);
  return { patient, encounter };
}

/** ROL segments → role assignments (issues collected; deleted or empty roles left out). */
function roles(t: MessageTranslation, segs: readonly Hl7Segment[]): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  for (const seg of segs) {
    const r = mapRol(seg, t.ctx, t.bundle);
    t.issues.push(...r.issues);
    if (r.value !== undefined) out.push(r.value);
  }
  return out;
}

/** The order's ROL as request roles: the ordering provider (`OP`) requests when nobody else does, the others perform. */
export function orderRoles(t: MessageTranslation, order: OrderGroup): { requester: Reference | undefined; performers: Reference[] } {
  let requester: Reference | undefined;
  const performers: Reference[] = [];
  for (const r of roles(t, order.roles)) {
    const who = r.persons.length > 0 ? r.persons : r.organization !== undefined ? [r.organization] : [];
    if (r.roleCode === 'OP' && requester === undefined && who[0] !== undefined) {
      requester = who[0];
      performers.push(...who.slice(1));
    } else performers.push(...who);
  }
  return { requester, performers };
}

/** CTD segments → RelatedPersons of the patient, upserted on a key derived from the patient and the contact. */
export function writeContacts(t: MessageTranslation, segs: readonly Hl7Segment[], patient: Reference): void {
  const owner = patientOwner(t);
  for (const seg of segs) {
    const mapped = mapCtd(seg, t.ctx, patient);
    t.issues.push(...mapped.issues);
    const person = mapped.value;
    if (person === undefined || owner === undefined) continue;
    // The contact is its role and name (its telecom when nameless): the same contact sent again updates it.
    const named = person.name !== undefined;
    const who = [seg.get('1.1'), seg.get('2.1'), seg.get('2.2')].map((v) => v ?? '').join('^') + (named ? '' : `|${seg.rawAt('5') ?? ''}`);
    const id: Identifier = { system: 'urn:lyfeai:hl7v2:related-person', value: `${keyText(owner)}|ctd|${who}` };
    t.bundle.upsert({ ...person, identifier: [...(person.identifier ?? []), id] }, id);
  }
}

/** The patient's business identifier (from `t.patientKey`, `system|value`), owner of patient-level records. */
export function patientOwner(t: MessageTranslation): Identifier | undefined {
  const k = t.patientKey;
  if (k === undefined) return undefined;
  const bar = k.indexOf('|');
  return bar < 0 ? { value: k } : { ...(bar > 0 ? { system: k.slice(0, bar) } : {}), value: k.slice(bar + 1) };
}

/** Writes the OBX outside any order (patient observations), keyed on the patient and the code. */
export function writePatientLevelObservations(t: MessageTranslation, groups: readonly ObservationGroup[], subject: GroupSubject): void {
  const owner = patientOwner(t);
  for (const g of groups) writeObservation(t, g, { subject, ...(owner !== undefined ? { owner } : {}) });
}

/** An error when a message needs a patient and has none. */
export function requirePatient(t: MessageTranslation, subject: GroupSubject, what: string): subject is GroupSubject & { patient: Reference } {
  if (subject.patient !== undefined) return true;
  t.issues.push(hl7Issue('error', '101', `${what} needs a patient (PID with PID-3)`, 'PID-3'));
  return false;
}

/** The identifier an order's resources are matched on: the filler number, else the placer number. */
export function resultKey(n: OrderNumbers): Identifier | undefined {
  return keyOf(n.filler) ?? keyOf(n.placer);
}

/** The identifier a request is matched on: the placer number, else the filler number. */
export function requestKey(n: OrderNumbers): Identifier | undefined {
  return keyOf(n.placer) ?? keyOf(n.filler);
}

/** `system|value` text of an identifier, for derived keys. */
function keyText(id: Identifier): string {
  return `${id.system ?? ''}|${id.value ?? ''}`;
}

/** Links and writes one OBX (with its notes) as an Observation; returns its reference and attachments. */
export function writeObservation(
  t: MessageTranslation,
  group: ObservationGroup,
  links: { subject: GroupSubject; owner?: Identifier; basedOn?: Reference; specimen?: Reference; partOf?: Reference; fallbackTime?: string },
): { ref: Reference; observation: Observation; attachments: readonly Attachment[] } {
  const mapped = mapObx(group.obx, t.ctx);
  t.issues.push(...mapped.issues);
  const obs: Observation = { ...mapped.value.observation };
  const notes = mapNotes(group.notes);
  t.issues.push(...notes.issues);
  if (notes.value.length > 0) obs.note = notes.value;
  const performers = participants(t, group.participations);
  if (performers.length > 0) obs.performer = [...(obs.performer ?? []), ...performers.flatMap((p) => [p.person, p.organization]).filter((r): r is Reference => r !== undefined)];
  if (obs.performer?.length === 0) delete obs.performer;
  if (links.subject.patient !== undefined) obs.subject = links.subject.patient;
  if (links.subject.encounter !== undefined) obs.encounter = links.subject.encounter;
  if (links.basedOn !== undefined) obs.basedOn = [links.basedOn];
  if (links.partOf !== undefined) obs.partOf = [links.partOf];
  if (links.specimen !== undefined) obs.specimen = links.specimen;
  if (obs.effectiveDateTime === undefined && links.fallbackTime !== undefined) obs.effectiveDateTime = links.fallbackTime;
  // Identity: OBX-21, else the order's key + the observation code + sub-id (OBX-4), so replays converge.
  let key = obs.identifier?.[0];
  if (key === undefined && links.owner !== undefined) {
    const coding = obs.code.coding?.[obs.code.coding.length - 1];
    const what = coding?.code !== undefined ? `${coding.system ?? ''}|${coding.code}` : obs.code.text ?? '';
    key = { system: 'urn:lyfeai:hl7v2:observation', value: `${keyText(links.owner)}|${what}|${fieldText(group.obx, 4) ?? ''}` };
    // The same code twice without sub-ids: the OBX occurrence tells them apart (stable across replays).
    if (t.bundle.find('Observation', key) !== undefined) key = { ...key, value: `${key.value ?? ''}|${group.obx.occurrence}` };
    obs.identifier = [key];
  }
  const ref = key !== undefined && t.bundle.find('Observation', keyOf(key) ?? key) === undefined ? t.bundle.upsert(obs, keyOf(key) ?? key) : t.bundle.create(obs);
  return { ref, observation: obs, attachments: mapped.value.attachments };
}

/** Writes one SPM as a Specimen (upsert on its first identifier, else a key derived from the order). */
export function writeSpecimen(t: MessageTranslation, group: SpecimenGroup, subject: GroupSubject, owner: Identifier | undefined, request?: Reference): Reference {
  const mapped = mapSpm(group.spm, t.ctx);
  t.issues.push(...mapped.issues);
  const specimen: Specimen = { ...mapped.value };
  if (subject.patient !== undefined) specimen.subject = subject.patient;
  if (request !== undefined) specimen.request = [request];
  let key = keyOf(specimen.identifier?.[0]);
  if (key === undefined && owner !== undefined) {
    key = { system: 'urn:lyfeai:hl7v2:specimen', value: `${keyText(owner)}|${fieldText(group.spm, 1) ?? '1'}` };
    specimen.identifier = [key];
  }
  return key === undefined ? t.bundle.create(specimen) : t.bundle.upsert(specimen, key);
}

/** The ServiceRequest of an order group (ORC + OBR + TQ1 + NTE), not yet written. */
export function buildServiceRequest(t: MessageTranslation, order: OrderGroup, subject: Reference, encounter: Reference | undefined): { request: ServiceRequest; numbers: OrderNumbers } {
  const numbers = orderNumbers(order.orc, order.obr, t.ctx);
  const orc = mapOrcToServiceRequest(order.orc, numbers, t.ctx, t.bundle);
  t.issues.push(...orc.issues);
  const request: ServiceRequest = { resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject, ...orc.value };
  if (order.obr !== undefined) {
    const obr = mapObrToServiceRequest(order.obr, request.requester !== undefined, t.ctx, t.bundle);
    t.issues.push(...obr.issues);
    Object.assign(request, obr.value);
  }
  for (const tq1 of order.timing.filter((s) => s.name === 'TQ1')) {
    const timing = mapTq1(tq1, t.ctx);
    t.issues.push(...timing.issues);
    const { note, ...rest } = timing.value;
    if (rest.occurrencePeriod !== undefined) delete request.occurrenceDateTime;
    Object.assign(request, rest);
    if (note !== undefined) request.note = [...(request.note ?? []), note];
  }
  const notes = mapNotes(order.notes);
  t.issues.push(...notes.issues);
  if (notes.value.length > 0) request.note = [...(request.note ?? []), ...notes.value];
  if (encounter !== undefined) request.encounter = encounter;
  // PRT: the ordering provider (OP) is the requester when ORC / OBR name none; others perform.
  for (const p of participants(t, order.participations)) {
    const who = p.person ?? p.organization;
    if (who === undefined) continue;
    if (p.roleCode === 'OP' && request.requester === undefined) request.requester = who;
    else request.performer = [...(request.performer ?? []), who];
  }
  // ROL in the order: the same rule.
  const fromRoles = orderRoles(t, order);
  if (fromRoles.requester !== undefined) {
    if (request.requester === undefined) request.requester = fromRoles.requester;
    else fromRoles.performers.unshift(fromRoles.requester);
  }
  if (fromRoles.performers.length > 0) request.performer = [...(request.performer ?? []), ...fromRoles.performers];
  writeContacts(t, order.contacts, subject);
  return { request, numbers };
}

/** Writes a ServiceRequest: upsert on its placer (else filler) number, or create-if-absent when `mode` says so. */
export function writeServiceRequest(t: MessageTranslation, request: ServiceRequest, numbers: OrderNumbers, mode: 'upsert' | 'create-if-absent'): Reference {
  const key = requestKey(numbers);
  if (key === undefined) {
    t.issues.push(hl7Issue('warning', '101', 'order without placer or filler number (ORC-2 / ORC-3 / OBR-2 / OBR-3): written without identity; a replay writes it again', 'ORC-2'));
    return t.bundle.create(request);
  }
  return mode === 'upsert' ? t.bundle.upsert(request, key) : t.bundle.createIfAbsent(request, key);
}

/** PRT segments → participations (issues collected). */
function participants(t: MessageTranslation, segs: readonly Hl7Segment[]): Participation[] {
  const out: Participation[] = [];
  for (const seg of segs) {
    const r = mapPrt(seg, t.ctx, t.bundle);
    t.issues.push(...r.issues);
    if (r.value !== undefined) out.push(r.value);
  }
  return out;
}

/** Notes as Annotations (convenience for translators). */
export function notesOf(t: MessageTranslation, segs: Parameters<typeof mapNotes>[0]): Annotation[] {
  const r = mapNotes(segs);
  t.issues.push(...r.issues);
  return r.value;
}
