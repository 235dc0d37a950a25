/**
 * PR1 → Procedure: code PR1-3 (text PR1-4), performed PR1-5, functional type PR1-6 → category,
 * performers PR1-8 (anesthesiologist), PR1-11 (surgeon), PR1-12 (practitioner), associated diagnosis
 * PR1-15 → reasonCode, identifier PR1-19 (else derived), action PR1-20 (`D` → entered-in-error).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pr1-to-procedure.html
 */
import type { Identifier, Procedure, ProcedurePerformer, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { practitionerRef } from './refs.js';
import { derivedIdentifier } from './derived-id.js';

/** The Procedure and its matching key. */
export interface Pr1Result {
  readonly procedure: Procedure;
  readonly key: Identifier;
}

const PERFORMERS: ReadonlyArray<readonly [number, string]> = [[8, 'Anesthesiologist'], [11, 'Surgeon'], [12, 'Procedure practitioner']];

/** PR1 segment → Procedure (undefined when PR1-3 / PR1-4 are empty). */
export function mapPr1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, subject: Reference, owner: string, encounter?: Reference): Mapped<Pr1Result> {
  const sink = new IssueSink();
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const coded = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx, { table: '0088' }));
  const text = fieldText(seg, 4);
  const code = coded !== undefined ? (text !== undefined && coded.text === undefined ? { ...coded, text } : coded) : text !== undefined ? { text } : undefined;
  if (code === undefined) return sink.result<Pr1Result>(undefined);
  const key = sink.take(eiToIdentifier(fieldElement(seg, 19), ctx, 'other')) ?? derivedIdentifier('procedure', owner, code);
  if (key === undefined) return sink.result<Pr1Result>(undefined);
  const performed = sink.take(dtmToDateTime(fieldText(seg, 5), `${seg.name}-5`, zone));
  const category = sink.take(cweToCodeableConcept(fieldElement(seg, 6), ctx, { table: '0230' }));
  const performer: ProcedurePerformer[] = [];
  for (const [field, role] of PERFORMERS) {
    for (const el of fieldElements(seg, field)) {
      const actor = practitionerRef(el, ctx, bundle);
      if (actor !== undefined) performer.push({ function: { text: role }, actor });
    }
  }
  const reason = sink.take(cweToCodeableConcept(fieldElement(seg, 15), ctx));
  const deleted = fieldText(seg, 20)?.toUpperCase() === 'D';
  const procedure: Procedure = {
    resourceType: 'Procedure',
    identifier: [key],
    status: deleted ? 'entered-in-error' : 'completed',
    ...(category !== undefined ? { category } : {}),
    code,
    subject,
    ...(encounter !== undefined ? { encounter } : {}),
    ...(performed !== undefined ? { performedDateTime: performed } : {}),
    ...(performer.length > 0 ? { performer } : {}),
    ...(reason !== undefined ? { reasonCode: [reason] } : {}),
  };
  return sink.result({ procedure, key });
}
