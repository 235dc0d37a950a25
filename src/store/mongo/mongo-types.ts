/**
 * The narrow slice of the official `mongodb` driver API that `MongoFhirStore` uses. The real driver's
 * `Db`, `Collection`, `MongoClient` and `ClientSession` satisfy these interfaces (checked at compile
 * time below), and so does the in-memory test double in `test-support/`, so both plug in without casts.
 * https://www.mongodb.com/docs/drivers/node/current/
 */
import type {
  ClientSession,
  Collection,
  CreateIndexesOptions,
  Db,
  Document,
  Filter,
  IndexSpecification,
  MongoClient,
  OptionalUnlessRequiredId,
  Sort,
  UpdateFilter,
  WithId,
  WithoutId,
} from 'mongodb';

/** A client session able to run a multi-document transaction (`ClientSession` in the driver). */
export interface SessionLike {
  /** Runs `fn` in a transaction, committing on success, retrying transient errors, aborting otherwise. */
  withTransaction<T>(fn: (session: SessionLike) => Promise<T>): Promise<T>;
  endSession(): Promise<void>;
}

/** Options common to every operation: the transaction's session, when inside one. */
export interface SessionOption {
  session?: SessionLike;
}

/** `find` options we use. */
export interface FindOptionsLike extends SessionOption {
  sort?: Sort;
  limit?: number;
  projection?: Document;
}

/** The part of a `FindCursor` we use. */
export interface CursorLike<R> {
  toArray(): Promise<R[]>;
}

/** The part of `Collection<T>` we use. */
export interface CollectionLike<T extends Document> {
  findOne(filter: Filter<T>, options?: FindOptionsLike): Promise<WithId<T> | null>;
  find<R extends Document = WithId<T>>(filter: Filter<T>, options?: FindOptionsLike): CursorLike<R>;
  countDocuments(filter: Filter<T>, options?: SessionOption): Promise<number>;
  insertOne(doc: OptionalUnlessRequiredId<T>, options?: SessionOption): Promise<{ acknowledged: boolean }>;
  replaceOne(filter: Filter<T>, replacement: WithoutId<T>, options?: SessionOption): Promise<{ matchedCount: number }>;
  updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: SessionOption): Promise<{ matchedCount: number }>;
  createIndex(spec: IndexSpecification, options?: CreateIndexesOptions): Promise<string>;
}

/** The part of `Db` we use. */
export interface DbLike {
  collection<T extends Document>(name: string): CollectionLike<T>;
  /** Used for `{ ping: 1 }`. */
  command(command: Document): Promise<Document>;
}

/** The part of `MongoClient` we use. */
export interface ClientLike {
  startSession(): SessionLike;
  close(): Promise<void>;
}

// Compile-time proof that the real driver fits these interfaces (no runtime cost).
type Fits<A, B> = A extends B ? true : false;
/** `true` when the driver's `Collection`, `Db`, `MongoClient` and `ClientSession` satisfy our slices. */
export type DriverFitsNarrowTypes = [
  Fits<Collection<{ _id: string; n: number }>, CollectionLike<{ _id: string; n: number }>>,
  Fits<Db, DbLike>,
  Fits<MongoClient, ClientLike>,
  Fits<ClientSession, SessionLike>,
];
/** Fails to compile if any element of `DriverFitsNarrowTypes` is `false`. */
export const DRIVER_FITS: DriverFitsNarrowTypes = [true, true, true, true];
