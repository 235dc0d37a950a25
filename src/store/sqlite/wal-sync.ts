/**
 * Asynchronous, batched fsync of a WAL file: the durability of `synchronous = FULL` without blocking
 * the event loop. The inbox commits with `synchronous = NORMAL` (SQLite writes the WAL frames but does
 * not fsync them at COMMIT; it still syncs the WAL header on a restart and both files at checkpoints),
 * then `sync()` fsyncs the WAL on the libuv thread pool. A caller is answered only when an fsync that
 * STARTED after its COMMIT returned has finished, so its frames (commit frame included) are on disk
 * exactly as FULL would have left them. Commits arriving while an fsync runs share the next one.
 * https://www.sqlite.org/pragma.html#pragma_synchronous · https://www.sqlite.org/wal.html
 */
import { close, fsync, openSync } from 'node:fs';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** One WAL file's fsync queue. */
export class WalSync {
  readonly #fd: number;
  /** Committed, waiting for an fsync that has not started yet. */
  #pending: Waiter[] = [];
  #running: Promise<void> | undefined;
  #closed = false;

  /** Opens `walPath` (created empty when SQLite has not created it yet: an empty WAL is valid). */
  constructor(walPath: string) {
    this.#fd = openSync(walPath, 'a');
  }

  /** Resolves once everything committed before this call is on disk. */
  sync(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the WAL file is closed'));
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      if (this.#running === undefined) this.#start();
    });
  }

  #start(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#running = new Promise<void>((done) => {
      fsync(this.#fd, (error) => {
        for (const w of batch) {
          if (error === null) w.resolve();
          else w.reject(error);
        }
        this.#running = undefined;
        if (this.#pending.length > 0) this.#start();
        done();
      });
    });
  }

  /** Waits for the fsyncs asked for, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#running !== undefined) await this.#running;
    await new Promise<void>((resolve) => close(this.#fd, () => resolve()));
  }
}
