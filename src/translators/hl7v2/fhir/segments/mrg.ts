/**
 * MRG (merge patient information): the prior patient identifiers MRG-1 (the first is the old record's
 * key), prior visit number MRG-5, prior patient name MRG-7.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT_A40 message map: MRG → Patient.link)
 */
import type { Identifier } from 'fhir/r4.js';
import { hl7Issue, type Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldElements } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cxToIdentifier } from '../datatypes/cx.js';

/** The identifiers of the record being merged away. */
export interface MrgResult {
  /** MRG-1 identifiers (first = key of the old Patient). */
  readonly priorIdentifiers: Identifier[];
  /** MRG-5 prior visit number. */
  readonly priorVisit: Identifier | undefined;
}

/** MRG segment → the prior identifiers (an error issue when MRG-1 is empty). */
export function mapMrg(seg: Hl7Segment, ctx: Hl7v2TranslateContext): Mapped<MrgResult> {
  const sink = new IssueSink();
  const priorIdentifiers = fieldElements(seg, 1).map((el) => sink.take(cxToIdentifier(el, ctx, 'patient'))).filter((i): i is Identifier => i !== undefined);
  if (priorIdentifiers.length === 0) sink.add(hl7Issue('error', '101', 'MRG-1 (prior patient identifier list) is empty', `${seg.name}-1`));
  const priorVisit = sink.take(cxToIdentifier(fieldElement(seg, 5), ctx, 'visit'));
  return sink.result({ priorIdentifiers, priorVisit });
}
