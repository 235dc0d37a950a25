/**
 * Reads and the transactional write of the MongoDB store. The same reader serves reads outside a
 * transaction (no session) and inside one (every operation passes the transaction's session).
 * https://hl7.org/fhir/R4/http.html
 */
import { badRequest, conflict } from '../../core/outcomes.js';
import type { IndexExtractor, SearchParamRegistry, SearchRequest } from '../../core/search/types.js';
import type {
  FhirStoreReader, FhirStoreTransaction, HistoryPage, HistoryQuery, ResourceKey, ResourceVersion, SearchPage,
} from '../../ports/fhir-store.js';
import { historyKey, resourceKey, toHistoryDoc, toResourceDoc, toVersion, type HistoryDoc, type ResourceDoc } from './documents.js';
import { queryHistory } from './history.js';
import { runSearch } from './mongo-search.js';
import type { CollectionLike, SessionOption } from './mongo-types.js';

/** The two collections of the store, and the search parameters in force. */
export interface MongoCollections {
  readonly resources: CollectionLike<ResourceDoc>;
  readonly history: CollectionLike<HistoryDoc>;
  readonly registry: SearchParamRegistry;
}

/** MongoDB's duplicate key error (E11000), from the real driver or the test double. */
export function isDuplicateKeyError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 11000;
}

/** Reads, on a session or none. */
export class MongoReader implements FhirStoreReader {
  constructor(
    protected readonly collections: MongoCollections,
    protected readonly options: SessionOption,
  ) {}

  /** https://hl7.org/fhir/R4/http.html#read */
  async read(resourceType: string, id: string): Promise<ResourceVersion | undefined> {
    const doc = await this.collections.resources.findOne({ _id: resourceKey(resourceType, id) }, { ...this.options, projection: { idx: 0, sort: 0, compartments: 0 } });
    return doc ? toVersion(doc) : undefined;
  }

  /** https://hl7.org/fhir/R4/http.html#vread */
  async vread(resourceType: string, id: string, versionId: number): Promise<ResourceVersion | undefined> {
    const doc = await this.collections.history.findOne({ _id: historyKey(resourceType, id, versionId) }, this.options);
    return doc ? toVersion(doc) : undefined;
  }

  /** https://hl7.org/fhir/R4/search.html */
  search(request: SearchRequest): Promise<SearchPage> {
    return runSearch(this.collections.resources, this.collections.registry, request, this.options);
  }

  /** https://hl7.org/fhir/R4/http.html#history */
  history(query: HistoryQuery): Promise<HistoryPage> {
    return queryHistory(this.collections.history, query, this.options);
  }

  /** Through the `(idx.ref.p, idx.ref.r)` multikey index, with every reference parameter code as `p`. */
  async referrers(resourceType: string, id: string, limit: number): Promise<ResourceKey[]> {
    if (limit <= 0) return [];
    const { registry } = this.collections;
    const codes = new Set<string>();
    for (const type of registry.resourceTypes()) for (const p of registry.forType(type)) if (p.type === 'reference') codes.add(p.code);
    const key = resourceKey(resourceType, id);
    const docs = await this.collections.resources
      .find<{ resourceType: string; id: string }>(
        { deleted: false, _id: { $ne: key }, 'idx.ref': { $elemMatch: { p: { $in: [...codes] }, r: key } } },
        { ...this.options, projection: { resourceType: 1, id: 1 }, limit },
      )
      .toArray();
    return docs.map((d) => ({ resourceType: d.resourceType, id: d.id }));
  }
}

/** The unit of work of one `session.withTransaction` run. */
export class MongoTransaction extends MongoReader implements FhirStoreTransaction {
  constructor(collections: MongoCollections, options: SessionOption, private readonly extractor: IndexExtractor) {
    super(collections, options);
  }

  /** Compare-and-set write of the new current version plus its history entry. */
  async write(version: ResourceVersion): Promise<void> {
    if (!Number.isInteger(version.versionId) || version.versionId < 1) throw badRequest(`Invalid versionId ${version.versionId}`);
    const key = resourceKey(version.resourceType, version.id);
    const lost = () => conflict(`${key} was changed concurrently (expected version ${version.versionId - 1})`);
    const index = version.deleted || !version.resource ? undefined : this.extractor.extract(version.resource);
    const doc = toResourceDoc(version, index);
    const { resources, history } = this.collections;
    if (version.versionId === 1) {
      try {
        await resources.insertOne(doc, this.options);
      } catch (e) {
        if (isDuplicateKeyError(e)) throw lost();
        throw e;
      }
    } else {
      const { _id, ...rest } = doc;
      const result = await resources.replaceOne({ _id, versionId: version.versionId - 1 }, rest, this.options);
      if (result.matchedCount === 0) throw lost();
    }
    try {
      await history.insertOne(toHistoryDoc(version), this.options);
    } catch (e) {
      if (isDuplicateKeyError(e)) throw lost();
      throw e;
    }
  }
}
