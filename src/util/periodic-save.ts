/**
 * A "save when dirty" loop shared by the small JSON state files kept in DATA_DIR (HL7 v2 coverage
 * report, mapping gaps): `save` runs when the state changed — every `intervalMs` (a timer that does not
 * keep the process alive), on `flush()` and once more on `stop()`. Saves never overlap: each waits for
 * the one before it. Where the state goes and how it is written is the caller's `save`.
 */

/** State that knows whether it changed since it was last saved. */
export interface DirtyTracked {
  /** True when something changed since the last `markSaved`. */
  readonly dirty: boolean;
  /** Records that the current content has been saved. */
  markSaved(): void;
  /** Records that the content must be saved again (a save failed). */
  markDirty(): void;
}

/** A running save loop. */
export interface PeriodicSave {
  /** Saves now if anything changed; resolves when saved, rejects when that save failed. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  stop(): Promise<void>;
}

/** How often the loop saves, and where a periodic save's failure goes. */
export interface PeriodicSaveTiming {
  readonly intervalMs: number;
  /** Called when a periodic save fails (the next period tries again). */
  readonly onError: (e: unknown) => void;
}

/**
 * Starts the loop. The state as it stands now counts as saved (the caller has just loaded it). The
 * state is marked saved before `save` runs, so changes made during a save mark it dirty again; a failed
 * save marks it dirty so the next flush tries again.
 */
export function startPeriodicSave(options: PeriodicSaveTiming & {
  readonly state: DirtyTracked;
  /** Writes the current state (reads it when called, after it was marked saved). */
  readonly save: () => Promise<void>;
}): PeriodicSave {
  const { state, save } = options;
  state.markSaved();
  let running: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const next = running.catch(() => undefined).then(async () => {
      if (!state.dirty) return;
      state.markSaved(); // before the write: changes made while it runs mark the state dirty again
      try {
        await save();
      } catch (e) {
        state.markDirty(); // the next flush tries again
        throw e;
      }
    });
    running = next;
    return next;
  };
  const timer = setInterval(() => {
    flush().catch(options.onError);
  }, options.intervalMs);
  timer.unref();
  return {
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
