/**
 * RXA (pharmacy / treatment administration) → Immunization (VXU) or MedicationAdministration (RAS):
 * administered code RXA-5, time RXA-3 (/ RXA-4), dose RXA-6 + RXA-7 units, administering provider
 * RXA-10, lot RXA-15, expiry RXA-16, manufacturer RXA-17, refusal reason RXA-18, indication RXA-19,
 * completion status RXA-20 (table 0322), action code RXA-21 (`D` = entered in error).
 * V2-to-FHIR IG: RXA[Immunization] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-rxa-to-immunization.html
 */
import type { CodeableConcept, Immunization, MedicationAdministration, OperationOutcomeIssue, Quantity, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { dtToDate } from '../datatypes/dtm.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { mapUnit } from './obx-units.js';
import { parseDecimal } from './obx-value.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

const EVENT_STATUS = 'http://hl7.org/fhir/event-status';
const PERFORMER_FUNCTION = 'http://terminology.hl7.org/CodeSystem/v2-0443';

/** RXA-5 → CodeableConcept (placeholder text + warning when empty). */
function administered(rxa: Hl7Segment, ctx: Hl7v2TranslateContext, sink: IssueSink): CodeableConcept {
  const cc = sink.take(cweToCodeableConcept(fieldElement(rxa, 5), ctx));
  if (cc !== undefined) return cc;
  sink.add(hl7Issue('warning', '101', 'RXA-5 (administered code) is empty', segmentPath(rxa, 5)));
  return { text: 'unspecified' };
}

/** RXA-6 + RXA-7 → Quantity (999 means "unknown amount" in v2 and is left out). */
function dose(rxa: Hl7Segment, ctx: Hl7v2TranslateContext): Quantity | undefined {
  const amount = parseDecimal(fieldText(rxa, 6));
  if (amount === undefined || amount === 999) return undefined;
  return { value: amount, ...mapUnit(rxa, ctx, 7) };
}

/** RXA-20 / RXA-21 → a status among `allowed` (through table 0322's ConceptMap to event-status). */
function status<T extends string>(rxa: Hl7Segment, ctx: Hl7v2TranslateContext, allowed: readonly T[], fallback: T, sink: IssueSink): T {
  if (fieldText(rxa, 21)?.toUpperCase() === 'D') return 'entered-in-error' as T;
  const raw = fieldText(rxa, 20);
  if (raw === undefined) return fallback;
  const r = mapTableCode<T>(ctx, '0322', raw, EVENT_STATUS, segmentPath(rxa, 20), { allowed, fallback });
  sink.add(...r.issues);
  return r.code ?? fallback;
}

/** RXA → Immunization (patient and identifiers are set by the message translator). */
export function mapRxaToImmunization(rxa: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, patient: Reference): { value: Immunization; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const imm: Immunization = {
    resourceType: 'Immunization',
    status: status(rxa, ctx, ['completed', 'entered-in-error', 'not-done'] as const, 'completed', sink),
    vaccineCode: administered(rxa, ctx, sink),
    patient,
    occurrenceString: 'unknown',
  };
  const when = sink.take(dateTimeAt(rxa, 3, ctx));
  if (when !== undefined) {
    delete imm.occurrenceString;
    imm.occurrenceDateTime = when;
  } else {
    sink.add(hl7Issue('warning', '101', 'RXA-3 (date/time start of administration) is empty', segmentPath(rxa, 3)));
  }
  const q = dose(rxa, ctx);
  if (q !== undefined) imm.doseQuantity = q;
  const performer = xcnToReference(fieldElement(rxa, 10), ctx, bundle);
  if (performer !== undefined) imm.performer = [{ function: { coding: [{ system: PERFORMER_FUNCTION, code: 'AP' }] }, actor: performer }];
  const lot = fieldText(rxa, 15);
  if (lot !== undefined) imm.lotNumber = lot;
  const expiry = sink.take(dtToDate(fieldText(rxa, 16), segmentPath(rxa, 16)));
  if (expiry !== undefined) imm.expirationDate = expiry;
  const mvx = fieldElement(rxa, 17);
  const maker = mvx.get(2) ?? mvx.get(1);
  if (maker !== undefined) imm.manufacturer = { display: maker, ...(mvx.get(1) !== undefined ? { identifier: { system: 'http://terminology.hl7.org/CodeSystem/MVX', value: mvx.get(1) as string } } : {}) };
  const refusal = sink.take(cweToCodeableConcept(fieldElement(rxa, 18), ctx));
  if (refusal !== undefined) imm.statusReason = refusal;
  const reasons = fieldElements(rxa, 19).map((el) => sink.take(cweToCodeableConcept(el, ctx))).filter((c): c is CodeableConcept => c !== undefined);
  if (reasons.length > 0) imm.reasonCode = reasons;
  const recorded = sink.take(dateTimeAt(rxa, 22, ctx));
  if (recorded !== undefined) imm.recorded = recorded;
  return { value: imm, issues: sink.issues };
}

/** RXA → MedicationAdministration (subject, request and context are set by the message translator). */
export function mapRxaToMedicationAdministration(rxa: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, subject: Reference, fallbackTime: string | undefined): { value: MedicationAdministration; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const start = sink.take(dateTimeAt(rxa, 3, ctx));
  const end = sink.take(dateTimeAt(rxa, 4, ctx));
  const ma: MedicationAdministration = {
    resourceType: 'MedicationAdministration',
    status: status(rxa, ctx, ['in-progress', 'not-done', 'on-hold', 'completed', 'entered-in-error', 'stopped', 'unknown'] as const, 'completed', sink),
    medicationCodeableConcept: administered(rxa, ctx, sink),
    subject,
    ...(start !== undefined && end !== undefined && end !== start ? { effectivePeriod: { start, end } } : { effectiveDateTime: start ?? fallbackTime ?? '' }),
  };
  if (start === undefined) {
    // effective[x] is required: the message's event time stands in, said so in a warning.
    const severity = fallbackTime === undefined ? 'error' : 'warning';
    sink.add(hl7Issue(severity, '101', `RXA-3 (date/time start of administration) is empty${fallbackTime === undefined ? '' : '; the message time is used'}`, segmentPath(rxa, 3)));
  }
  const q = dose(rxa, ctx);
  if (q !== undefined) ma.dosage = { dose: q };
  const performer = xcnToReference(fieldElement(rxa, 10), ctx, bundle);
  if (performer !== undefined) ma.performer = [{ actor: performer }];
  const refusal = sink.take(cweToCodeableConcept(fieldElement(rxa, 18), ctx));
  if (refusal !== undefined) ma.statusReason = [refusal];
  const reasons = fieldElements(rxa, 19).map((el) => sink.take(cweToCodeableConcept(el, ctx))).filter((c): c is CodeableConcept => c !== undefined);
  if (reasons.length > 0) ma.reasonCode = reasons;
  return { value: ma, issues: sink.issues };
}
