/**
 * RXE (pharmacy encoded order) and RXO (pharmacy order) → MedicationRequest fields: medication (RXE-2 /
 * RXO-1), dose (RXE-3..5 / RXO-2..4 → doseAndRate doseRange or doseQuantity), instructions (RXE-7 /
 * RXO-7 → dosageInstruction.text), dispense quantity (RXE-10 + RXE-11 / RXO-11 + RXO-12), refills
 * (RXE-12 / RXO-13), rate (RXE-23 + RXE-24).
 * V2-to-FHIR IG: RXO[MedicationRequest] · HL7 v2.5.1 §4A.4.1 (RXE) · https://hl7.org/fhir/R4/medicationrequest.html
 */
import type { CodeableConcept, Dosage, MedicationRequest, OperationOutcomeIssue, Quantity } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { mapUnit } from './obx-units.js';
import { parseDecimal } from './obx-value.js';
import { ftText } from './nte.js';
import { segmentPath } from './segment-path.js';

/** Field numbers of the same items in RXE and RXO. */
const FIELDS = {
  RXE: { code: 2, min: 3, max: 4, units: 5, instructions: 7, dispense: 10, dispenseUnits: 11, refills: 12, rate: 23, rateUnits: 24 },
  RXO: { code: 1, min: 2, max: 3, units: 4, instructions: 7, dispense: 11, dispenseUnits: 12, refills: 13, rate: 21, rateUnits: 22 },
} as const;

/** The MedicationRequest fields of one RXE or RXO (status, intent and subject are set by the caller). */
export function mapPharmacyOrder(seg: Hl7Segment, ctx: Hl7v2TranslateContext): { value: Partial<MedicationRequest>; issues: OperationOutcomeIssue[] } {
  const f = seg.name === 'RXO' ? FIELDS.RXO : FIELDS.RXE;
  const sink = new IssueSink();
  const out: Partial<MedicationRequest> = {};
  let medication: CodeableConcept | undefined = sink.take(cweToCodeableConcept(fieldElement(seg, f.code), ctx));
  if (medication === undefined) {
    sink.add(hl7Issue('warning', '101', `${seg.name}-${f.code} (give / requested code) is empty`, segmentPath(seg, f.code)));
    medication = { text: 'unspecified medication' };
  }
  out.medicationCodeableConcept = medication;
  const dosage: Dosage = {};
  const unit = mapUnit(seg, ctx, f.units);
  const min = parseDecimal(fieldText(seg, f.min));
  const max = parseDecimal(fieldText(seg, f.max));
  if (min !== undefined && max !== undefined && max !== min) dosage.doseAndRate = [{ doseRange: { low: { value: min, ...unit }, high: { value: max, ...unit } } }];
  else if (min !== undefined) dosage.doseAndRate = [{ doseQuantity: { value: min, ...unit } }];
  const rate = parseDecimal(fieldText(seg, f.rate));
  if (rate !== undefined) dosage.doseAndRate = [{ ...(dosage.doseAndRate?.[0] ?? {}), rateQuantity: { value: rate, ...mapUnit(seg, ctx, f.rateUnits) } }];
  const instructions: string[] = [];
  for (let r = 1; r <= seg.repetitionCount(f.instructions); r++) {
    const el = fieldElement(seg, f.instructions, r);
    const t = el.get(2) ?? el.get(1);
    if (t !== undefined) instructions.push(t);
  }
  if (instructions.length === 0) {
    const t = ftText(seg, f.instructions);
    if (t !== undefined) instructions.push(t);
  }
  if (instructions.length > 0) dosage.text = instructions.join('\n');
  if (Object.keys(dosage).length > 0) out.dosageInstruction = [dosage];
  const dispense = parseDecimal(fieldText(seg, f.dispense));
  const refills = fieldText(seg, f.refills);
  const request: NonNullable<MedicationRequest['dispenseRequest']> = {};
  if (dispense !== undefined) request.quantity = { value: dispense, ...mapUnit(seg, ctx, f.dispenseUnits) } satisfies Quantity;
  if (refills !== undefined && /^\d+$/.test(refills)) request.numberOfRepeatsAllowed = Number(refills);
  if (Object.keys(request).length > 0) out.dispenseRequest = request;
  return { value: out, issues: sink.issues };
}
