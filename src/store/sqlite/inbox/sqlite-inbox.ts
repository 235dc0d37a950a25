/**
 * SqliteInbox: the Inbox port on better-sqlite3 (`DATA_DIR/inbox.sqlite`, WAL). Writes are
 * group-committed: every write that arrives during one turn of the event loop runs in its own SAVEPOINT
 * of one transaction, committed on the next turn. A group holding a new payload is then fsynced off the
 * event loop (`WalSync`: FULL durability without blocking other messages' work; groups committed while
 * an fsync runs share the next one); each `put` is answered only once its COMMIT is on disk, so nothing
 * is acknowledged before it is durable.
 *
 * The file belongs to one gateway process: on open, leases left by a previous (killed) process are
 * released at once instead of waiting for them to expire. Shared inboxes (several instances) need an
 * adapter on a shared database (MongoDB), which keeps leases as they are.
 * https://www.sqlite.org/wal.html · https://www.sqlite.org/lang_savepoint.html
 */
import Database from 'better-sqlite3';
import type {
  Inbox, InboxCompletion, InboxEntry, InboxPage, InboxPutResult, InboxQuery, NewInboxEntry,
} from '../../../ports/inbox.js';
import { openInboxDatabase } from './inbox-schema.js';
import { rowId, toEntry, type InboxRow } from './inbox-rows.js';
import { WalSync } from '../wal-sync.js';

/** Options of `SqliteInbox.open`. */
export interface SqliteInboxOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  /** Most writes committed together (default 256). */
  readonly maxGroup?: number;
}

interface Pending {
  readonly work: () => unknown;
  /** Needs an fsync before its caller is answered (a new payload); others ride on the WAL order. */
  readonly durable: boolean;
  /** Answered at COMMIT with `{ result, durable }` (see `putEarly`). */
  readonly early: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

const INSERT = `INSERT INTO inbox(format, channel, sender, origin, message_type, control_id, idem_key, payload_hash, raw,
  received_at, updated_at, state, lease_owner, lease_until, patient_key, conflict_of, ack_code, ack_text, ack_encoding, outcome)
  VALUES (@format, @channel, @sender, @origin, @messageType, @controlId, @key, @hash, @raw,
  @receivedAt, @receivedAt, @state, @leaseOwner, @leaseUntil, @patientKey, @conflictOf, @ackCode, @ackText, @ackEncoding, @outcome)`;

/** The SQLite inbox. */
export class SqliteInbox implements Inbox {
  readonly #db: Database.Database;
  readonly #maxGroup: number;
  /** fsyncs the WAL after commits holding new payloads; undefined for `:memory:`. */
  readonly #wal: WalSync | undefined;
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;

  private constructor(db: Database.Database, maxGroup: number, wal: WalSync | undefined) {
    this.#db = db;
    this.#maxGroup = maxGroup;
    this.#wal = wal;
  }

  /** Opens (creating when needed) the inbox at `options.path`, releasing leases of a previous process. */
  static open(options: SqliteInboxOptions): SqliteInbox {
    const memory = options.path === ':memory:';
    const db = new Database(options.path);
    let wal: WalSync | undefined;
    try {
      openInboxDatabase(db, memory);
      db.prepare("UPDATE inbox SET state = 'received', lease_owner = NULL, lease_until = NULL, not_before = NULL WHERE state = 'processing'").run();
      if (!memory) wal = new WalSync(`${options.path}-wal`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new SqliteInbox(db, options.maxGroup ?? 256, wal);
  }

  readonly #statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once per SQL text. */
  #sql(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.#db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  #row(id: number): InboxRow | undefined {
    return this.#sql('SELECT * FROM inbox WHERE id = ?').get(id) as InboxRow | undefined;
  }

  /** Queues `work` for the next group commit. */
  #write<T>(work: () => T, durable = false, early = false): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('inbox is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, durable, early, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, this.#maxGroup);
      const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      try {
        // Every COMMIT is `synchronous = NORMAL` (no fsync on the event loop); a group holding a new
        // payload is fsynced by WalSync before those callers are answered. State changes alone ride on
        // the WAL order (durable with the next fsync or checkpoint), as in the FHIR store.
        this.#db.exec('BEGIN IMMEDIATE');
        for (const p of group) {
          this.#db.exec('SAVEPOINT unit');
          try {
            results.push({ ok: true, value: p.work() });
            this.#db.exec('RELEASE unit');
          } catch (error) {
            if (this.#db.inTransaction) {
              this.#db.exec('ROLLBACK TO unit');
              this.#db.exec('RELEASE unit');
            }
            results.push({ ok: false, error });
          }
        }
        this.#db.exec('COMMIT');
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        for (const p of group) p.reject(error);
        continue;
      }
      const synced = this.#wal !== undefined && group.some((p, i) => p.durable && results[i]?.ok === true) ? this.#wal.sync() : undefined;
      // Handled here so an early caller that stops listening does not leave an unhandled rejection.
      synced?.catch(() => undefined);
      group.forEach((p, i) => {
        const r = results[i];
        if (r === undefined || !r.ok) p.reject(r?.error);
        else if (p.early) p.resolve({ result: r.value, durable: synced ?? Promise.resolve() });
        // A new payload is answered once the WAL holding it is fsynced; state changes at once.
        else if (p.durable && synced !== undefined) synced.then(() => p.resolve(r.value), p.reject);
        else p.resolve(r.value);
      });
    }
  }

  put(entry: NewInboxEntry): Promise<InboxPutResult> {
    return this.#write(() => this.#insert(entry), true);
  }

  putEarly(entry: NewInboxEntry): Promise<{ readonly result: InboxPutResult; readonly durable: Promise<void> }> {
    return this.#write(() => this.#insert(entry), true, true) as unknown as Promise<{ readonly result: InboxPutResult; readonly durable: Promise<void> }>;
  }

  /** The unit of `put`: finds the duplicate / conflict or inserts the entry. */
  #insert(entry: NewInboxEntry): InboxPutResult {
    const same = this.#sql('SELECT * FROM inbox WHERE idem_key = ? ORDER BY id').all(entry.idempotencyKey) as InboxRow[];
    const duplicate = same.find((r) => r.payload_hash === entry.payloadHash);
    if (duplicate !== undefined) return { kind: 'duplicate', entry: toEntry(duplicate) };
    const original = same.find((r) => r.conflict_of === null) ?? same[0];
    const info = this.#sql(INSERT).run({
      format: entry.format, channel: entry.channel, sender: entry.sender, origin: entry.origin,
      messageType: entry.messageType ?? null, controlId: entry.controlId ?? null,
      key: entry.idempotencyKey, hash: entry.payloadHash, raw: entry.raw, receivedAt: entry.receivedAt,
      state: entry.state,
      leaseOwner: entry.lease?.owner ?? null,
      leaseUntil: entry.lease?.until ?? null,
      patientKey: entry.patientKey ?? null,
      conflictOf: original?.id ?? null,
      ackCode: entry.ack?.code ?? null, ackText: entry.ack?.text ?? null, ackEncoding: entry.ack?.encoding ?? null,
      outcome: entry.outcome === undefined ? null : JSON.stringify(entry.outcome),
    });
    const row = this.#row(Number(info.lastInsertRowid));
    if (row === undefined) throw new Error('inbox insert vanished');
    return original === undefined
      ? { kind: 'created', entry: toEntry(row) }
      : { kind: 'conflict', entry: toEntry(row), original: toEntry(original) };
  }

  async get(id: string): Promise<InboxEntry | undefined> {
    const n = rowId(id);
    const row = n === undefined ? undefined : this.#row(n);
    return row === undefined ? undefined : toEntry(row);
  }

  claim(id: string, owner: string, until: string, now: string, force = false): Promise<InboxEntry | undefined> {
    const n = rowId(id);
    if (n === undefined) return Promise.resolve(undefined);
    return this.#write(() => {
      const info = this.#sql(`UPDATE inbox SET state = 'processing', lease_owner = ?, lease_until = ?, updated_at = ?
        WHERE id = ? AND (state = 'received' OR (state = 'processing' AND lease_until < ?)
          OR (? AND state IN ('done', 'failed', 'dead') AND conflict_of IS NULL))`)
        .run(owner, until, now, n, now, force ? 1 : 0);
      const row = info.changes === 1 ? this.#row(n) : undefined;
      return row === undefined ? undefined : toEntry(row);
    });
  }

  claimDue(owner: string, until: string, now: string, limit: number): Promise<InboxEntry[]> {
    return this.#write(() => {
      const rows = this.#sql(`SELECT id FROM inbox WHERE (state = 'received' AND (not_before IS NULL OR not_before <= ?))
        OR (state = 'processing' AND lease_until < ?) ORDER BY id LIMIT ?`).all(now, now, limit) as Array<{ id: number }>;
      const update = this.#sql("UPDATE inbox SET state = 'processing', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?");
      const out: InboxEntry[] = [];
      for (const { id } of rows) {
        update.run(owner, until, now, id);
        const row = this.#row(id);
        if (row !== undefined) out.push(toEntry(row));
      }
      return out;
    });
  }

  complete(id: string, owner: string, c: InboxCompletion, now: string): Promise<boolean> {
    const n = rowId(id);
    if (n === undefined) return Promise.resolve(false);
    return this.#write(() => {
      const info = this.#sql(`UPDATE inbox SET state = @state, attempts = attempts + @attempted, updated_at = @now,
        lease_owner = NULL, lease_until = NULL, not_before = @notBefore,
        ack_code = coalesce(@ackCode, ack_code), ack_text = coalesce(@ackText, ack_text), ack_encoding = coalesce(@ackEncoding, ack_encoding),
        outcome = @outcome, patient_key = coalesce(@patientKey, patient_key)
        WHERE id = @id AND state = 'processing' AND lease_owner = @owner`).run({
        id: n, owner, now, state: c.state, attempted: c.attempted ? 1 : 0, notBefore: c.notBefore ?? null,
        ackCode: c.ack?.code ?? null, ackText: c.ack?.text ?? null, ackEncoding: c.ack?.encoding ?? null,
        outcome: c.outcome === undefined ? null : JSON.stringify(c.outcome), patientKey: c.patientKey ?? null,
      });
      return info.changes === 1;
    });
  }

  async list(q: InboxQuery): Promise<InboxPage> {
    const where: string[] = [];
    const args: unknown[] = [];
    const eq = (column: string, v: string | undefined): void => {
      if (v === undefined) return;
      where.push(`${column} = ?`);
      args.push(v);
    };
    eq('sender', q.sender);
    eq('message_type', q.messageType);
    eq('control_id', q.controlId);
    if (q.states !== undefined && q.states.length > 0) {
      where.push(`state IN (${q.states.map(() => '?').join(', ')})`);
      args.push(...q.states);
    }
    if (q.receivedFrom !== undefined) {
      where.push('received_at >= ?');
      args.push(q.receivedFrom);
    }
    if (q.receivedTo !== undefined) {
      where.push('received_at <= ?');
      args.push(q.receivedTo);
    }
    const after = q.after === undefined ? undefined : rowId(q.after);
    if (q.after !== undefined) {
      where.push('id < ?');
      args.push(after ?? 0);
    }
    const sql = `SELECT * FROM inbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.#sql(sql).all(...args, q.limit + 1) as InboxRow[];
    const page = rows.slice(0, q.limit).map(toEntry);
    return { entries: page, next: rows.length > q.limit ? page[page.length - 1]?.id : undefined };
  }

  purgeRaw(before: string): Promise<number> {
    return this.#write(() =>
      this.#sql("UPDATE inbox SET raw = NULL WHERE state = 'done' AND raw IS NOT NULL AND received_at < ?").run(before).changes);
  }

  /** The durability settings in force (tests check them). */
  pragmas(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    await this.#wal?.close();
    this.#db.close();
  }
}
