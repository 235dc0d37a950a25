/**
 * ROL (role) → who plays which role, as references: role ROL-3 (table 0443 through the CodeMapper),
 * persons ROL-4 (XCN → Practitioner, every repetition), period ROL-5 / ROL-6, provider type ROL-9,
 * location ROL-13 (PL), organization ROL-14 (XON). ROL-2 `DE` (delete) yields nothing. Where the role
 * lands depends on where the ROL stands (order-groups.ts): after PID → Patient.generalPractitioner (`PP`)
 * or CareTeam, after PV1 → Encounter.participant, in an order → the request's requester / performer.
 * V2-to-FHIR IG: ROL[CareTeam], ROL[Patient-GeneralPractitioner], ROL[Encounter-PractitionerRole]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-rol-to-careteam.html
 */
import type { CareTeamParticipant, CodeableConcept, EncounterParticipant, Period, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { plToReference } from '../datatypes/pl.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { xonToReference } from '../datatypes/xon.js';
import { fieldElement, fieldElements } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { dateTimeAt } from './segment-path.js';

/** One ROL. */
export interface RoleAssignment {
  readonly role?: CodeableConcept;
  /** ROL-3.1, e.g. `PP` (primary care provider), `AT` (attending), `OP` (ordering provider). */
  readonly roleCode?: string;
  readonly persons: readonly Reference[];
  readonly providerType: readonly CodeableConcept[];
  readonly organization?: Reference;
  readonly location?: Reference;
  readonly period?: Period;
}

/** Maps one ROL segment (undefined when it names nobody or deletes the role). */
export function mapRol(rol: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): Mapped<RoleAssignment> {
  const sink = new IssueSink();
  if ((rol.get('2') ?? '').toUpperCase() === 'DE') return sink.result<RoleAssignment>(undefined);
  const role = sink.take(cweToCodeableConcept(fieldElement(rol, 3), ctx, { table: '0443' }));
  const persons = fieldElements(rol, 4).map((el) => xcnToReference(el, ctx, bundle)).filter((r): r is Reference => r !== undefined);
  const providerType = fieldElements(rol, 9).map((el) => sink.take(cweToCodeableConcept(el, ctx, { table: '0186' }))).filter((c): c is CodeableConcept => c !== undefined);
  const organization = xonToReference(fieldElement(rol, 14), ctx, bundle);
  const location = plToReference(fieldElement(rol, 13), ctx, bundle);
  const start = sink.take(dateTimeAt(rol, 5, ctx));
  const end = sink.take(dateTimeAt(rol, 6, ctx));
  if (persons.length === 0 && organization === undefined) return sink.result<RoleAssignment>(undefined);
  const roleCode = rol.get('3.1') ?? undefined;
  return sink.result<RoleAssignment>({
    persons,
    providerType,
    ...(role !== undefined ? { role } : {}),
    ...(roleCode !== undefined ? { roleCode: roleCode.toUpperCase() } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  });
}

/** ROL[CareTeam]: one participant per person (member, role ROL-3 + ROL-9, onBehalfOf ROL-14), or the organization as member. */
export function roleToCareTeamParticipants(r: RoleAssignment): CareTeamParticipant[] {
  const role = [...(r.role !== undefined ? [r.role] : []), ...r.providerType];
  const common = { ...(role.length > 0 ? { role } : {}), ...(r.period !== undefined ? { period: r.period } : {}) };
  if (r.persons.length === 0) return r.organization === undefined ? [] : [{ ...common, member: r.organization }];
  return r.persons.map((member) => ({ ...common, member, ...(r.organization !== undefined ? { onBehalfOf: r.organization } : {}) }));
}

/** ROL[Encounter-PractitionerRole]: one participant per person (type ROL-3, period ROL-5 / ROL-6). */
export function roleToEncounterParticipants(r: RoleAssignment): EncounterParticipant[] {
  return r.persons.map((individual) => ({
    ...(r.role !== undefined ? { type: [r.role] } : {}),
    individual,
    ...(r.period !== undefined ? { period: r.period } : {}),
  }));
}
