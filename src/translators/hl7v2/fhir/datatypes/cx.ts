/**
 * CX → Identifier: value CX.1, system from the assigning authority CX.4 through `ctx.identifierSystem`,
 * type CX.5 (table 0203), period CX.7–CX.8.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-cx-to-identifier.html
 */
import type { Identifier } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { tableValueToCodeableConcept } from './cwe.js';
import { dtmToDateTime } from './dtm.js';
import { hdAuthority } from './hd.js';

/** Identifier kinds understood by `ctx.identifierSystem`. */
export type IdentifierKind = Parameters<Hl7v2TranslateContext['identifierSystem']>[1];

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** CX element → Identifier (undefined when CX.1 is empty). */
export function cxToIdentifier(el: V2Element, ctx: Hl7v2TranslateContext, kind: IdentifierKind = 'patient'): Mapped<Identifier> {
  const value = el.get(1);
  if (value === undefined) return { value: undefined, issues: [] };
  const sink = new IssueSink();
  const type = sink.take(tableValueToCodeableConcept(el.get(5), '0203', ctx, `${el.location}.5`, V2_0203));
  const start = sink.take(dtmToDateTime(el.get(7), `${el.location}.7`));
  const end = sink.take(dtmToDateTime(el.get(8), `${el.location}.8`));
  const id: Identifier = {
    ...(type !== undefined ? { type } : {}),
    system: ctx.identifierSystem(hdAuthority(el.child(4)), kind),
    value,
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  };
  return sink.result(id);
}
