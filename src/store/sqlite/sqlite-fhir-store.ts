/**
 * SqliteFhirStore: the default FhirStore on better-sqlite3. WAL mode, one write connection guarded by an
 * async mutex (a transaction holds it across its awaits: BEGIN IMMEDIATE … COMMIT / ROLLBACK) and a
 * separate read connection for reads outside transactions (with `:memory:` both are one connection and
 * outside reads wait for the mutex instead). https://hl7.org/fhir/R4/http.html
 */
import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Resource } from 'fhir/r4.js';
import { badRequest, conflict, fail, isOperationOutcomeError } from '../../core/outcomes.js';
import type { IndexExtractor, SearchParamRegistry, SearchRequest } from '../../core/search/types.js';
import type {
  FhirStore, FhirStoreReader, FhirStoreTransaction, HistoryPage, HistoryQuery, ReindexProgress, ResourceKey, ResourceVersion, SearchPage, StoredJson,
} from '../../ports/fhir-store.js';
import { queryHistory } from './history.js';
import { IndexWriter } from './index-writer.js';
import { AsyncMutex } from './mutex.js';
import { ParamDictionary } from './param-dictionary.js';
import { toVersion, VERSION_COLUMNS, type VersionRow } from './rows.js';
import { AUTOCHECKPOINT_PAGES, configureConnection, createSchema } from './schema.js';
import { executeSearch } from './search-executor.js';
import { StatementCache } from './statement-cache.js';
import { WalCheckpointer, type CheckpointResult } from './wal-checkpointer.js';
import { WalSync } from './wal-sync.js';
import { WriteGroup } from './write-group.js';

/** Options of `SqliteFhirStore.open`. */
export interface SqliteFhirStoreOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  readonly registry: SearchParamRegistry;
  readonly extractor: IndexExtractor;
  /** Resources re-extracted per reindex transaction (default 500). */
  readonly reindexBatchSize?: number;
  /**
   * WAL checkpoints in a worker thread every this many ms (default 250; file databases only). 0 keeps
   * SQLite's automatic checkpoint, which runs inside the COMMIT that crosses its threshold.
   */
  readonly checkpointIntervalMs?: number;
}

const REINDEX_BATCH = 500;
const CHECKPOINT_INTERVAL_MS = 250;
/**
 * WAL frames (4 KB pages) past which the store runs a checkpoint pass while it holds the writer (right
 * after a background pass, so little is left to copy). The WAL restarts only when a write transaction
 * BEGINs with every frame checkpointed, which under continuous group commits rarely happens by itself:
 * without this the WAL grew to 64 MB and every read searched a larger WAL index.
 */
const BACKSTOP_FRAMES = AUTOCHECKPOINT_PAGES;

/** Synchronous reads over one connection (the read connection, or the writer inside a transaction). */
class SqliteReader implements FhirStoreReader {
  constructor(
    protected readonly statements: StatementCache,
    protected readonly params: ParamDictionary,
    protected readonly registry: SearchParamRegistry,
  ) {}

  readSync(resourceType: string, id: string): ResourceVersion | undefined {
    const row = this.statements
      .get(`SELECT ${VERSION_COLUMNS} FROM resources r JOIN history h ON h.hid = r.hid WHERE r.type = ? AND r.id = ?`)
      .get(resourceType, id) as VersionRow | undefined;
    return row ? toVersion(row) : undefined;
  }

  async read(resourceType: string, id: string): Promise<ResourceVersion | undefined> {
    return this.readSync(resourceType, id);
  }

  /** The current version's stored text, not parsed (the read-by-id fast path). */
  async readJson(resourceType: string, id: string): Promise<StoredJson | undefined> {
    const row = this.statements
      .get(`SELECT ${VERSION_COLUMNS} FROM resources r JOIN history h ON h.hid = r.hid WHERE r.type = ? AND r.id = ?`)
      .get(resourceType, id) as VersionRow | undefined;
    return row && { versionId: row.version_id, lastUpdated: row.last_updated, deleted: row.deleted !== 0, json: row.content ?? undefined };
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<ResourceVersion | undefined> {
    const row = this.statements
      .get(`SELECT ${VERSION_COLUMNS} FROM history h WHERE h.type = ? AND h.id = ? AND h.version_id = ?`)
      .get(resourceType, id, versionId) as VersionRow | undefined;
    return row ? toVersion(row) : undefined;
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    return executeSearch(this.statements, this.params, this.registry, request);
  }

  async history(query: HistoryQuery): Promise<HistoryPage> {
    return queryHistory(this.statements, query);
  }

  async referrers(resourceType: string, id: string, limit: number): Promise<ResourceKey[]> {
    const pids: number[] = [];
    for (const e of this.params.entries()) if (this.registry.get(e.type, e.code)?.type === 'reference') pids.push(e.pid);
    if (pids.length === 0 || limit <= 0) return [];
    // `pid IN (…) AND ref = ?` seeks `idx_reference_ref (pid, ref)` once per pid.
    const rows = this.statements
      .get(`SELECT DISTINCT r.type AS resourceType, r.id AS id FROM idx_reference x JOIN resources r ON r.rid = x.rid
        WHERE x.pid IN (${pids.join(', ')}) AND x.ref = ? AND r.deleted = 0 AND NOT (r.type = ? AND r.id = ?) LIMIT ?`)
      .all(`${resourceType}/${id}`, resourceType, id, limit) as ResourceKey[];
    return rows;
  }
}

/** The unit of work: reads and writes on the write connection, valid only while its transaction runs. */
class SqliteTransaction extends SqliteReader implements FhirStoreTransaction {
  active = true;
  constructor(
    statements: StatementCache,
    params: ParamDictionary,
    registry: SearchParamRegistry,
    private readonly writer: IndexWriter,
    private readonly extractor: IndexExtractor,
  ) {
    super(statements, params, registry);
  }

  private check(): void {
    if (!this.active) throw new Error('Transaction already finished');
  }

  override async read(resourceType: string, id: string): Promise<ResourceVersion | undefined> {
    this.check();
    return super.read(resourceType, id);
  }

  override async search(request: SearchRequest): Promise<SearchPage> {
    this.check();
    this.writer.flush();
    return super.search(request);
  }

  override async referrers(resourceType: string, id: string, limit: number): Promise<ResourceKey[]> {
    this.check();
    this.writer.flush();
    return super.referrers(resourceType, id, limit);
  }

  async write(version: ResourceVersion): Promise<void> {
    this.check();
    writeVersion(this.statements, this.writer, this.extractor, version);
  }
}

function validateVersion(v: ResourceVersion): { luMs: number; content: string | null; resource: Resource | undefined } {
  if (!Number.isSafeInteger(v.versionId) || v.versionId < 1) throw badRequest(`Invalid versionId ${String(v.versionId)}`);
  const luMs = Date.parse(v.lastUpdated);
  if (Number.isNaN(luMs)) throw badRequest(`Invalid lastUpdated ${v.lastUpdated}`);
  if (v.deleted !== (v.resource === undefined)) throw badRequest('A version is deleted exactly when it has no resource');
  if (v.resource && (v.resource.resourceType !== v.resourceType || v.resource.id !== v.id)) {
    throw badRequest(`Resource ${v.resource.resourceType}/${v.resource.id ?? ''} does not match ${v.resourceType}/${v.id}`);
  }
  return { luMs, content: v.resource ? JSON.stringify(v.resource) : null, resource: v.resource };
}

/** Compare-and-set write of one version (history row, current row, index rows). */
function writeVersion(statements: StatementCache, writer: IndexWriter, extractor: IndexExtractor, v: ResourceVersion): void {
  const { luMs, content, resource } = validateVersion(v);
  const index = resource ? extractor.extract(resource) : undefined;
  const current = statements.get('SELECT rid, version_id FROM resources WHERE type = ? AND id = ?').get(v.resourceType, v.id) as
    | { rid: number; version_id: number }
    | undefined;
  const expected = v.versionId - 1;
  if ((current?.version_id ?? 0) !== expected) {
    throw conflict(`Version conflict on ${v.resourceType}/${v.id}: current version is ${current?.version_id ?? 'none'}, write expected ${expected || 'none'}`);
  }
  const hid = Number(
    statements
      .get('INSERT INTO history(type, id, version_id, last_updated, lu_ms, deleted, method, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(v.resourceType, v.id, v.versionId, v.lastUpdated, luMs, v.deleted ? 1 : 0, v.method, content).lastInsertRowid,
  );
  let rid: number;
  if (current) {
    rid = current.rid;
    statements.get('UPDATE resources SET version_id = ?, hid = ?, lu_ms = ?, deleted = ? WHERE rid = ?').run(v.versionId, hid, luMs, v.deleted ? 1 : 0, rid);
    writer.clear(rid);
  } else {
    rid = Number(
      statements
        .get('INSERT INTO resources(type, id, version_id, hid, lu_ms, deleted) VALUES (?, ?, ?, ?, ?, ?)')
        .run(v.resourceType, v.id, v.versionId, hid, luMs, v.deleted ? 1 : 0).lastInsertRowid,
    );
  }
  if (index) writer.insert(rid, v.resourceType, index);
}

/** SQLite lock / I/O failures become a transient 503; everything else propagates unchanged. */
function asStoreError(e: unknown): unknown {
  if (isOperationOutcomeError(e) || !(e instanceof Error)) return e;
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/.test(code)) return fail('unavailable', `Store unavailable: ${code}`);
  if (e.message.includes('database connection is not open')) return fail('unavailable', 'Store is closed');
  return e;
}

/** The SQLite FhirStore adapter. */
export class SqliteFhirStore implements FhirStore {
  private readonly mutex = new AsyncMutex();
  /** Set while this store's transaction work runs (store-level reads from inside it must not wait). */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private readonly writeStatements: StatementCache;
  private readonly reader: SqliteReader;
  private readonly params: ParamDictionary;
  private readonly writer: IndexWriter;
  private readonly group: WriteGroup;
  private checkpointer: WalCheckpointer | undefined;
  private backstopRunning = false;
  private closed = false;

  private constructor(
    private readonly writeDb: Database.Database,
    private readonly readDb: Database.Database,
    private readonly options: SqliteFhirStoreOptions,
    /** fsyncs the WAL before writers are answered (file databases). */
    private readonly wal: WalSync | undefined,
  ) {
    this.writeStatements = new StatementCache(writeDb);
    this.params = new ParamDictionary(writeDb);
    this.writer = new IndexWriter(this.writeStatements, this.params);
    // Group commit (write-group.ts) only with a separate read connection: with `:memory:` reads share
    // the writer and would see a group's uncommitted units.
    this.group = new WriteGroup(writeDb, () => this.mutex.acquire(), () => this.params.reload(), readDb !== writeDb, undefined, wal && (() => wal.sync()));
    const readStatements = readDb === writeDb ? this.writeStatements : new StatementCache(readDb);
    this.reader = new SqliteReader(readStatements, this.params, options.registry);
  }

  /** Opens (creating when needed) the database at `options.path`. */
  static open(options: SqliteFhirStoreOptions): SqliteFhirStore {
    const memory = options.path === ':memory:';
    const writeDb = new Database(options.path);
    configureConnection(writeDb, memory);
    createSchema(writeDb);
    let readDb = writeDb;
    let wal: WalSync | undefined;
    if (!memory) {
      readDb = new Database(options.path);
      configureConnection(readDb, false);
      wal = new WalSync(`${options.path}-wal`);
    }
    const store = new SqliteFhirStore(writeDb, readDb, options, wal);
    const interval = options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS;
    if (!memory && interval > 0) store.startCheckpointer(options.path, interval);
    return store;
  }

  /** Moves WAL checkpoints to a worker thread (wal-checkpointer.ts); automatic ones again if it fails. */
  private startCheckpointer(path: string, intervalMs: number): void {
    const automatic = (): void => {
      this.checkpointer = undefined;
      if (this.writeDb.open) this.writeDb.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    try {
      this.checkpointer = new WalCheckpointer(path, intervalMs, (r) => this.afterCheckpoint(r), automatic);
      this.writeDb.pragma('wal_autocheckpoint = 0');
    } catch {
      automatic();
    }
  }

  /** Backstop: a WAL that keeps growing is checkpointed while the writer is held (the event loop runs on). */
  private afterCheckpoint(r: CheckpointResult): void {
    if (r.log < BACKSTOP_FRAMES || this.backstopRunning || this.closed) return;
    this.backstopRunning = true;
    void (async () => {
      const release = await this.mutex.acquire();
      try {
        if (this.closed) return;
        try {
          void this.group.flush();
        } catch {
          // the group's waiters got the commit error
        }
        await this.checkpointer?.pass();
      } catch {
        // the next pass tries again
      } finally {
        release();
        this.backstopRunning = false;
      }
    })();
  }

  private get shared(): boolean {
    return this.readDb === this.writeDb;
  }

  /** Runs `fn` on the read side; with one shared connection it waits for the running transaction. */
  private async onReader<T>(fn: (r: SqliteReader) => Promise<T>): Promise<T> {
    if (!this.shared || this.inTransaction.getStore() === true) {
      // One shared connection read inside a transaction: it must see the unit's buffered index rows.
      if (this.shared) this.writer.flush();
      return fn(this.reader).catch((e: unknown) => Promise.reject(asStoreError(e)));
    }
    const release = await this.mutex.acquire();
    try {
      return await fn(this.reader);
    } catch (e) {
      throw asStoreError(e);
    } finally {
      release();
    }
  }

  read(resourceType: string, id: string): Promise<ResourceVersion | undefined> {
    return this.onReader((r) => r.read(resourceType, id));
  }

  readJson(resourceType: string, id: string): Promise<StoredJson | undefined> {
    return this.onReader((r) => r.readJson(resourceType, id));
  }

  vread(resourceType: string, id: string, versionId: number): Promise<ResourceVersion | undefined> {
    return this.onReader((r) => r.vread(resourceType, id, versionId));
  }

  search(request: SearchRequest): Promise<SearchPage> {
    return this.onReader((r) => r.search(request));
  }

  history(query: HistoryQuery): Promise<HistoryPage> {
    return this.onReader((r) => r.history(query));
  }

  referrers(resourceType: string, id: string, limit: number): Promise<ResourceKey[]> {
    return this.onReader((r) => r.referrers(resourceType, id, limit));
  }

  async transaction<T>(work: (tx: FhirStoreTransaction) => Promise<T>): Promise<T> {
    const release = await this.mutex.acquire();
    const tx = new SqliteTransaction(this.writeStatements, this.params, this.options.registry, this.writer, this.options.extractor);
    let result: T;
    let committed: Promise<void>;
    try {
      this.group.begin();
      try {
        result = await this.inTransaction.run(true, () => work(tx));
        this.writer.flush();
      } catch (e) {
        this.writer.discard();
        this.group.rollbackUnit(e);
        throw e;
      } finally {
        tx.active = false;
      }
      committed = this.group.commitUnit();
    } catch (e) {
      this.group.afterFailure();
      release();
      throw asStoreError(e);
    }
    release();
    try {
      await committed;
    } catch (e) {
      throw asStoreError(e);
    }
    return result;
  }

  async reindex(onProgress?: (p: ReindexProgress) => void, resourceType?: string): Promise<ReindexProgress> {
    const batch = this.options.reindexBatchSize ?? REINDEX_BATCH;
    // `type = ?1 OR ?1 IS NULL`: one statement for both; the type form can use `resources_live`.
    const ofType = '(r.type = ? OR ? IS NULL)';
    const type = resourceType ?? null;
    const total = (this.writeDb.prepare(`SELECT count(*) AS n FROM resources r WHERE r.deleted = 0 AND ${ofType}`).get(type, type) as { n: number }).n;
    let done = 0;
    let after = 0;
    for (;;) {
      const rows = await this.transaction(async () => {
        const page = this.writeStatements
          .get(`SELECT r.rid, r.type, h.content FROM resources r JOIN history h ON h.hid = r.hid WHERE r.rid > ? AND r.deleted = 0 AND ${ofType} ORDER BY r.rid LIMIT ?`)
          .all(after, type, type, batch) as { rid: number; type: string; content: string }[];
        for (const row of page) {
          const index = this.options.extractor.extract(JSON.parse(row.content) as Resource);
          this.writer.clear(row.rid);
          this.writer.insert(row.rid, row.type, index);
        }
        return page;
      });
      const last = rows[rows.length - 1];
      if (!last) break;
      after = last.rid;
      done += rows.length;
      onProgress?.({ done, total: Math.max(total, done) });
      await yieldToEventLoop();
    }
    return { done, total: Math.max(total, done) };
  }

  async ping(): Promise<void> {
    await this.onReader(async () => {
      this.readDb.prepare('SELECT 1').get();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const release = await this.mutex.acquire();
    try {
      this.closed = true;
      let durable = Promise.resolve();
      try {
        durable = this.group.flush();
      } catch {
        // the group's waiters got the commit error
      }
      await durable;
      await this.checkpointer?.stop();
      await this.wal?.close();
      if (!this.shared) this.readDb.close();
      this.writeDb.close();
    } finally {
      release();
    }
  }
}
