/**
 * EI (entity identifier: id ^ namespace id ^ universal id ^ universal id type) → Identifier, system from
 * the namespace through `ctx.identifierSystem`. Also EIP (placer ^ filler) via `child(1)` / `child(2)`.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-ei-to-identifier-system.html
 */
import type { Identifier } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { Mapped } from '../result.js';
import type { IdentifierKind } from './cx.js';

/** EI element → Identifier (undefined when EI.1 is empty). */
export function eiToIdentifier(el: V2Element, ctx: Hl7v2TranslateContext, kind: IdentifierKind = 'other'): Mapped<Identifier> {
  const value = el.get(1);
  if (value === undefined) return { value: undefined, issues: [] };
  return { value: { system: ctx.identifierSystem(el.get(2) ?? el.get(3), kind), value }, issues: [] };
}
