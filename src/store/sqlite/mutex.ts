/** A FIFO async mutex: the single SQLite writer is held across the awaits of one transaction. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  /** True while some caller holds the lock. */
  get locked(): boolean {
    return this.held;
  }

  /** Resolves with a release function once every earlier holder has released. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    this.held = true;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held = false;
      release();
    };
  }
}
