/**
 * WAL checkpoints off the event loop: a worker thread with its own connection runs
 * `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs` (and at once when asked), so copying WAL pages
 * into the database and the two fsyncs of a checkpoint never run inside a COMMIT on the main thread.
 * With SQLite's automatic checkpoint (`wal_autocheckpoint`) the COMMIT that crossed the threshold did
 * all of that synchronously: ~150–200 ms stalls here, the whole p99 tail of HL7 v2 ingestion.
 *
 * A PASSIVE checkpoint never blocks the writer or readers. The WAL restarts from its beginning once a
 * checkpoint has copied every frame and a new write transaction starts; `pass()` lets the store run one
 * while it holds the writer (nothing appended meanwhile), as a backstop when the WAL keeps growing.
 * Durability is unchanged: the checkpoint syncs the WAL before and the database after copying, as the
 * automatic one does. https://www.sqlite.org/wal.html#ckpt · https://www.sqlite.org/c3ref/wal_checkpoint_v2.html
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The result of one checkpoint pass (`PRAGMA wal_checkpoint`). */
export interface CheckpointResult {
  /** 1 when the checkpoint could not run to completion because of a lock. */
  readonly busy: number;
  /** Frames in the WAL (-1 when not in WAL mode). */
  readonly log: number;
  /** Frames copied into the database so far. */
  readonly checkpointed: number;
}

/** Worker code (CommonJS, plain JS: it runs the same under tsx, vitest and the compiled build). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
const pass = () => {
  try {
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0] || {};
    return { busy: Number(row.busy), log: Number(row.log), checkpointed: Number(row.checkpointed) };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
};
const timer = setInterval(() => parentPort.postMessage({ type: 'pass', ...pass() }), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m.type === 'pass') parentPort.postMessage({ type: 'done', id: m.id, ...pass() });
  if (m.type === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
`;

type WorkerReply =
  | ({ type: 'pass' | 'done'; id?: number } & Partial<CheckpointResult> & { error?: string })
  | { type: 'stopped' };

/** The checkpoint worker of one database file. */
export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: unknown) => void }>();
  #next = 0;
  #stopped: Promise<void> | undefined;
  #failed: unknown;

  /**
   * Starts the worker on `path` (a WAL-mode database file).
   * @param onResult called with each pass's result (the store's backstop decision)
   * @param onError called once if the worker fails (the store falls back to automatic checkpoints)
   */
  constructor(path: string, intervalMs: number, onResult: (r: CheckpointResult) => void, onError: (e: unknown) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, { eval: true, workerData: { driver, path, intervalMs } });
    this.#worker.unref();
    this.#worker.on('message', (m: WorkerReply) => {
      if (m.type === 'stopped') return;
      const waiter = m.id === undefined ? undefined : this.#waiting.get(m.id);
      if (m.id !== undefined) this.#waiting.delete(m.id);
      if (this.#waiting.size === 0) this.#worker.unref();
      if (m.error !== undefined) {
        waiter?.reject(new Error(m.error));
        return;
      }
      const r: CheckpointResult = { busy: m.busy ?? 0, log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 };
      waiter?.resolve(r);
      onResult(r);
    });
    this.#worker.on('error', (e) => {
      this.#failed = e;
      for (const w of this.#waiting.values()) w.reject(e);
      this.#waiting.clear();
      onError(e);
    });
  }

  /** Runs one checkpoint pass now (after the one running, if any). */
  pass(): Promise<CheckpointResult> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    if (this.#stopped !== undefined) return Promise.reject(new Error('the checkpointer is stopped'));
    const id = this.#next++;
    // Referenced while someone awaits a pass: an unref'd worker would let a process with nothing else
    // to do exit in the middle of that await.
    this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'pass', id });
    });
  }

  /** Stops the timer, closes the worker's connection and ends the thread. */
  stop(): Promise<void> {
    this.#stopped ??= new Promise<void>((resolve) => {
      if (this.#failed !== undefined) {
        void this.#worker.terminate().then(() => resolve(), () => resolve());
        return;
      }
      this.#worker.ref();
      this.#worker.once('exit', () => resolve());
      this.#worker.postMessage({ type: 'stop' });
    });
    return this.#stopped;
  }
}
