/**
 * Test double of the driver's `Collection` API (the subset `MongoFhirStore` uses), whose query, sort,
 * projection and update semantics come from `mingo`. Documents are stored as BSON would keep them
 * (deep copies, `undefined` → null, no `$`-prefixed field names), `_id` is unique, and every operation
 * honours the transaction of the session passed in its options.
 * https://www.mongodb.com/docs/drivers/node/current/
 */
import { find as mingoFind } from 'mingo';
import { update as mingoUpdate } from 'mingo/updater';
import type { CreateIndexesOptions, Document, Filter, IndexSpecification, OptionalUnlessRequiredId, UpdateFilter, WithId, WithoutId } from 'mongodb';
import type { CollectionLike, CursorLike, FindOptionsLike, SessionOption } from '../mongo-types.js';
import { MingoServerError, type MingoServer, type TxState } from './mingo-server.js';

/** Gives the transaction state of a session (implemented by `MingoSession`). */
export interface TxSource {
  txOf(options: SessionOption | undefined): TxState | undefined;
  assertOpen(): void;
}

/** A copy of `value` as BSON would store it; throws for field names MongoDB rejects. */
export function bsonCopy(value: unknown, path = ''): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v, i) => bsonCopy(v, `${path}.${i}`));
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new MingoServerError(2, 'BadValue', `Cannot store a ${typeof value} at ${path}`);
  }
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$') || k === '') throw new MingoServerError(2, 'BadValue', `Invalid field name '${k}' at ${path || '<root>'}`);
    out[k] = bsonCopy(v, path ? `${path}.${k}` : k);
  }
  return out;
}

const DIRECTIONS = new Set<unknown>([1, -1, 'text', 'hashed', '2dsphere', '2d']);

/** Validates an index spec the way `createIndex` would and returns its normalised key document. */
export function validateIndexSpec(spec: IndexSpecification): Record<string, unknown> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec) || spec instanceof Map) {
    throw new MingoServerError(67, 'CannotCreateIndex', 'The double accepts index specs as plain key documents only');
  }
  const entries = Object.entries(spec);
  if (entries.length === 0) throw new MingoServerError(67, 'CannotCreateIndex', 'Index key pattern must not be empty');
  for (const [field, dir] of entries) {
    if (field === '' || field.startsWith('$') || field.split('.').some((p) => p === '')) {
      throw new MingoServerError(67, 'CannotCreateIndex', `Invalid index field '${field}'`);
    }
    if (!DIRECTIONS.has(dir)) throw new MingoServerError(67, 'CannotCreateIndex', `Invalid index direction ${String(dir)} for '${field}'`);
  }
  return Object.fromEntries(entries);
}

/** The collection double. */
export class MingoCollection<T extends Document> implements CollectionLike<T> {
  constructor(
    private readonly server: MingoServer,
    private readonly name: string,
    private readonly sessions: TxSource,
  ) {}

  private matches(filter: Filter<T>, options: FindOptionsLike | undefined): Document[] {
    this.sessions.assertOpen();
    const docs = this.server.visible(this.name, this.sessions.txOf(options));
    const cursor = mingoFind(docs, filter, options?.projection);
    if (options?.sort !== undefined) {
      if (typeof options.sort !== 'object' || Array.isArray(options.sort) || options.sort instanceof Map) {
        throw new MingoServerError(2, 'BadValue', 'The double accepts sort documents only');
      }
      cursor.sort(options.sort as Record<string, 1 | -1>);
    }
    if (options?.limit !== undefined && options.limit > 0) cursor.limit(options.limit);
    return cursor.all().map((d) => bsonCopy(d) as Document);
  }

  async findOne(filter: Filter<T>, options?: FindOptionsLike): Promise<WithId<T> | null> {
    await Promise.resolve();
    return (this.matches(filter, { ...options, limit: 1 })[0] as WithId<T> | undefined) ?? null;
  }

  find<R extends Document = WithId<T>>(filter: Filter<T>, options?: FindOptionsLike): CursorLike<R> {
    return {
      toArray: async () => {
        await Promise.resolve();
        return this.matches(filter, options) as R[];
      },
    };
  }

  async countDocuments(filter: Filter<T>, options?: SessionOption): Promise<number> {
    await Promise.resolve();
    return this.matches(filter, options).length;
  }

  async insertOne(doc: OptionalUnlessRequiredId<T>, options?: SessionOption): Promise<{ acknowledged: boolean }> {
    await Promise.resolve();
    const stored = bsonCopy(doc) as Document;
    const id: unknown = stored['_id'];
    if (typeof id !== 'string') throw new MingoServerError(2, 'BadValue', 'The double needs a string _id');
    const tx = this.sessions.txOf(options);
    if (this.matches({ _id: id } as Filter<T>, options).length > 0) {
      throw new MingoServerError(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${this.name} index: _id_ dup key: { _id: "${id}" }`);
    }
    this.server.write(this.name, id, stored, tx);
    return { acknowledged: true };
  }

  async replaceOne(filter: Filter<T>, replacement: WithoutId<T>, options?: SessionOption): Promise<{ matchedCount: number }> {
    await Promise.resolve();
    const current = this.matches(filter, options)[0];
    if (!current) return { matchedCount: 0 };
    const id = String(current['_id']);
    const next = bsonCopy(replacement) as Document;
    if ('_id' in next && next['_id'] !== id) throw new MingoServerError(66, 'ImmutableField', 'The _id field cannot be changed');
    this.server.write(this.name, id, { _id: id, ...next }, this.sessions.txOf(options));
    return { matchedCount: 1 };
  }

  async updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: SessionOption): Promise<{ matchedCount: number }> {
    await Promise.resolve();
    if (Object.keys(update).length === 0 || !Object.keys(update).every((k) => k.startsWith('$'))) {
      throw new MingoServerError(9, 'FailedToParse', 'Update document requires atomic operators');
    }
    const current = this.matches(filter, options)[0];
    if (!current) return { matchedCount: 0 };
    const id = String(current['_id']);
    mingoUpdate(current, update as Parameters<typeof mingoUpdate>[1], undefined, undefined, { cloneMode: 'deep' });
    if (current['_id'] !== id) throw new MingoServerError(66, 'ImmutableField', 'The _id field cannot be changed');
    this.server.write(this.name, id, bsonCopy(current) as Document, this.sessions.txOf(options));
    return { matchedCount: 1 };
  }

  async createIndex(spec: IndexSpecification, options?: CreateIndexesOptions): Promise<string> {
    await Promise.resolve();
    if (options?.unique) throw new MingoServerError(67, 'CannotCreateIndex', 'The double enforces the _id index only');
    const key = validateIndexSpec(spec);
    const name = Object.entries(key).map(([f, d]) => `${f}_${String(d)}`).join('_');
    const list = this.server.indexes.get(this.name) ?? [];
    if (!list.some((i) => i.name === name)) list.push({ name, key });
    this.server.indexes.set(this.name, list);
    return name;
  }
}
