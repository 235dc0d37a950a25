/**
 * A keyed serial queue with bounded concurrency: tasks with the same key run one after another in the
 * order they were queued (messages about one patient are applied in arrival order); tasks with
 * different keys run in parallel, at most `concurrency` at a time. DESIGN.md "Ingestion" (ordering).
 */

interface Task {
  readonly key: string;
  readonly run: () => Promise<void>;
}

/** The queue. */
export class KeyedQueue {
  readonly #concurrency: number;
  /** Per key: tasks waiting behind the running one (the key is present while one runs). */
  readonly #byKey = new Map<string, Task[]>();
  /** Keys whose head task waits for a free slot, in queue order. */
  readonly #ready: Task[] = [];
  #running = 0;
  #idle: Array<() => void> = [];

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    this.#concurrency = concurrency;
  }

  /** Tasks queued or running. */
  get size(): number {
    let n = this.#ready.length + this.#running;
    for (const waiting of this.#byKey.values()) n += waiting.length;
    return n;
  }

  /** Queues `work` under `key`; resolves / rejects with its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = { key, run: () => work().then(resolve, reject) };
      const waiting = this.#byKey.get(key);
      if (waiting !== undefined) waiting.push(task);
      else {
        this.#byKey.set(key, []);
        this.#ready.push(task);
        this.#pump();
      }
    });
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const task = this.#ready.shift();
      if (task === undefined) break;
      this.#running++;
      void task.run().finally(() => {
        this.#running--;
        const next = this.#byKey.get(task.key)?.shift();
        if (next !== undefined) this.#ready.push(next);
        else this.#byKey.delete(task.key);
        this.#pump();
        if (this.size === 0) for (const done of this.#idle.splice(0)) done();
      });
    }
  }
}
