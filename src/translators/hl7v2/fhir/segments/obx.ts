/**
 * OBX → Observation (without subject / encounter / basedOn, which the message translator links):
 * OBX-3 code, OBX-5 value by OBX-2 (repeating values become components, text types are joined),
 * OBX-6 units, OBX-7 reference range, OBX-8 interpretation (table 0078), OBX-11 status (table 0085),
 * OBX-14 effective time, OBX-16 / OBX-23 performers, OBX-17 method, OBX-20 body site, OBX-21 identifier.
 * V2-to-FHIR IG: OBX[Observation], OBX[Observation-Component]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-obx-to-observation.html
 */
import type { Attachment, CodeableConcept, Observation, ObservationReferenceRange, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import { hl7Issue } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { mapObxValue, parseDecimal, type ObxValue } from './obx-value.js';
import { mapUnit } from './obx-units.js';
import { mapTableCode } from './table-code.js';
import { xcnDisplay } from './nte.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

/** Observation.status codes (required binding). */
export const OBSERVATION_STATUS = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] as const;
type ObservationStatus = (typeof OBSERVATION_STATUS)[number];

const TEXT_TYPES = new Set(['ST', 'TX', 'FT']);
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** What `mapObx` returns: the Observation and the embedded document (ED / RP), if any. */
export interface MappedObx {
  readonly observation: Observation;
  /** ED / RP values: the message translator puts them on DiagnosticReport.presentedForm / DocumentReference. */
  readonly attachments: readonly Attachment[];
}

/** OBX-7 text → referenceRange with low / high when it reads `a-b`, `<b` or `>a`. */
export function referenceRange(seg: Hl7Segment, ctx: Hl7v2TranslateContext): ObservationReferenceRange | undefined {
  const text = fieldText(seg, 7);
  if (text === undefined) return undefined;
  const unit = mapUnit(seg, ctx);
  const range: ObservationReferenceRange = { text };
  const m = /^\s*([+-]?[\d.]+)\s*-\s*([+-]?[\d.]+)\s*$/.exec(text);
  const low = m === null ? (/^\s*>=?\s*([\d.]+)\s*$/.exec(text)?.[1]) : m[1];
  const high = m === null ? (/^\s*<=?\s*([\d.]+)\s*$/.exec(text)?.[1]) : m[2];
  const lo = parseDecimal(low);
  const hi = parseDecimal(high);
  if (lo !== undefined) range.low = { value: lo, ...unit };
  if (hi !== undefined) range.high = { value: hi, ...unit };
  return range;
}

/** OBX-11 → Observation.status through table 0085's ConceptMap (`unknown` + warning when unmapped). */
export function observationStatus(seg: Hl7Segment, ctx: Hl7v2TranslateContext): { value: ObservationStatus; issues: OperationOutcomeIssue[] } {
  const raw = fieldText(seg, 11);
  const where = segmentPath(seg, 11);
  if (raw === undefined) return { value: 'unknown', issues: [hl7Issue('warning', '101', 'OBX-11 (result status) is empty; status unknown', where)] };
  const r = mapTableCode<ObservationStatus>(ctx, '0085', raw, 'http://hl7.org/fhir/observation-status', where, { allowed: OBSERVATION_STATUS, fallback: 'unknown' });
  return { value: r.code ?? 'unknown', issues: r.issues };
}

/** Maps one OBX segment. */
export function mapObx(seg: Hl7Segment, ctx: Hl7v2TranslateContext): { value: MappedObx; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const status = observationStatus(seg, ctx);
  sink.add(...status.issues);
  let code = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx));
  if (code === undefined) {
    sink.add(hl7Issue('warning', '101', 'OBX-3 (observation identifier) is empty', segmentPath(seg, 3)));
    code = { text: 'unspecified observation' };
  }
  const obs: Observation = { resourceType: 'Observation', status: status.value, code };

  const filler = eiToIdentifier(fieldElement(seg, 21), ctx, 'filler').value;
  if (filler !== undefined) obs.identifier = [filler];

  // OBX-5: one value, or one component per repetition (text types are joined into one string).
  const type = (fieldText(seg, 2) ?? (seg.repetitionCount(5) > 0 ? 'ST' : '')).toUpperCase();
  const reps = seg.repetitionCount(5);
  const values: ObxValue[] = [];
  const attachments: Attachment[] = [];
  if (TEXT_TYPES.has(type) && reps > 1) {
    const parts: string[] = [];
    for (let r = 1; r <= reps; r++) parts.push(seg.text(`5[${r}]`) ?? '');
    values.push({ value: { valueString: parts.join('\n') } });
  } else {
    for (let r = 1; r <= reps; r++) {
      const v = sink.take(mapObxValue(seg, ctx, type, r, segmentPath(seg, 5)));
      if (v !== undefined) values.push(v);
    }
  }
  for (const v of values) if (v.attachment !== undefined) attachments.push(v.attachment);
  const plain = values.filter((v) => Object.keys(v.value).length > 0);
  if (plain.length === 1) Object.assign(obs, plain[0]?.value);
  else if (plain.length > 1) obs.component = plain.map((v) => ({ code, ...v.value }));
  if (attachments[0] !== undefined && plain.length === 0) {
    // R4 Observation.value[x] has no Attachment: the R5 cross-version extension carries it.
    obs.extension = [{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.value', valueAttachment: attachments[0] }];
  }

  const range = referenceRange(seg, ctx);
  if (range !== undefined) obs.referenceRange = [range];
  const interpretation: CodeableConcept[] = [];
  for (const el of fieldElements(seg, 8)) {
    const cc = sink.take(cweToCodeableConcept(el, ctx, { table: '0078', target: INTERPRETATION }));
    if (cc !== undefined) interpretation.push(cc);
  }
  if (interpretation.length > 0) obs.interpretation = interpretation;

  const effective = sink.take(dateTimeAt(seg, 14, ctx));
  if (effective !== undefined) obs.effectiveDateTime = effective;
  const method = sink.take(cweToCodeableConcept(fieldElement(seg, 17), ctx));
  if (method !== undefined) obs.method = method;
  const bodySite = sink.take(cweToCodeableConcept(fieldElement(seg, 20), ctx));
  if (bodySite !== undefined) obs.bodySite = bodySite;

  const performer: Reference[] = [];
  for (let r = 1; r <= seg.repetitionCount(16); r++) {
    const name = xcnDisplay(seg, 16, r);
    if (name !== undefined) performer.push({ type: 'Practitioner', display: name });
  }
  const lab = seg.get('23.1');
  if (typeof lab === 'string') performer.push({ type: 'Organization', display: lab });
  if (performer.length > 0) obs.performer = performer;

  return { value: { observation: obs, attachments }, issues: sink.issues };
}
