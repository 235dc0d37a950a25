/**
 * TerminologyService: the terminology port (CodeSystem / ValueSet / ConceptMap operations). Inputs and
 * outputs are small typed objects; the HTTP layer maps them from and to `Parameters`.
 * Adapters: `terminology/local` (in-memory indexes), `terminology/not-available` (null object).
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import type { Coding, OperationOutcomeIssue, ValueSet } from 'fhir/r4.js';

/** A code in a system (the `system` / `code` / `version` / `display` of the operations). */
export interface CodeRef {
  readonly system: string;
  readonly code: string;
  readonly version?: string;
  readonly display?: string;
}

/** A designation (`CodeSystem.concept.designation`) returned by $lookup and $expand. */
export interface ConceptDesignation {
  readonly language?: string;
  readonly use?: Coding;
  readonly value: string;
}

/** One property value returned by $lookup (`parent` / `child` included). */
export interface ConceptPropertyValue {
  readonly code: string;
  readonly value: string | number | boolean | Coding;
  readonly description?: string;
}

/** $lookup input. https://hl7.org/fhir/R4/codesystem-operation-lookup.html */
export interface LookupRequest extends CodeRef {
  /** Property codes wanted; undefined = all (including `parent` / `child`). */
  readonly properties?: readonly string[];
}

/** $lookup output. */
export interface LookupResult {
  /** CodeSystem.name (or title, or url). */
  readonly name: string;
  readonly version?: string;
  readonly display?: string;
  readonly definition?: string;
  readonly abstract: boolean;
  readonly designations: readonly ConceptDesignation[];
  readonly properties: readonly ConceptPropertyValue[];
}

/** CodeSystem/$validate-code input. https://hl7.org/fhir/R4/codesystem-operation-validate-code.html */
export interface CodeSystemValidateRequest {
  /** CodeSystem url. */
  readonly url: string;
  readonly version?: string;
  readonly code: string;
  readonly display?: string;
}

/**
 * ValueSet/$validate-code input: `codings` carries `code`+`system`, `coding` or each coding of a
 * `codeableConcept` (valid when any one is). https://hl7.org/fhir/R4/valueset-operation-validate-code.html
 */
export interface ValueSetValidateRequest {
  /** ValueSet url, or the ValueSet itself (`valueSet` parameter / instance level). */
  readonly valueSet: string | ValueSet;
  readonly valueSetVersion?: string;
  readonly codings: readonly CodeRef[];
  /** Only active codes count as members. */
  readonly activeOnly?: boolean;
}

/** $validate-code output (both flavours). A display mismatch is a warning issue, not a failure. */
export interface ValidateCodeResult {
  readonly result: boolean;
  readonly message?: string;
  /** The preferred display of the matched code. */
  readonly display?: string;
  /** The coding that matched (ValueSet flavour). */
  readonly matched?: CodeRef;
  readonly issues: readonly OperationOutcomeIssue[];
}

/** $expand input. https://hl7.org/fhir/R4/valueset-operation-expand.html */
export interface ExpandRequest {
  readonly valueSet: string | ValueSet;
  readonly valueSetVersion?: string;
  /** Text filter: every word must prefix-match a word of the display or a designation. */
  readonly filter?: string;
  readonly offset?: number;
  readonly count?: number;
  readonly activeOnly?: boolean;
  readonly includeDesignations?: boolean;
}

/** A `dependsOn` value given to $translate. */
export interface TranslateDependency {
  /** `ConceptMap.group.element.target.dependsOn.property` (R4: an element path or uri). */
  readonly property: string;
  readonly system?: string;
  readonly value: string;
}

/** $translate input. https://hl7.org/fhir/R4/conceptmap-operation-translate.html */
export interface TranslateRequest extends CodeRef {
  /** ConceptMap url; undefined = every map whose groups read from `system`. */
  readonly url?: string;
  readonly conceptMapVersion?: string;
  /** Source / target ValueSet urls (`ConceptMap.source[x]` / `target[x]`) narrowing the maps used. */
  readonly source?: string;
  readonly target?: string;
  readonly targetSystem?: string;
  readonly dependsOn?: readonly TranslateDependency[];
  /** Map from target to source. */
  readonly reverse?: boolean;
}

/** R4 ConceptMap equivalence. http://hl7.org/fhir/R4/valueset-concept-map-equivalence.html */
export type Equivalence =
  | 'relatedto' | 'equivalent' | 'equal' | 'wider' | 'subsumes' | 'narrower' | 'specializes'
  | 'inexact' | 'unmatched' | 'disjoint';

/** One $translate match. */
export interface TranslateMatch {
  readonly equivalence: Equivalence;
  /** Undefined for `unmatched` / `disjoint` answers without a concept. */
  readonly concept?: Coding;
  /** url (|version) of the ConceptMap that produced it. */
  readonly source: string;
  /** Further codes the map says go with it (`target.product`). */
  readonly product?: readonly { readonly property: string; readonly concept: Coding }[];
}

/** $translate output: `result` is true when a match other than unmatched / disjoint exists. */
export interface TranslateResult {
  readonly result: boolean;
  readonly message?: string;
  readonly matches: readonly TranslateMatch[];
}

/** $subsumes input. https://hl7.org/fhir/R4/codesystem-operation-subsumes.html */
export interface SubsumesRequest {
  readonly system: string;
  readonly version?: string;
  readonly codeA: string;
  readonly codeB: string;
}

/** $subsumes outcome. http://hl7.org/fhir/R4/valueset-concept-subsumption-outcome.html */
export type SubsumptionOutcome = 'equivalent' | 'subsumes' | 'subsumed-by' | 'not-subsumed';

/**
 * The terminology port. Unknown code systems, value sets and maps throw OperationOutcomeError
 * ('not-found'); bad parameters throw 'invalid'; an unknown code is a `result: false`, not an error.
 */
export interface TerminologyService {
  /** CodeSystem/$lookup. https://hl7.org/fhir/R4/codesystem-operation-lookup.html */
  lookup(req: LookupRequest): Promise<LookupResult>;
  /** CodeSystem/$validate-code. https://hl7.org/fhir/R4/codesystem-operation-validate-code.html */
  validateCodeInCodeSystem(req: CodeSystemValidateRequest): Promise<ValidateCodeResult>;
  /** ValueSet/$validate-code. https://hl7.org/fhir/R4/valueset-operation-validate-code.html */
  validateCodeInValueSet(req: ValueSetValidateRequest): Promise<ValidateCodeResult>;
  /** ValueSet/$expand: a ValueSet with `expansion` (total, offset, contains). https://hl7.org/fhir/R4/valueset-operation-expand.html */
  expand(req: ExpandRequest): Promise<ValueSet>;
  /** ConceptMap/$translate. https://hl7.org/fhir/R4/conceptmap-operation-translate.html */
  translate(req: TranslateRequest): Promise<TranslateResult>;
  /** CodeSystem/$subsumes. https://hl7.org/fhir/R4/codesystem-operation-subsumes.html */
  subsumes(req: SubsumesRequest): Promise<SubsumptionOutcome>;
}
