/**
 * The FHIR interaction layer used by the HTTP API and the ingestion pipeline. It implements REST
 * semantics (versioning, conditional operations, patch, bundles, includes) once, over any FhirStore.
 * https://hl7.org/fhir/R4/http.html
 */
import type { Bundle, Meta, OperationOutcome, Parameters, Resource } from 'fhir/r4.js';
import type { ReindexJob } from './reindex-jobs.js';

export type { ReindexJob } from './reindex-jobs.js';

/** Who / what is acting, and what they may see. Built by the API from the token, or by the pipeline. */
export interface RequestContext {
  /** Absolute FHIR base URL used in links, `fullUrl` and `Location` (e.g. `http://localhost:8080/fhir`). */
  readonly baseUrl: string;
  /** Recorded as `meta.source` on writes (e.g. `#client-id` or the inbox message URI). */
  readonly source: string | undefined;
  /** `Prefer: handling=lenient`: unknown search parameters are ignored instead of a 400. */
  readonly lenient: boolean;
  /** When set, the caller may only see / write resources in this Patient compartment (`Patient/123`). */
  readonly patientCompartment: string | undefined;
}

/** Result of a create / update / patch. */
export interface WriteResult {
  readonly resource: Resource;
  /** 201 vs 200. */
  readonly created: boolean;
  /** False when an update equalled the current version (no new version was made). */
  readonly changed: boolean;
  /** Warnings / information (e.g. validation warnings) to return with `Prefer: return=OperationOutcome`. */
  readonly outcome: OperationOutcome | undefined;
}

/** Options for writes carrying HTTP preconditions. */
export interface WriteOptions {
  /** Version from `If-Match: W/"n"`. */
  readonly ifMatch?: number;
  /** Query from `If-None-Exist` (conditional create), e.g. `identifier=http://x|1`. */
  readonly ifNoneExist?: string;
}

/** Options of `bundle()`: what response entries carry (`Prefer: return=`; default representation). */
export interface BundleOptions {
  readonly prefer?: 'minimal' | 'representation' | 'OperationOutcome';
}

/** A patch body by content type. */
export type PatchBody =
  | { readonly kind: 'json-patch'; readonly operations: unknown }
  | { readonly kind: 'fhirpath-patch'; readonly parameters: Parameters };

/** A resource read as JSON text, with the version fields of its `meta` (for ETag / Last-Modified). */
export interface ResourceJson {
  /** The resource as `JSON.stringify(resource)` writes it. */
  readonly json: string;
  readonly meta: { readonly versionId?: string | undefined; readonly lastUpdated?: string | undefined };
}

/** The interaction layer (implemented by `FhirRepository`). Every method throws OperationOutcomeError. */
export interface FhirInteractions {
  create(ctx: RequestContext, resource: unknown, options?: WriteOptions): Promise<WriteResult>;
  read(ctx: RequestContext, resourceType: string, id: string): Promise<Resource>;
  /**
   * Optional: `read` as JSON text, skipping parse and stringify when the store keeps JSON; the same
   * errors as `read`. https://hl7.org/fhir/R4/http.html#read
   */
  readJson?(ctx: RequestContext, resourceType: string, id: string): Promise<ResourceJson>;
  vread(ctx: RequestContext, resourceType: string, id: string, versionId: string): Promise<Resource>;
  /** Update, or create with a client-assigned id. */
  update(ctx: RequestContext, resourceType: string, id: string, resource: unknown, options?: WriteOptions): Promise<WriteResult>;
  /** `PUT /Type?query`. */
  conditionalUpdate(ctx: RequestContext, resourceType: string, query: string, resource: unknown, options?: WriteOptions): Promise<WriteResult>;
  patch(ctx: RequestContext, resourceType: string, id: string, patch: PatchBody, options?: WriteOptions): Promise<WriteResult>;
  conditionalPatch(ctx: RequestContext, resourceType: string, query: string, patch: PatchBody, options?: WriteOptions): Promise<WriteResult>;
  delete(ctx: RequestContext, resourceType: string, id: string, options?: WriteOptions): Promise<void>;
  /** `DELETE /Type?query`: deletes every match (0 matches is a success). */
  conditionalDelete(ctx: RequestContext, resourceType: string, query: string): Promise<{ deleted: number }>;
  /** History bundle (type `history`); `params` holds `_since`, `_at`, `_count`, `_cursor`. */
  history(ctx: RequestContext, resourceType: string | undefined, id: string | undefined, params: URLSearchParams): Promise<Bundle>;
  /**
   * Optional: `Patient/[id]/$everything` (`start`, `end`, `_since`, `_type`, `_count`, `_cursor`): a searchset Bundle of
   * the patient, its compartment and the resources they reference; 404 when the patient is not visible.
   * https://hl7.org/fhir/R4/patient-operation-everything.html
   */
  everything?(ctx: RequestContext, patientId: string, params: URLSearchParams): Promise<Bundle>;
  /** Searchset bundle; `resourceType` undefined for system-level search. */
  search(ctx: RequestContext, resourceType: string | undefined, params: URLSearchParams, compartment?: string): Promise<Bundle>;
  /** Process a `transaction` (atomic) or `batch` bundle. */
  bundle(ctx: RequestContext, bundle: unknown, options?: BundleOptions): Promise<Bundle>;
  /** `$validate`: returns the outcome (never throws for invalid content). */
  validate(ctx: RequestContext, resource: unknown, mode: 'create' | 'update' | 'delete' | undefined, profile: string | undefined): Promise<OperationOutcome>;
  /**
   * `$meta` on an instance (or one version): Parameters with `return` = the resource's meta.
   * https://hl7.org/fhir/R4/resource-operation-meta.html
   */
  meta(ctx: RequestContext, resourceType: string, id: string, versionId?: string): Promise<Parameters>;
  /** `$meta-add`: adds the tags / profiles / security labels of `meta` (a new version when anything changed). */
  metaAdd(ctx: RequestContext, resourceType: string, id: string, meta: Meta): Promise<Parameters>;
  /** `$meta-delete`: removes them. https://hl7.org/fhir/R4/resource-operation-meta-delete.html */
  metaDelete(ctx: RequestContext, resourceType: string, id: string, meta: Meta): Promise<Parameters>;
  /**
   * `$meta` at type level (`resourceType`) or system level (undefined): the profiles, tags and security
   * labels in use. https://hl7.org/fhir/R4/resource-operation-meta.html
   */
  metaInUse(ctx: RequestContext, resourceType: string | undefined): Promise<Parameters>;
  /**
   * `$reindex`: queues an asynchronous rebuild of the search indexes of every resource (or of one type)
   * and returns the job; callers check the `admin` permission first. https://hl7.org/fhir/R4/async.html
   */
  startReindex(ctx: RequestContext, resourceType: string | undefined): Promise<ReindexJob>;
  /** The state of a `$reindex` job (404 when unknown). */
  reindexStatus(ctx: RequestContext, jobId: string): Promise<ReindexJob>;
}
