/**
 * The neutral search model shared by index extraction, the URL parser and every store adapter.
 * https://hl7.org/fhir/R4/search.html
 *
 * Flow: SearchParameter definitions → `SearchParamDef` (registry) → at write time the extractor turns a
 * resource into `IndexEntry[]`; at read time the parser turns a URL into a `SearchRequest` that each
 * adapter compiles its own way (SQL over index tables, a filter document over index arrays).
 */
import type { Resource } from 'fhir/r4.js';

/** The nine R4 search parameter types (`special` is listed but only `_id`-like specials are indexed). */
export type SearchParamType =
  | 'number'
  | 'date'
  | 'string'
  | 'token'
  | 'reference'
  | 'composite'
  | 'quantity'
  | 'uri'
  | 'special';

/** A search parameter as the registry knows it (derived from an R4 SearchParameter resource). */
export interface SearchParamDef {
  /** The name used in URLs, e.g. `code`, `patient`, `_lastUpdated`. */
  readonly code: string;
  readonly type: SearchParamType;
  /** Resource types this definition applies to (SearchParameter.base). */
  readonly base: readonly string[];
  /** The FHIRPath expression (already narrowed to one base when the original covers several). */
  readonly expression: string | undefined;
  /** Canonical URL of the SearchParameter. */
  readonly url: string;
  /** Reference targets (SearchParameter.target), for `reference` params. */
  readonly target: readonly string[];
  /** Allowed modifiers (SearchParameter.modifier) if the definition limits them. */
  readonly modifiers: readonly SearchModifier[];
  /** For composite params: the component params (resolved by code on the same base) and their FHIRPath. */
  readonly components: readonly { readonly param: string; readonly expression: string }[];
}

/** Search prefixes for ordered types. https://hl7.org/fhir/R4/search.html#prefix */
export type SearchPrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** Modifiers. `type` stands for the `:[type]` modifier on references (e.g. `subject:Patient`). */
export type SearchModifier =
  | 'missing'
  | 'exact'
  | 'contains'
  | 'text'
  | 'not'
  | 'above'
  | 'below'
  | 'in'
  | 'not-in'
  | 'of-type'
  | 'identifier'
  | 'type';

// ---------------------------------------------------------------------------------------------
// Index values (what the extractor produces at write time)
// ---------------------------------------------------------------------------------------------

/** token: Coding / CodeableConcept / Identifier / code / boolean / ContactPoint ... */
export interface TokenIndexValue {
  readonly kind: 'token';
  /** `undefined` when the source has no system. */
  readonly system: string | undefined;
  readonly code: string | undefined;
  /** Display / text, for `:text` (lower-cased, accent-folded). */
  readonly text: string | undefined;
  /** Identifier.type (its first coding), for `:of-type`; absent on other tokens. */
  readonly typeSystem?: string | undefined;
  readonly typeCode?: string | undefined;
}

/** string: HumanName, Address, string. Both forms are kept so prefix and `:exact` are cheap. */
export interface StringIndexValue {
  readonly kind: 'string';
  /** Lower-cased, accent-stripped, whitespace-collapsed; default search is a prefix match on this. */
  readonly norm: string;
  /** The value as written, for `:exact`. */
  readonly exact: string;
}

/** date / dateTime / instant / Period / Timing: the instant range it covers, in epoch milliseconds. */
export interface DateIndexValue {
  readonly kind: 'date';
  /** Inclusive lower bound (ms); `-Infinity` is stored as Number.MIN_SAFE_INTEGER. */
  readonly low: number;
  /** Inclusive upper bound (ms); open ends use Number.MAX_SAFE_INTEGER. */
  readonly high: number;
}

/** number: integer / decimal; `low`/`high` are the implicit precision range of the stored value. */
export interface NumberIndexValue {
  readonly kind: 'number';
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** quantity: Quantity / Money / Range / SampledData... with its UCUM-canonical form when known. */
export interface QuantityIndexValue {
  readonly kind: 'quantity';
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly unit: string | undefined;
  /** Value converted to the canonical UCUM unit (`canonicalCode`), when the unit is UCUM and convertible. */
  readonly canonicalValue: number | undefined;
  readonly canonicalCode: string | undefined;
}

/** reference: Reference / canonical / uri-as-reference. */
export interface ReferenceIndexValue {
  readonly kind: 'reference';
  /** Normalised reference: `Type/id` for local ones, the absolute URL otherwise, `url|version` for canonicals. */
  readonly ref: string | undefined;
  readonly targetType: string | undefined;
  readonly targetId: string | undefined;
  /** Reference.identifier, for the `:identifier` modifier. */
  readonly identifierSystem: string | undefined;
  readonly identifierValue: string | undefined;
}

/** uri / url / canonical / oid / uuid. */
export interface UriIndexValue {
  readonly kind: 'uri';
  readonly value: string;
}

/** composite: one tuple of component values (one entry per combination found on the same element). */
export interface CompositeIndexValue {
  readonly kind: 'composite';
  readonly components: readonly Exclude<IndexValue, CompositeIndexValue>[];
}

export type IndexValue =
  | TokenIndexValue
  | StringIndexValue
  | DateIndexValue
  | NumberIndexValue
  | QuantityIndexValue
  | ReferenceIndexValue
  | UriIndexValue
  | CompositeIndexValue;

/** One extracted value of one search parameter. */
export interface IndexEntry {
  /** SearchParamDef.code */
  readonly param: string;
  readonly value: IndexValue;
}

/** Everything an adapter stores next to one resource version to make it searchable. */
export interface ResourceIndex {
  readonly entries: readonly IndexEntry[];
  /** Patient compartments this resource belongs to, as `Patient/<id>`. */
  readonly compartments: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Search request AST (what the parser produces from a URL / form body)
// ---------------------------------------------------------------------------------------------

/** A parsed search value, by parameter type. */
export type SearchValue =
  | { readonly kind: 'token'; readonly system: string | undefined; readonly code: string | undefined;
      /** `true` when written `|code` (explicitly no system). */
      readonly noSystem: boolean }
  | { readonly kind: 'of-type'; readonly typeSystem: string; readonly typeCode: string; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'date'; readonly prefix: SearchPrefix; readonly low: number; readonly high: number }
  | { readonly kind: 'number'; readonly prefix: SearchPrefix; readonly value: number; readonly low: number; readonly high: number }
  | { readonly kind: 'quantity'; readonly prefix: SearchPrefix; readonly value: number; readonly low: number; readonly high: number;
      readonly system: string | undefined; readonly code: string | undefined;
      /** Search value in canonical UCUM units when the unit is UCUM and convertible. */
      readonly canonicalValue: number | undefined; readonly canonicalLow: number | undefined;
      readonly canonicalHigh: number | undefined; readonly canonicalCode: string | undefined }
  | { readonly kind: 'reference'; readonly ref: string; readonly targetType: string | undefined; readonly targetId: string | undefined }
  | { readonly kind: 'identifier'; readonly system: string | undefined; readonly value: string | undefined }
  | { readonly kind: 'uri'; readonly value: string }
  | { readonly kind: 'missing'; readonly missing: boolean }
  | { readonly kind: 'composite'; readonly components: readonly SearchValue[] };

/** One `param[:modifier]=v1,v2` (values are OR-ed). */
export interface ParamFilter {
  readonly kind: 'param';
  readonly param: SearchParamDef;
  readonly modifier: SearchModifier | undefined;
  /** For the `:[type]` modifier and typed chains: the target resource type. */
  readonly targetType: string | undefined;
  readonly values: readonly SearchValue[];
}

/** `subject:Patient.name=x` — resources whose `param` references a `targetType` matching `filter`. */
export interface ChainFilter {
  readonly kind: 'chain';
  readonly param: SearchParamDef;
  readonly targetType: string;
  readonly filter: SearchFilter;
}

/** `_has:Observation:patient:code=x` — resources referenced by a `sourceType` (via `referenceParam`) matching `filter`. */
export interface HasFilter {
  readonly kind: 'has';
  readonly sourceType: string;
  readonly referenceParam: SearchParamDef;
  readonly filter: SearchFilter;
}

export type SearchFilter = ParamFilter | ChainFilter | HasFilter;

/** `_include=Observation:subject[:Patient]` / `_revinclude=...`, optionally `:iterate`; `*` = every reference param. */
export interface IncludeSpec {
  readonly sourceType: string;
  /** Undefined for `*`. */
  readonly param: SearchParamDef | undefined;
  readonly targetType: string | undefined;
  readonly iterate: boolean;
}

export interface SortKey {
  readonly param: SearchParamDef;
  readonly descending: boolean;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';
export type SummaryMode = 'true' | 'text' | 'data' | 'count' | 'false';

/** A fully parsed and validated search. Adapters compile `resourceTypes`, `filters`, `sort`, paging. */
export interface SearchRequest {
  /** One type for type-level search; several (or all, when empty) for system-level search with `_type`. */
  readonly resourceTypes: readonly string[];
  /** AND of filters. */
  readonly filters: readonly SearchFilter[];
  /** Restrict to one Patient compartment (`/Patient/123/Observation`, or patient-scoped tokens). */
  readonly compartment: string | undefined;
  readonly sort: readonly SortKey[];
  /** Page size (`_count`), already clamped to the server maximum. */
  readonly count: number;
  /** Opaque keyset cursor from a previous page's next / previous link. */
  readonly cursor: string | undefined;
  readonly total: TotalMode;
  readonly summary: SummaryMode | undefined;
  readonly elements: readonly string[] | undefined;
  readonly include: readonly IncludeSpec[];
  readonly revinclude: readonly IncludeSpec[];
  /** Parameters as they should appear in the self link (unknown ones dropped under lenient handling). */
  readonly selfParams: readonly (readonly [string, string])[];
}

// ---------------------------------------------------------------------------------------------
// Registry and extractor contracts (implemented in core/search, injected into adapters)
// ---------------------------------------------------------------------------------------------

/** The search parameters in force (R4 core + ours). */
export interface SearchParamRegistry {
  /** The definition of `code` for `resourceType` (including `Resource`/`DomainResource` ones like `_id`). */
  get(resourceType: string, code: string): SearchParamDef | undefined;
  /** Every parameter applicable to `resourceType`. */
  forType(resourceType: string): readonly SearchParamDef[];
  /** Every resource type known to the registry. */
  resourceTypes(): readonly string[];
}

/** Turns a resource into its index entries. Pure; must never throw on odd but valid content. */
export interface IndexExtractor {
  extract(resource: Resource): ResourceIndex;
}
