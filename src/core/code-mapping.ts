/**
 * CodeMapper: the synchronous translate API that pure translators (HL7 v2, X12, vendor JSON) call for
 * every code they emit. An adapter (terminology/mapping) answers from ConceptMaps, per-integration maps
 * first, then the shipped ones. Translators receive it in their context, so they stay pure and testable.
 * https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { Coding, OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from './outcomes.js';

/** One code to map. */
export interface CodeToMap {
  /** Source code system url (e.g. `http://terminology.hl7.org/CodeSystem/v2-0001`). */
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  /**
   * What the caller needs: a target code system url or a target ValueSet url (the FHIR element's
   * binding). Undefined = any mapping found.
   */
  readonly target?: string;
}

/** Where a code came from, for per-integration maps and the mapping-gap report. Never patient data. */
export interface MappingSource {
  /** Integration / sender id, e.g. `hl7v2:LAB^HOSP` or an integration name. */
  readonly source: string;
}

/** The answer: the mapped codings (if any) followed by the original coding, never an invented system. */
export interface MappedCode {
  /** Mapped codings first, then the original coding (always present, as received). */
  readonly codings: readonly Coding[];
  /** True when at least one mapped coding was found. */
  readonly mapped: boolean;
  /** `url|version` of each ConceptMap that produced a mapped coding (for Provenance / meta). */
  readonly maps: readonly string[];
}

/** The mapping API translators call. Implementations count unmapped codes in the mapping-gap report. */
export interface CodeMapper {
  map(input: CodeToMap, from: MappingSource): MappedCode;
}

/** A CodeMapper that maps nothing: keeps the original coding (tests, deployments without maps). */
export const identityCodeMapper: CodeMapper = {
  map(input) {
    const original: Coding = { system: input.system, code: input.code, ...(input.display !== undefined ? { display: input.display } : {}) };
    return { codings: [original], mapped: false, maps: [] };
  },
};

/**
 * `meta.tag` system recording which ConceptMap version mapped a resource's codes: one tag per map, code
 * `url|version` (the `maps` of a MappedCode). The re-map job finds resources by it when a map changes.
 * https://hl7.org/fhir/R4/resource.html#tag
 */
export const CONCEPT_MAP_VERSION_TAG_SYSTEM = 'https://lyfeai.dev/fhir/CodeSystem/concept-map-version';

/** The `meta.tag` codings for the maps used (deduplicated, in first-seen order). */
export function conceptMapVersionTags(maps: Iterable<string>): Coding[] {
  const seen = new Set<string>();
  const out: Coding[] = [];
  for (const m of maps) {
    if (seen.has(m)) continue;
    seen.add(m);
    out.push({ system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: m });
  }
  return out;
}

/** `details.coding` of the unmapped-code warning, so consumers can find it without reading prose. */
export const UNMAPPED_CODE_ISSUE: Readonly<Coding> = Object.freeze({ system: 'https://lyfeai.dev/fhir/CodeSystem/issue-detail', code: 'unmapped-code' });

/**
 * The warning a translator adds when `map` found nothing for `input` (the original coding is kept).
 * `expression` locates the element (FHIRPath or v2 / X12 location, e.g. `PID-8`).
 * https://hl7.org/fhir/R4/operationoutcome.html
 */
export function unmappedIssue(input: CodeToMap, expression: string): OperationOutcomeIssue {
  const to = input.target === undefined ? '' : ` to ${input.target}`;
  const out = issue('warning', 'code-invalid', `No mapping for ${input.system}|${input.code}${to}; the original coding is kept`, expression);
  out.details = { coding: [{ ...UNMAPPED_CODE_ISSUE }] };
  return out;
}
