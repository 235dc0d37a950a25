/**
 * OBR → ServiceRequest fields (code OBR-4, occurrence OBR-6 / OBR-7, requester OBR-16 when ORC-12 is
 * empty, reasonCode OBR-31) and → DiagnosticReport (identifiers OBR-2 / OBR-3, code OBR-4, effective
 * OBR-7 / OBR-8, issued OBR-22, category OBR-24 table 0074, status OBR-25 table 0123).
 * V2-to-FHIR IG: OBR[ServiceRequest], OBR[DiagnosticReport]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-obr-to-diagnosticreport.html
 */
import type { CodeableConcept, DiagnosticReport, OperationOutcomeIssue, ServiceRequest } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept, tableValueToCodeableConcept } from '../datatypes/cwe.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, isInstant, segmentPath } from './segment-path.js';
import { orderIdentifiers, type OrderNumbers } from './orc.js';

const DR_STATUS = ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'] as const;
type DiagnosticReportStatus = (typeof DR_STATUS)[number];

/** OBR-4 (universal service identifier) → CodeableConcept; a placeholder text + warning when empty. */
export function serviceCode(obr: Hl7Segment, ctx: Hl7v2TranslateContext): { value: CodeableConcept; issues: OperationOutcomeIssue[] } {
  const r = cweToCodeableConcept(fieldElement(obr, 4), ctx);
  if (r.value !== undefined) return { value: r.value, issues: r.issues };
  return { value: { text: 'unspecified service' }, issues: [...r.issues, hl7Issue('warning', '101', 'OBR-4 (universal service identifier) is empty', segmentPath(obr, 4))] };
}

/** OBR fields of a ServiceRequest (merged over the ORC fields by the caller). */
export function mapObrToServiceRequest(obr: Hl7Segment, orcRequesterSet: boolean, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): { value: Partial<ServiceRequest>; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const out: Partial<ServiceRequest> = { code: sink.take(serviceCode(obr, ctx)) ?? { text: 'unspecified service' } };
  const requested = sink.take(dateTimeAt(obr, 6, ctx));
  const collected = sink.take(dateTimeAt(obr, 7, ctx));
  if (requested !== undefined) out.occurrenceDateTime = requested;
  else if (collected !== undefined) out.occurrenceDateTime = collected;
  if (!orcRequesterSet) {
    const requester = xcnToReference(fieldElement(obr, 16), ctx, bundle);
    if (requester !== undefined) out.requester = requester;
  }
  const reasons: CodeableConcept[] = [];
  for (const el of fieldElements(obr, 31)) {
    const cc = sink.take(cweToCodeableConcept(el, ctx));
    if (cc !== undefined) reasons.push(cc);
  }
  if (reasons.length > 0) out.reasonCode = reasons;
  return { value: out, issues: sink.issues };
}

/** OBR-25 → DiagnosticReport.status via table 0123's ConceptMap (`unknown` + warning when unmapped or empty). */
export function reportStatus(obr: Hl7Segment, ctx: Hl7v2TranslateContext): { value: DiagnosticReportStatus; issues: OperationOutcomeIssue[] } {
  const raw = fieldText(obr, 25);
  if (raw === undefined) return { value: 'unknown', issues: [] };
  const r = mapTableCode<DiagnosticReportStatus>(ctx, '0123', raw, 'http://hl7.org/fhir/diagnostic-report-status', segmentPath(obr, 25), { allowed: DR_STATUS, fallback: 'unknown' });
  return { value: r.code ?? 'unknown', issues: r.issues };
}

/** OBR → DiagnosticReport (subject, result, basedOn and specimen are linked by the message translator). */
export function mapObrToDiagnosticReport(obr: Hl7Segment, numbers: OrderNumbers, ctx: Hl7v2TranslateContext): { value: DiagnosticReport; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const status = sink.take(reportStatus(obr, ctx)) ?? 'unknown';
  const code = sink.take(serviceCode(obr, ctx)) ?? { text: 'unspecified service' };
  const dr: DiagnosticReport = { resourceType: 'DiagnosticReport', status, code };
  const identifier = orderIdentifiers(numbers);
  if (identifier.length > 0) dr.identifier = identifier;
  const start = sink.take(dateTimeAt(obr, 7, ctx));
  const end = sink.take(dateTimeAt(obr, 8, ctx));
  if (start !== undefined && end !== undefined) dr.effectivePeriod = { start, end };
  else if (start !== undefined) dr.effectiveDateTime = start;
  const issued = sink.take(dateTimeAt(obr, 22, ctx));
  if (issued !== undefined && isInstant(issued)) dr.issued = issued;
  const section = fieldText(obr, 24);
  if (section !== undefined) {
    const cat = sink.take(tableValueToCodeableConcept(section, '0074', ctx, segmentPath(obr, 24)));
    if (cat !== undefined) dr.category = [cat];
  }
  const interpreter = obr.get('32.1.1');
  if (typeof interpreter === 'string') {
    const name = [obr.get('32.1.3'), obr.get('32.1.2')].filter((p): p is string => typeof p === 'string').join(' ');
    dr.resultsInterpreter = [{ display: name === '' ? interpreter : name }];
  }
  return { value: dr, issues: sink.issues };
}
