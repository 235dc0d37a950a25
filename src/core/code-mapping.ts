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

/**
 * `meta.tag` of `meta` plus the version tags of `maps` (existing tags of the same maps replaced), for
 * a translator that records which map versions produced a resource's codes.
 */
export function withConceptMapVersionTags<M extends { tag?: Coding[] }>(meta: M | undefined, maps: Iterable<string>): M | { tag: Coding[] } {
  const added = conceptMapVersionTags(maps);
  if (added.length === 0) return meta ?? { tag: [] };
  const urls = new Set(added.map((t) => (t.code ?? '').split('|')[0]));
  const kept = (meta?.tag ?? []).filter((t) => t.system !== CONCEPT_MAP_VERSION_TAG_SYSTEM || !urls.has((t.code ?? '').split('|')[0]));
  return { ...(meta ?? {}), tag: [...kept, ...added] } as M | { tag: Coding[] };
}

/**
 * Wraps `mapper` to collect the `maps` of every answer (e.g. one per message or per resource being
 * built); `used()` lists them in first-use order, `reset()` starts a new collection.
 */
export function recordingCodeMapper(mapper: CodeMapper): { readonly mapper: CodeMapper; used(): string[]; reset(): void } {
  const seen = new Set<string>();
  return {
    mapper: {
      map(input, from) {
        const out = mapper.map(input, from);
        for (const m of out.maps) seen.add(m);
        return out;
      },
    },
    used: () => [...seen],
    reset: () => seen.clear(),
  };
}
