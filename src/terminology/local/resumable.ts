/**
 * Resumable builds: long index builds written as generators that `yield` every few thousand items, so
 * the same code can run in the background in short slices (the event loop stays responsive) or be
 * finished at once by a request that needs the result now (it then waits only for what is left).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** A build that yields between slices of work and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end, synchronously. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** One build, stepped by whoever comes first (a background warm-up, a request); the result or error is kept. */
export class Resumable<T> {
  private outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;

  constructor(private readonly work: Steps<T>) {}

  /** A build that is already finished with `value`. */
  static finished<T>(value: T): Resumable<T> {
    const r = new Resumable<T>([][Symbol.iterator]() as unknown as Steps<T>);
    r.outcome = { ok: true, value };
    return r;
  }

  /** True once finished (successfully or not). */
  get done(): boolean {
    return this.outcome !== undefined;
  }

  /** Does one slice of work; true when the build is finished. */
  step(): boolean {
    if (this.outcome !== undefined) return true;
    try {
      const r = this.work.next();
      if (r.done === true) this.outcome = { ok: true, value: r.value };
    } catch (error) {
      this.outcome = { ok: false, error };
    }
    return this.outcome !== undefined;
  }

  /** Finishes the build now and answers its result (throws its error). */
  finish(): T {
    while (!this.step()) { /* the rest of the work */ }
    const o = this.outcome as NonNullable<typeof this.outcome>;
    if (!o.ok) throw o.error;
    return o.value;
  }

  /** The rest of the build as steps, for a build that goes on from this one. */
  *steps(): Steps<T> {
    while (!this.step()) yield;
    return this.finish();
  }

  /**
   * Steps the build in slices of about `sliceMs`, giving the event loop a turn between slices; resolves
   * with the result (rejects with the build's error).
   */
  async inBackground(sliceMs: number): Promise<T> {
    for (;;) {
      const end = performance.now() + sliceMs;
      while (!this.step() && performance.now() < end) { /* one slice */ }
      if (this.done) return this.finish();
      await nextTurn();
    }
  }
}
