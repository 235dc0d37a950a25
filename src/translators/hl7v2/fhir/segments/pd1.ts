/**
 * PD1 → Patient: primary care provider (PD1-4, XCN) and primary facility (PD1-3, XON) as
 * `generalPractitioner`. https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pd1-to-patient.html
 */
import type { Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElements } from '../element.js';
import type { Mapped } from '../result.js';
import { carry, type PatientParts } from './patient-parts.js';
import { organizationRef, practitionerRef, type RefTarget } from './refs.js';

/** Adds the PD1 elements to `parts`. */
export function mapPd1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, parts: PatientParts, refs: RefTarget): Mapped<PatientParts> {
  const gp: Reference[] = [];
  for (const el of fieldElements(seg, 4)) {
    const r = practitionerRef(el, ctx, refs);
    if (r !== undefined) gp.push(r);
  }
  for (const el of fieldElements(seg, 3)) {
    const r = organizationRef(el, ctx, refs);
    if (r !== undefined) gp.push(r);
  }
  carry(parts, seg, [3, 4], 'generalPractitioner', gp);
  return { value: parts, issues: [] };
}
