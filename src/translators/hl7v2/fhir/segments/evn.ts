/**
 * EVN → Provenance parts: event reason EVN-4 (table 0062) → reason, operator EVN-5 → an `enterer`
 * agent (logical Practitioner reference), event occurred EVN-6 → occurredDateTime. EVN-2 is the event
 * time used for ordering (see translate.ts).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-evn-to-provenance.html
 */
import type { CodeableConcept, ProvenanceAgent } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { practitionerRef } from './refs.js';

/** What EVN adds to the Provenance. */
export interface EvnResult {
  readonly reason: CodeableConcept | undefined;
  readonly enterer: ProvenanceAgent | undefined;
  readonly occurred: string | undefined;
}

/** EVN segment → Provenance reason / agent / occurrence. */
export function mapEvn(seg: Hl7Segment, ctx: Hl7v2TranslateContext): Mapped<EvnResult> {
  const sink = new IssueSink();
  const reason = sink.take(cweToCodeableConcept(fieldElement(seg, 4), ctx, { table: '0062', target: 'http://terminology.hl7.org/CodeSystem/v3-ActReason' }));
  const who = practitionerRef(fieldElement(seg, 5), ctx, 'logical');
  const occurred = sink.take(dtmToDateTime(fieldText(seg, 6), `${seg.name}-6`, ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {}));
  const enterer: ProvenanceAgent | undefined = who === undefined ? undefined : {
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'enterer' }] },
    who,
  };
  return sink.result({ reason, enterer, occurred });
}
