/**
 * A Patient as a set of top-level elements the message carries, so that creating events write the whole
 * resource while update events (A08 / A31) change only what they carry: element → value (set) or
 * explicit HL7 null `""` (cleared). Empty fields mean "no change" and appear in neither.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (Update semantics: "" deletes, empty leaves unchanged)
 */
import type { Identifier, Patient } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { fieldState } from '../element.js';

/** Top-level Patient element names. */
export type PatientElement = Exclude<keyof Patient, 'resourceType' | 'id' | 'meta'>;

/** The patient elements one message carries. */
export interface PatientParts {
  /** Elements with their new value. */
  readonly set: Partial<Record<PatientElement, unknown>>;
  /** Elements the message explicitly nulls. */
  readonly cleared: Set<PatientElement>;
  /** The business identifier the Patient is matched on (first PID-3), if any. */
  key: Identifier | undefined;
}

/** An empty PatientParts. */
export function emptyParts(): PatientParts {
  return { set: {}, cleared: new Set(), key: undefined };
}

/**
 * Records element `name` from `fields` of `seg`: set to `value` when it has content; cleared when no field
 * has a value and at least one is the explicit null; untouched otherwise.
 */
export function carry(parts: PatientParts, seg: Hl7Segment, fields: readonly number[], name: PatientElement, value: unknown): void {
  const states = fields.map((f) => fieldState(seg, f));
  const hasValue = value !== undefined && !(Array.isArray(value) && value.length === 0);
  if (hasValue) {
    parts.set[name] = value;
    parts.cleared.delete(name);
  } else if (states.includes('null') && !states.includes('present')) {
    parts.cleared.add(name);
    Reflect.deleteProperty(parts.set, name);
  }
}

/** Choice elements: setting one variant clears the others. */
export const CHOICES: ReadonlyArray<readonly PatientElement[]> = [
  ['deceasedBoolean', 'deceasedDateTime'],
  ['multipleBirthBoolean', 'multipleBirthInteger'],
];

/** The full Patient of `parts` (for creating writes). */
export function partsToPatient(parts: PatientParts): Patient {
  return { resourceType: 'Patient', ...(parts.set as Partial<Patient>) };
}
