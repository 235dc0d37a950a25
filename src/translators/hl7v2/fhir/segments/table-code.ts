/**
 * HL7 v2 table values (ID / IS fields such as OBX-11, OBR-25, ORC-5) → FHIR codes, always through the
 * CodeMapper (the V2-to-FHIR ConceptMaps in terminology/v2-to-fhir/). Nothing is hard-coded here: when a
 * value has no mapping the caller's fallback is used (for required `code` elements) and a warning names
 * the field, so the gap is visible and counted.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (ConceptMaps) · https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { CodeableConcept, Coding, OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { v2TableUri } from '../datatypes/coding-systems.js';
import { unmappedV2Issue } from '../datatypes/unmapped.js';


/** The result of mapping one table value to a code in a target FHIR code system. */
export interface TableCodeResult<T extends string> {
  /** The FHIR code (mapped, else the fallback, else undefined). */
  readonly code: T | undefined;
  /** Mapped codings then the original v2 coding (for CodeableConcepts and extensions). */
  readonly codings: readonly Coding[];
  readonly issues: OperationOutcomeIssue[];
}

/**
 * Maps v2 `table` value `value` to a code of FHIR system `target` (e.g. `http://hl7.org/fhir/observation-status`).
 * `allowed` restricts the answer to the element's required value set; `fallback` is used (with a warning)
 * when nothing allowed is found. `location` is the v2 field, e.g. `OBX[3]-11`.
 */
export function mapTableCode<T extends string>(
  ctx: Hl7v2TranslateContext,
  table: string,
  value: string | undefined,
  target: string,
  location: string,
  options: { readonly allowed?: readonly T[]; readonly fallback?: T } = {},
): TableCodeResult<T> {
  if (value === undefined) return { code: options.fallback, codings: [], issues: [] };
  const system = v2TableUri(table);
  const input = { system, code: value, target };
  const answer = ctx.codes.map(input, { source: ctx.source });
  const hit = answer.codings.find((c) => c.system === target && c.code !== undefined && (options.allowed === undefined || (options.allowed as readonly string[]).includes(c.code)));
  if (hit?.code !== undefined) return { code: hit.code as T, codings: answer.codings, issues: [] };
  const what = options.fallback === undefined ? 'left out' : `'${options.fallback}' used`;
  return {
    code: options.fallback,
    codings: answer.codings,
    issues: [unmappedV2Issue(input, location, `table ${table} value '${value}' has no mapping to ${target}; ${what}`)],
  };
}

/** A CodeableConcept of the codings of a table mapping (mapped first, then the original). */
export function tableConcept(result: TableCodeResult<string>): CodeableConcept | undefined {
  return result.codings.length === 0 ? undefined : { coding: [...result.codings] };
}
