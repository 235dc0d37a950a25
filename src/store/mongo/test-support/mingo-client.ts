/**
 * Test doubles of the driver's `MongoClient`, `Db` and `ClientSession` over a `MingoServer`.
 * `withTransaction` follows the driver: run the callback in a transaction, commit, retry the whole
 * callback on errors labelled `TransientTransactionError`, abort (discarding writes) on anything else.
 * https://www.mongodb.com/docs/drivers/node/current/fundamentals/transactions/
 */
import type { Document } from 'mongodb';
import type { ClientLike, CollectionLike, DbLike, SessionLike, SessionOption } from '../mongo-types.js';
import { MingoCollection, type TxSource } from './mingo-collection.js';
import { MingoServer, MingoServerError, TRANSIENT, type TxState } from './mingo-server.js';

/** Attempts before `withTransaction` gives up on transient errors (the driver retries for 120 s). */
const MAX_ATTEMPTS = 200;

const isTransient = (e: unknown): boolean => e instanceof MingoServerError && e.hasErrorLabel(TRANSIENT);

/** A session; holds the state of its open transaction. */
export class MingoSession implements SessionLike {
  tx: TxState | undefined;
  private ended = false;
  constructor(private readonly server: MingoServer, private readonly client: MingoClient) {}

  async withTransaction<T>(fn: (session: SessionLike) => Promise<T>): Promise<T> {
    if (this.ended) throw new MingoServerError(0, 'SessionEnded', 'Cannot use a session that has ended');
    if (this.tx) throw new MingoServerError(251, 'TransactionInProgress', 'Transaction already in progress');
    for (let attempt = 1; ; attempt++) {
      this.client.assertOpen();
      const tx = this.server.begin(this);
      this.tx = tx;
      try {
        const result = await fn(this);
        this.server.commit(tx);
        return result;
      } catch (e) {
        this.server.abort(tx);
        if (!isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
        // Let the conflicting transaction finish before retrying (the driver backs off too).
        await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 10)));
      } finally {
        this.tx = undefined;
      }
    }
  }

  async endSession(): Promise<void> {
    if (this.tx) this.server.abort(this.tx);
    this.tx = undefined;
    this.ended = true;
    await Promise.resolve();
  }
}

/** A database of the double. */
export class MingoDb implements DbLike {
  constructor(private readonly server: MingoServer, private readonly sessions: TxSource) {}

  collection<T extends Document>(name: string): CollectionLike<T> {
    // Collections hold no state of their own (it lives in the server), so a new view per call is fine.
    return new MingoCollection<T>(this.server, name, this.sessions);
  }

  async command(command: Document): Promise<Document> {
    this.sessions.assertOpen();
    await Promise.resolve();
    if (command['ping'] === 1) return { ok: 1 };
    throw new MingoServerError(59, 'CommandNotFound', `The double does not implement ${Object.keys(command).join(', ')}`);
  }
}

/** The client double (one database per client is all the tests need). */
export class MingoClient implements ClientLike, TxSource {
  private closed = false;
  readonly server: MingoServer;
  constructor(server: MingoServer = new MingoServer()) {
    this.server = server;
  }

  db(): MingoDb {
    return new MingoDb(this.server, this);
  }

  startSession(): MingoSession {
    this.assertOpen();
    return new MingoSession(this.server, this);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.resolve();
  }

  assertOpen(): void {
    if (this.closed) throw new MingoServerError(0, 'MongoClientClosed', 'Client is closed');
  }

  /** The transaction state of the session in `options`, if it is one of ours in a transaction. */
  txOf(options: SessionOption | undefined): TxState | undefined {
    const s = options?.session;
    if (s === undefined) return undefined;
    if (!(s instanceof MingoSession)) throw new Error('Foreign session passed to the mingo double');
    return s.tx;
  }
}
