/**
 * Test double of a MongoDB replica set's storage, for the contract suite (there is no MongoDB here):
 * committed documents per collection, multi-document transactions that buffer their writes and apply
 * them on commit (abort discards them), and MongoDB's write-conflict rules (a document written by
 * another open transaction, or committed after this transaction started, cannot be written: the
 * writer gets a `WriteConflict` labelled `TransientTransactionError`, which `withTransaction` retries).
 * Reads inside a transaction see committed data plus the transaction's own writes (read committed,
 * not a full snapshot). https://www.mongodb.com/docs/manual/core/transactions/
 */
import type { Document } from 'mongodb';

/** Errors shaped like the driver's `MongoServerError` (numeric `code`, error labels). */
export class MingoServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  private readonly labels: Set<string>;
  constructor(code: number, codeName: string, message: string, labels: readonly string[] = []) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    this.codeName = codeName;
    this.labels = new Set(labels);
  }
  hasErrorLabel(label: string): boolean {
    return this.labels.has(label);
  }
  get errorLabels(): string[] {
    return [...this.labels];
  }
}

export const TRANSIENT = 'TransientTransactionError';

export const writeConflict = (key: string): MingoServerError =>
  new MingoServerError(112, 'WriteConflict', `WriteConflict on ${key}`, [TRANSIENT]);

/** One committed document and the commit clock value that wrote it. */
interface Stored {
  readonly doc: Document;
  readonly rev: number;
}

/** A transaction's pending state. */
export interface TxState {
  readonly owner: object;
  /** Commit clock when the transaction started. */
  readonly snapshot: number;
  /** collection → _id → new document, or null for a deletion. */
  readonly writes: Map<string, Map<string, Document | null>>;
}

/** The "server": committed data, write locks of open transactions, the commit clock. */
export class MingoServer {
  private readonly data = new Map<string, Map<string, Stored>>();
  private readonly locks = new Map<string, object>();
  private clock = 0;
  /** Index specs per collection, as created (validated, otherwise a no-op). */
  readonly indexes = new Map<string, { name: string; key: Record<string, unknown> }[]>();

  private committed(collection: string): Map<string, Stored> {
    let c = this.data.get(collection);
    if (!c) this.data.set(collection, (c = new Map()));
    return c;
  }

  /** Starts a transaction for `owner` (a session). */
  begin(owner: object): TxState {
    return { owner, snapshot: this.clock, writes: new Map() };
  }

  /** The documents `tx` sees in `collection` (committed, overlaid by its own writes), in natural order. */
  visible(collection: string, tx: TxState | undefined): Document[] {
    const base = this.committed(collection);
    const own = tx?.writes.get(collection);
    if (!own || own.size === 0) return [...base.values()].map((s) => s.doc);
    const out: Document[] = [];
    for (const [id, s] of base) {
      if (!own.has(id)) out.push(s.doc);
      else {
        const d = own.get(id);
        if (d) out.push(d);
      }
    }
    for (const [id, d] of own) if (d && !base.has(id)) out.push(d);
    return out;
  }

  /** Records a write: buffered in `tx`, or committed at once without one. */
  write(collection: string, id: string, doc: Document | null, tx: TxState | undefined): void {
    const key = `${collection}/${id}`;
    if (!tx) {
      const holder = this.locks.get(key);
      if (holder) throw writeConflict(key);
      this.apply(collection, id, doc);
      return;
    }
    const holder = this.locks.get(key);
    if (holder && holder !== tx.owner) throw writeConflict(key);
    const stored = this.committed(collection).get(id);
    if (stored && stored.rev > tx.snapshot) throw writeConflict(key);
    this.locks.set(key, tx.owner);
    let own = tx.writes.get(collection);
    if (!own) tx.writes.set(collection, (own = new Map()));
    own.set(id, doc);
  }

  private apply(collection: string, id: string, doc: Document | null): void {
    this.clock++;
    if (doc) this.committed(collection).set(id, { doc, rev: this.clock });
    else this.committed(collection).delete(id);
  }

  /** Applies every buffered write of `tx` and releases its locks. */
  commit(tx: TxState): void {
    for (const [collection, own] of tx.writes) {
      for (const [id, doc] of own) this.apply(collection, id, doc);
    }
    this.release(tx);
  }

  /** Discards `tx`'s writes and releases its locks. */
  abort(tx: TxState): void {
    this.release(tx);
  }

  private release(tx: TxState): void {
    for (const [collection, own] of tx.writes) {
      for (const id of own.keys()) {
        const key = `${collection}/${id}`;
        if (this.locks.get(key) === tx.owner) this.locks.delete(key);
      }
    }
  }

  /** Number of committed documents (for tests). */
  size(collection: string): number {
    return this.committed(collection).size;
  }
}
