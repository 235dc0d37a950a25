/**
 * Writes the message's patient (PID + PD1 + NK1) into a bundle in one of three ways, by what the
 * trigger event means for the patient record:
 * - `register` (A01, A04, A05, A28): conditional update `PUT Patient?identifier=…` of the full record;
 * - `update` (A08, A31): conditional `PATCH` (JSON Patch) of only the elements the message carries
 *   (`""` removes an element, empty fields leave it), so data from other sources survives;
 * - `reference` (every other event): conditional create (`POST` + ifNoneExist): the patient is created
 *   if unknown but never overwritten by an event that is about the visit, not the person.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ · https://hl7.org/fhir/R4/http.html#patch
 */
import type { Identifier, PatientContact, Reference } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { BundleBuilder, JsonPatchOperation } from '../bundle.js';
import type { IssueSink } from '../result.js';
import { identifierKey, mapPid } from '../segments/pid.js';
import { mapPd1 } from '../segments/pd1.js';
import { mapNk1 } from '../segments/nk1.js';
import { CHOICES, carry, partsToPatient, type PatientElement, type PatientParts } from '../segments/patient-parts.js';
import type { MessageTranslation } from './types.js';

/** How the event writes the patient. */
export type PatientMode = 'register' | 'update' | 'reference';

/** The written patient. */
export interface WrittenPatient {
  readonly ref: Reference;
  readonly key: Identifier;
  /** `system|value` of `key`. */
  readonly patientKey: string;
}

/** JSON Patch operations that set / clear exactly the carried elements. */
export function patchOperations(parts: PatientParts): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  // RFC 6902 `remove` fails on a missing member, so a removal is `add` then `remove` (always succeeds).
  const clear = (name: PatientElement): void => {
    ops.push({ op: 'add', path: `/${name}`, value: true }, { op: 'remove', path: `/${name}` });
  };
  for (const [name, value] of Object.entries(parts.set) as Array<[PatientElement, unknown]>) {
    ops.push({ op: 'add', path: `/${name}`, value });
    for (const group of CHOICES) if (group.includes(name)) for (const other of group) if (other !== name && !(other in parts.set)) clear(other);
  }
  for (const name of parts.cleared) clear(name);
  return ops;
}

/** Maps PID / PD1 / NK1 and writes the patient into `bundle` per `mode` (undefined when PID is unusable). */
export function writePatient(t: MessageTranslation, bundle: BundleBuilder, mode: PatientMode, sink: IssueSink): WrittenPatient | undefined {
  const pid = t.message.segment('PID');
  if (pid === undefined) {
    sink.add(hl7Issue('error', '100', `${t.message.type.code ?? ''}^${t.message.type.trigger ?? ''} needs a PID segment`, 'PID'));
    return undefined;
  }
  const parts = sink.take(mapPid(pid, t.ctx));
  if (parts?.key === undefined) return undefined;
  const refs = mode === 'update' ? 'logical' : bundle;
  const pd1 = t.message.segment('PD1');
  if (pd1 !== undefined) sink.take(mapPd1(pd1, t.ctx, parts, refs));
  const contacts: PatientContact[] = [];
  for (const nk1 of t.message.segments('NK1')) {
    const c = sink.take(mapNk1(nk1, t.ctx, refs));
    if (c !== undefined) contacts.push(c);
  }
  const firstNk1 = t.message.segment('NK1');
  if (firstNk1 !== undefined) carry(parts, firstNk1, [2, 3, 4, 5, 6, 7, 13], 'contact', contacts);
  const key = parts.key;
  const patientKey = identifierKey(key) ?? '';
  let ref: Reference;
  switch (mode) {
    case 'register':
      ref = bundle.upsert(partsToPatient(parts), key);
      break;
    case 'reference':
      ref = bundle.createIfAbsent(partsToPatient(parts), key);
      break;
    case 'update':
      ref = bundle.jsonPatch('Patient', key, patchOperations(parts));
      break;
    default:
      throw new Error(`unknown patient mode ${mode satisfies never}`);
  }
  return { ref, key, patientKey };
}
