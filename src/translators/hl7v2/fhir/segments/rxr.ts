/**
 * RXR (pharmacy route) → route (RXR-1, table 0162) and site (RXR-2, table 0163) of an Immunization,
 * MedicationAdministration dosage or MedicationRequest dosageInstruction.
 * V2-to-FHIR IG: RXR[Immunization], RXR[MedicationRequest]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-rxr-to-immunization.html
 */
import type { CodeableConcept, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { fieldElement } from '../element.js';
import { IssueSink } from '../result.js';

/** Route and site of administration. */
export interface RouteAndSite {
  readonly route?: CodeableConcept;
  readonly site?: CodeableConcept;
}

/** Maps one RXR segment. */
export function mapRxr(rxr: Hl7Segment | undefined, ctx: Hl7v2TranslateContext): { value: RouteAndSite; issues: OperationOutcomeIssue[] } {
  if (rxr === undefined) return { value: {}, issues: [] };
  const sink = new IssueSink();
  const route = sink.take(cweToCodeableConcept(fieldElement(rxr, 1), ctx, { table: '0162' }));
  const site = sink.take(cweToCodeableConcept(fieldElement(rxr, 2), ctx, { table: '0163' }));
  return { value: { ...(route !== undefined ? { route } : {}), ...(site !== undefined ? { site } : {}) }, issues: sink.issues };
}
