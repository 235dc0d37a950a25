/**
 * NTE (notes and comments) → FHIR Annotation: NTE-3 (FT, every repetition, formatting turned into
 * plain text with line breaks) → text, NTE-5 (entered by, XCN) → authorString, NTE-6 (entered date/time)
 * → time. Used for Observation.note, ServiceRequest.note, DiagnosticReport (conclusion), Appointment
 * (comment), DocumentReference (description) by the message translators.
 * V2-to-FHIR IG: NTE[ServiceRequest], NTE[Observation] · https://hl7.org/fhir/R4/datatypes.html#Annotation
 */
import type { Annotation, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { parseHl7DateTime } from '../../datatypes/date-time.js';
import { segmentPath } from './segment-path.js';

/** Plain text of every repetition of an FT / TX field, joined by newlines; undefined when empty. */
export function ftText(seg: Hl7Segment, field: number): string | undefined {
  const count = seg.repetitionCount(field);
  const parts: string[] = [];
  for (let r = 1; r <= count; r++) {
    const t = seg.text(`${field}[${r}]`);
    if (t !== undefined && t !== '""') parts.push(t);
  }
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** "Given Family" (or the id) of an XCN at `field` of `seg`, for Annotation.authorString. */
export function xcnDisplay(seg: Hl7Segment, field: number, repetition = 1): string | undefined {
  const part = (c: number): string | undefined => seg.get(`${field}[${repetition}].${c}`) ?? undefined;
  const family = part(2);
  const given = [part(3), part(4)].filter((p): p is string => p !== undefined);
  const name = [part(6), ...given, family, part(5)].filter((p): p is string => p !== undefined).join(' ');
  return name === '' ? part(1) : name;
}

/** Maps one NTE to an Annotation (undefined when NTE-3 is empty). */
export function mapNte(seg: Hl7Segment): { value: Annotation | undefined; issues: OperationOutcomeIssue[] } {
  const text = ftText(seg, 3);
  if (text === undefined) return { value: undefined, issues: [] };
  const issues: OperationOutcomeIssue[] = [];
  const note: Annotation = { text };
  const author = xcnDisplay(seg, 5);
  if (author !== undefined) note.authorString = author;
  const time = seg.get('6.1');
  if (typeof time === 'string') {
    const dt = parseHl7DateTime(time, { location: segmentPath(seg, 6) });
    issues.push(...dt.issues.map((i) => (i.severity === 'error' ? { ...i, severity: 'warning' as const } : i)));
    if (dt.value !== undefined) note.time = dt.value.value;
  }
  return { value: note, issues };
}

/** Maps consecutive NTE segments to Annotations. */
export function mapNotes(segs: readonly Hl7Segment[]): { value: Annotation[]; issues: OperationOutcomeIssue[] } {
  const value: Annotation[] = [];
  const issues: OperationOutcomeIssue[] = [];
  for (const s of segs) {
    const r = mapNte(s);
    if (r.value !== undefined) value.push(r.value);
    issues.push(...r.issues);
  }
  return { value, issues };
}
