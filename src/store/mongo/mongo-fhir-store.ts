/**
 * MongoFhirStore: the FhirStore port on the official MongoDB driver, for deployments with any number of
 * stateless gateway instances (replica set or sharded cluster). Current versions live in `resources`
 * (with their search index arrays), every version in `history`; both change in one multi-document
 * transaction. https://hl7.org/fhir/R4/http.html
 */
import { fail } from '../../core/outcomes.js';
import type { IndexExtractor, SearchParamRegistry } from '../../core/search/types.js';
import type { FhirStore, FhirStoreTransaction, ReindexProgress } from '../../ports/fhir-store.js';
import { buildIndexArrays, buildSortKeys, type HistoryDoc, type ResourceDoc } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { MongoReader, MongoTransaction, type MongoCollections } from './mongo-reader.js';
import type { ClientLike, DbLike } from './mongo-types.js';

/** Options of `MongoFhirStore.open`. */
export interface MongoFhirStoreOptions {
  /** The database (`client.db(name)`). */
  readonly db: DbLike;
  /** The client, for sessions and `close`. */
  readonly client: ClientLike;
  readonly registry: SearchParamRegistry;
  readonly extractor: IndexExtractor;
}

/** Documents per reindex batch. */
const REINDEX_BATCH = 500;

/** The MongoDB adapter of the FhirStore port. */
export class MongoFhirStore extends MongoReader implements FhirStore {
  private constructor(
    collections: MongoCollections,
    private readonly db: DbLike,
    private readonly client: ClientLike,
    private readonly extractor: IndexExtractor,
  ) {
    super(collections, {});
  }

  /** Opens the store on `db` and creates its indexes. */
  static async open(options: MongoFhirStoreOptions): Promise<MongoFhirStore> {
    const collections: MongoCollections = {
      resources: options.db.collection<ResourceDoc>('resources'),
      history: options.db.collection<HistoryDoc>('history'),
      registry: options.registry,
    };
    await ensureIndexes(collections.resources, collections.history);
    return new MongoFhirStore(collections, options.db, options.client, options.extractor);
  }

  /** One `session.withTransaction` per call; `work` may be re-run on transient transaction errors. */
  async transaction<T>(work: (tx: FhirStoreTransaction) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      return await session.withTransaction((s) => work(new MongoTransaction(this.collections, { session: s }, this.extractor)));
    } finally {
      await session.endSession();
    }
  }

  /** Re-extracts the index arrays of every current resource (of `resourceType`), in `_id` order, reporting progress per batch. */
  async reindex(onProgress?: (p: ReindexProgress) => void, resourceType?: string): Promise<ReindexProgress> {
    const { resources } = this.collections;
    const base = resourceType === undefined ? { deleted: false } : { deleted: false, resourceType };
    const total = await resources.countDocuments(base);
    let done = 0;
    let after: string | undefined;
    for (;;) {
      const filter = after === undefined ? base : { ...base, _id: { $gt: after } };
      const batch = await resources
        .find<Pick<ResourceDoc, '_id' | 'versionId' | 'resource'>>(filter, { sort: { _id: 1 }, limit: REINDEX_BATCH, projection: { versionId: 1, resource: 1 } })
        .toArray();
      for (const doc of batch) {
        if (doc.resource) {
          const ix = this.extractor.extract(doc.resource);
          // Guarded by versionId: a concurrent write has already indexed its newer version.
          await resources.updateOne(
            { _id: doc._id, versionId: doc.versionId },
            { $set: { idx: buildIndexArrays(ix), compartments: [...ix.compartments], sort: buildSortKeys(ix) } },
          );
        }
        done++;
      }
      const last = batch[batch.length - 1];
      if (!last) break;
      after = last._id;
      onProgress?.({ done, total: Math.max(total, done) });
    }
    return { done, total: Math.max(total, done) };
  }

  /** Readiness: a `ping` command round trip. */
  async ping(): Promise<void> {
    try {
      await this.db.command({ ping: 1 });
    } catch (e) {
      throw fail('unavailable', `MongoDB is not reachable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
