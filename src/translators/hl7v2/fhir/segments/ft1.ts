/**
 * FT1 (financial transaction) → ChargeItem: identifier FT1-2 (transaction id), code FT1-7 (transaction
 * code, table 0132), occurrence FT1-4 (DR), quantity FT1-10, price FT1-11 (CP: MO amount & currency),
 * performer FT1-20, enterer FT1-24 (else FT1-21 ordered by), reason FT1-19 (diagnoses), service FT1-25
 * (procedure code) as `productCodeableConcept` when no FT1-7. Status `billable`; a credit / reversal
 * (FT1-6 `CR`) is still `billable` with a negative price as sent.
 * https://hl7.org/fhir/R4/chargeitem.html · HL7 v2.5.1 §6.5.2 (FT1)
 */
import type { ChargeItem, CodeableConcept, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { parseDecimal } from './obx-value.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

/** Maps one FT1 (subject and context are set by the caller). */
export function mapFt1(ft1: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, subject: Reference): { value: ChargeItem; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  let code: CodeableConcept | undefined = sink.take(cweToCodeableConcept(fieldElement(ft1, 7), ctx, { table: '0132' }));
  const procedure = sink.take(cweToCodeableConcept(fieldElement(ft1, 25), ctx));
  if (code === undefined) code = procedure;
  if (code === undefined) {
    sink.add(hl7Issue('warning', '101', 'FT1-7 (transaction code) is empty', segmentPath(ft1, 7)));
    code = { text: fieldText(ft1, 8) ?? 'unspecified charge' };
  }
  const item: ChargeItem = { resourceType: 'ChargeItem', status: 'billable', code, subject };
  const id = fieldText(ft1, 2);
  if (id !== undefined) item.identifier = [{ system: ctx.identifierSystem(ft1.get('2.4') ?? undefined, 'other'), value: id }];
  const start = sink.take(dateTimeAt(ft1, 4, ctx, 1));
  const end = sink.take(dateTimeAt(ft1, 4, ctx, 2));
  if (start !== undefined && end !== undefined && end !== start) item.occurrencePeriod = { start, end };
  else if (start !== undefined) item.occurrenceDateTime = start;
  const quantity = parseDecimal(fieldText(ft1, 10));
  if (quantity !== undefined) item.quantity = { value: quantity };
  const amount = parseDecimal(ft1.get('11.1.1') ?? undefined);
  const currency = ft1.get('11.1.2') ?? undefined;
  if (amount !== undefined) item.priceOverride = { value: amount, ...(currency !== undefined && /^[A-Z]{3}$/.test(currency) ? { currency } : {}) };
  const performer = xcnToReference(fieldElement(ft1, 20), ctx, bundle);
  if (performer !== undefined) item.performer = [{ actor: performer }];
  const enterer = xcnToReference(fieldElement(ft1, 24), ctx, bundle) ?? xcnToReference(fieldElement(ft1, 21), ctx, bundle);
  if (enterer !== undefined) item.enterer = enterer;
  const reasons = fieldElements(ft1, 19).map((el) => sink.take(cweToCodeableConcept(el, ctx))).filter((c): c is CodeableConcept => c !== undefined);
  if (reasons.length > 0) item.reason = reasons;
  if (procedure !== undefined && procedure !== code) item.productCodeableConcept = procedure;
  return { value: item, issues: sink.issues };
}
