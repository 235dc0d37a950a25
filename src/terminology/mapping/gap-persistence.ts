/**
 * Saves the mapping-gap table to its GapStore when it changed: every `intervalMs` (a timer that does
 * not keep the process alive), on demand (`flush`) and once more on `stop`.
 */
import type { GapStore } from './gap-file-store.js';
import type { MappingGapTable } from './mapping-gaps.js';

/** A running persistence loop. */
export interface GapPersistence {
  /** Saves now if anything changed; resolves when saved. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  stop(): Promise<void>;
}

/** Loads the saved gaps into `table`, then saves changes periodically. */
export async function startGapPersistence(options: {
  readonly table: MappingGapTable;
  readonly store: GapStore;
  readonly intervalMs: number;
  /** Called when a periodic save fails (the next period tries again). */
  readonly onError: (e: unknown) => void;
}): Promise<GapPersistence> {
  const { table, store } = options;
  table.merge(await store.load());
  table.markSaved();
  let running: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const next = running.catch(() => undefined).then(async () => {
      if (!table.dirty) return;
      table.markSaved(); // before the write: changes made while it runs mark the table dirty again
      try {
        await store.save(table.snapshot());
      } catch (e) {
        table.markDirty(); // the next flush tries again
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
