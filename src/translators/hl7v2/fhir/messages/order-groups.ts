/**
 * Splits an order / result / pharmacy / scheduling / document / financial message into its groups by
 * segment order (the v2 abstract message syntax of ORU_R01, OUL_R22, ORM_O01, OML_O21, VXU_V04, RDE_O11,
 * RAS_O17, MDM_T02, SIU_S12, DFT_P03, BAR_P01): patient groups hold orders, orders hold observations and
 * specimens, NTE attaches to the segment it follows, and ROL / CTD belong to the order, visit or patient
 * they follow. Tolerant: a segment out of place goes to the
 * nearest enclosing group rather than being dropped.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 ch. 4, 4A, 7, 9, 10)
 */
import type { Hl7Message, Hl7Segment } from '../../parser/index.js';

/** One OBX with its notes (and PRT participations). */
export interface ObservationGroup {
  readonly obx: Hl7Segment;
  readonly notes: Hl7Segment[];
  /** PRT segments after the OBX. */
  readonly participations: Hl7Segment[];
}

/** One SPM with the OBX about the specimen. */
export interface SpecimenGroup {
  readonly spm: Hl7Segment;
  readonly observations: ObservationGroup[];
}

/** One order: ORC and/or its detail segment (OBR, RXO, RXE, RXA …), timing, notes, results, specimens. */
export interface OrderGroup {
  orc?: Hl7Segment;
  obr?: Hl7Segment;
  /** Pharmacy / immunization detail segments by id (RXO, RXE, RXA, RXR, RXC, RXD, RXG, FT1 …). */
  readonly detail: Hl7Segment[];
  readonly timing: Hl7Segment[];
  readonly notes: Hl7Segment[];
  readonly observations: ObservationGroup[];
  readonly specimens: SpecimenGroup[];
  /** PRT segments after ORC / OBR (before the first OBX). */
  readonly participations: Hl7Segment[];
  /** ROL segments inside the order. */
  readonly roles: Hl7Segment[];
  /** CTD (contact data) segments inside the order. */
  readonly contacts: Hl7Segment[];
}

/** One patient with its visit, patient-level segments and orders. */
export interface PatientGroup {
  pid?: Hl7Segment;
  pd1?: Hl7Segment;
  pv1?: Hl7Segment;
  pv2?: Hl7Segment;
  /** Patient-level segments other than the above (NK1, AL1, DG1, PR1, IN1, GT1, ACC …). */
  readonly other: Hl7Segment[];
  readonly notes: Hl7Segment[];
  /** ROL after PID / PD1 (the patient's care team and primary care provider). */
  readonly roles: Hl7Segment[];
  /** ROL after PV1 / PV2 (the visit's participants). */
  readonly visitRoles: Hl7Segment[];
  /** CTD outside any order. */
  readonly contacts: Hl7Segment[];
  /** OBX outside any order (patient observations). */
  readonly observations: ObservationGroup[];
  readonly orders: OrderGroup[];
}

/** The message split into groups, plus message-level segments (SCH, TXA, AIS, FT1 outside orders …). */
export interface MessageGroups {
  readonly patients: PatientGroup[];
  /** Segments that belong to the message, not to a patient or order, in order. */
  readonly header: Hl7Segment[];
  /** NTE that follow a header segment (SCH, TXA, AIS …), keyed by that segment's index. */
  readonly headerNotes: Map<number, Hl7Segment[]>;
}

const ORDER_DETAIL = new Set(['RXO', 'RXE', 'RXA', 'RXR', 'RXC', 'RXD', 'RXG', 'RXV']);
const HEADER = new Set(['SCH', 'TXA', 'RGS', 'AIS', 'AIG', 'AIL', 'AIP', 'EVN', 'SFT', 'UAC', 'CON', 'ARQ']);

function newPatient(): PatientGroup {
  return { other: [], notes: [], roles: [], visitRoles: [], contacts: [], observations: [], orders: [] };
}

function newOrder(): OrderGroup {
  return { detail: [], timing: [], notes: [], observations: [], specimens: [], participations: [], roles: [], contacts: [] };
}

/** Groups the segments of `message` (MSH excluded). */
export function groupMessage(message: Hl7Message): MessageGroups {
  const patients: PatientGroup[] = [];
  const header: Hl7Segment[] = [];
  const headerNotes = new Map<number, Hl7Segment[]>();
  let patient: PatientGroup | undefined;
  let order: OrderGroup | undefined;
  let specimen: SpecimenGroup | undefined;
  /** Where an NTE goes: the last OBX, order, header segment or patient. */
  let noteTarget: Hl7Segment[] | undefined;
  /** Where a PRT goes: the last OBX or order (undefined → patient level). */
  let prtTarget: Hl7Segment[] | undefined;

  const currentPatient = (): PatientGroup => {
    if (patient === undefined) {
      patient = newPatient();
      patients.push(patient);
    }
    return patient;
  };
  const startOrder = (): OrderGroup => {
    order = newOrder();
    specimen = undefined;
    currentPatient().orders.push(order);
    return order;
  };

  for (const seg of message.all.slice(1)) {
    switch (seg.name) {
      case 'PID':
        prtTarget = undefined;
        patient = newPatient();
        patient.pid = seg;
        patients.push(patient);
        order = undefined;
        specimen = undefined;
        noteTarget = patient.notes;
        continue;
      case 'ORC': {
        // OUL_R22 sends OBR before ORC: an ORC right after its OBR joins that order.
        const o = order !== undefined && order.orc === undefined && order.obr !== undefined && order.observations.length === 0 && order.detail.length === 0 ? order : startOrder();
        o.orc = seg;
        noteTarget = o.notes;
        prtTarget = o.participations;
        continue;
      }
      case 'OBR': {
        // ORU_R01 v2.7+: ORC [OBX TXA] OBR — the order document before OBR stays in the same order.
        const o = order !== undefined && order.obr === undefined && order.detail.length === 0 ? order : startOrder();
        o.obr = seg;
        specimen = undefined; // OUL_R22: the SPM before OBR is the order's specimen; OBX after OBR are results
        noteTarget = o.notes;
        prtTarget = o.participations;
        continue;
      }
      case 'TQ1': case 'TQ2':
        (order ?? startOrder()).timing.push(seg);
        continue;
      case 'SPM': {
        const o = order ?? startOrder();
        specimen = { spm: seg, observations: [] };
        o.specimens.push(specimen);
        noteTarget = undefined;
        continue;
      }
      case 'OBX': {
        const group: ObservationGroup = { obx: seg, notes: [], participations: [] };
        prtTarget = group.participations;
        if (specimen !== undefined) specimen.observations.push(group);
        else if (order !== undefined) order.observations.push(group);
        else currentPatient().observations.push(group);
        noteTarget = group.notes;
        continue;
      }
      case 'NTE':
        if (noteTarget !== undefined) noteTarget.push(seg);
        else currentPatient().notes.push(seg);
        continue;
      case 'ROL': {
        // Where a ROL stands says whose role it is: the open order, else the visit, else the patient.
        const p = order === undefined ? currentPatient() : undefined;
        if (order !== undefined) order.roles.push(seg);
        else if (p?.pv1 !== undefined) p.visitRoles.push(seg);
        else p?.roles.push(seg);
        continue;
      }
      case 'CTD':
        (order?.contacts ?? currentPatient().contacts).push(seg);
        continue;
      case 'PRT':
        if (prtTarget !== undefined) {
          prtTarget.push(seg);
          continue;
        }
        break;
    }
    if (ORDER_DETAIL.has(seg.name)) {
      const o = order !== undefined && !(seg.name !== 'RXR' && seg.name !== 'RXC' && order.detail.some((d) => d.name === seg.name)) ? order : startOrder();
      o.detail.push(seg);
      if (seg.name !== 'RXR' && seg.name !== 'RXC') noteTarget = o.notes;
      continue;
    }
    if (HEADER.has(seg.name) && (seg.name !== 'SFT' || patients.length === 0)) {
      header.push(seg);
      const notes: Hl7Segment[] = [];
      headerNotes.set(seg.index, notes);
      noteTarget = notes;
      continue;
    }
    const p = currentPatient();
    if (seg.name === 'PV1' || seg.name === 'PD1') prtTarget = undefined;
    if (seg.name === 'PD1') p.pd1 = seg;
    else if (seg.name === 'PV1') p.pv1 = seg;
    else if (seg.name === 'PV2') p.pv2 = seg;
    else if (seg.name === 'FT1' && order !== undefined) order.detail.push(seg);
    else p.other.push(seg);
    if (seg.name !== 'PRT' && seg.name !== 'CTD') noteTarget = undefined;
  }
  return { patients, header, headerNotes };
}
