/**
 * TQ1 → ServiceRequest / MedicationRequest timing: start / end (TQ1-7 / TQ1-8) → occurrencePeriod or
 * occurrenceDateTime, priority TQ1-9 (table 0485 → request-priority), text instruction TQ1-11 → note.
 * V2-to-FHIR IG: TQ1[ServiceRequest], TQ1[MedicationRequest]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-tq1-to-servicerequest.html
 */
import type { Annotation, OperationOutcomeIssue, Period } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { IssueSink } from '../result.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

const PRIORITY = ['routine', 'urgent', 'asap', 'stat'] as const;
type RequestPriority = (typeof PRIORITY)[number];

/** What TQ1 contributes to a request. */
export interface Tq1Timing {
  readonly occurrenceDateTime?: string;
  readonly occurrencePeriod?: Period;
  readonly priority?: RequestPriority;
  readonly note?: Annotation;
}

/** Maps one TQ1 segment. */
export function mapTq1(tq1: Hl7Segment, ctx: Hl7v2TranslateContext): { value: Tq1Timing; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const start = sink.take(dateTimeAt(tq1, 7, ctx));
  const end = sink.take(dateTimeAt(tq1, 8, ctx));
  const out: { -readonly [K in keyof Tq1Timing]: Tq1Timing[K] } = {};
  if (end !== undefined) out.occurrencePeriod = { ...(start !== undefined ? { start } : {}), end };
  else if (start !== undefined) out.occurrenceDateTime = start;
  const priority = tq1.get('9.1');
  if (typeof priority === 'string') {
    const r = mapTableCode<RequestPriority>(ctx, '0485', priority, 'http://hl7.org/fhir/request-priority', segmentPath(tq1, 9), { allowed: PRIORITY });
    sink.add(...r.issues);
    if (r.code !== undefined) out.priority = r.code;
  }
  const text = tq1.get('11');
  if (typeof text === 'string') out.note = { text };
  return { value: out, issues: sink.issues };
}
