/**
 * FhirStore: the storage port. Adapters (`store/sqlite`, `store/mongo`) keep versions, indexes and
 * search; FHIR interaction semantics (conditional operations, patch, bundles, includes) live once in
 * `repository/` on top of this port. https://hl7.org/fhir/R4/http.html
 */
import type { Resource } from 'fhir/r4.js';
import type { SearchRequest } from '../core/search/types.js';

/** One stored version of a resource (deleted versions have no `resource`). */
export interface ResourceVersion {
  readonly resourceType: string;
  readonly id: string;
  /** 1, 2, 3, ... gapless per resource. */
  readonly versionId: number;
  /** ISO instant (`meta.lastUpdated`). */
  readonly lastUpdated: string;
  readonly deleted: boolean;
  /** The HTTP verb that produced this version (history `Bundle.entry.request.method`). */
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The resource with its final `meta`; undefined when deleted. */
  readonly resource: Resource | undefined;
}

/** One page of search results. */
export interface SearchPage {
  /** Matches in sort order (current, non-deleted versions). */
  readonly resources: readonly Resource[];
  /** Per `SearchRequest.total`: undefined for `none`. */
  readonly total: number | undefined;
  /** Opaque keyset cursors; undefined when there is no such page. */
  readonly nextCursor: string | undefined;
  readonly previousCursor: string | undefined;
}

/** History query: system (no type), type (type only) or instance (type and id). */
export interface HistoryQuery {
  readonly resourceType: string | undefined;
  readonly id: string | undefined;
  /** Only versions with lastUpdated >= since (ISO instant). */
  readonly since: string | undefined;
  /** Only versions with lastUpdated <= at (`_at`). */
  readonly at: string | undefined;
  readonly count: number;
  readonly cursor: string | undefined;
}

export interface HistoryPage {
  /** Newest first. */
  readonly versions: readonly ResourceVersion[];
  readonly total: number | undefined;
  readonly nextCursor: string | undefined;
}

/** Reads available both outside and inside a transaction. */
export interface FhirStoreReader {
  /** Current version of a resource (possibly a deletion marker); undefined if never existed. */
  read(resourceType: string, id: string): Promise<ResourceVersion | undefined>;
  /** A specific version; undefined if unknown. */
  vread(resourceType: string, id: string, versionId: number): Promise<ResourceVersion | undefined>;
  /** Search current, non-deleted resources. https://hl7.org/fhir/R4/search.html */
  search(request: SearchRequest): Promise<SearchPage>;
  /** Version history, newest first. https://hl7.org/fhir/R4/http.html#history */
  history(query: HistoryQuery): Promise<HistoryPage>;
  /**
   * Up to `limit` current resources (the target itself excluded) whose search index holds a reference
   * to `resourceType/id` in any reference parameter: what stops a delete under referential integrity.
   * https://hl7.org/fhir/R4/http.html#delete
   */
  referrers(resourceType: string, id: string, limit: number): Promise<ResourceKey[]>;
}

/** A resource's identity. */
export interface ResourceKey {
  readonly resourceType: string;
  readonly id: string;
}

/** The unit of work handed to `FhirStore.transaction`. */
export interface FhirStoreTransaction extends FhirStoreReader {
  /**
   * Writes `version` as the new current version (and appends it to history), re-extracting indexes.
   * Compare-and-set: succeeds only if the stored current version is `version.versionId - 1`
   * (or the resource does not exist when `versionId` is 1); otherwise throws a `conflict`
   * OperationOutcomeError and writes nothing.
   */
  write(version: ResourceVersion): Promise<void>;
}

export interface ReindexProgress {
  readonly done: number;
  readonly total: number;
}

/** The current version of a resource as the stored JSON text (`readJson`). */
export interface StoredJson {
  readonly versionId: number;
  /** ISO instant (`meta.lastUpdated`). */
  readonly lastUpdated: string;
  readonly deleted: boolean;
  /**
   * The resource exactly as `JSON.stringify` writes it (with its final `meta`), so serving it equals
   * serving the parsed `ResourceVersion.resource`; undefined when deleted.
   */
  readonly json: string | undefined;
}

/** The storage port. */
export interface FhirStore extends FhirStoreReader {
  /**
   * Optional fast path for read by id: the current version without parsing the stored JSON (an
   * adapter that keeps JSON text implements it; without it callers use `read` and stringify).
   * https://hl7.org/fhir/R4/http.html#read
   */
  readJson?(resourceType: string, id: string): Promise<StoredJson | undefined>;
  /**
   * Runs `work` atomically: every write inside commits together or none does. Reads inside see the
   * transaction's own writes. Errors thrown by `work` roll back and propagate.
   */
  transaction<T>(work: (tx: FhirStoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Rebuilds the search indexes of current resources from their stored content (after search
   * parameters change), of every type or only `resourceType`. Progress is reported per batch.
   */
  reindex(onProgress?: (p: ReindexProgress) => void, resourceType?: string): Promise<ReindexProgress>;
  /** Resolves when the store is reachable (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
