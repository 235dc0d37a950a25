/**
 * Saves the mapping-gap table to its GapStore when it changed: every `intervalMs` (a timer that does
 * not keep the process alive), on demand (`flush`) and once more on `stop`.
 */
import type { GapStore } from './gap-file-store.js';
import type { MappingGapTable } from './mapping-gaps.js';
import { startPeriodicSave, type PeriodicSave, type PeriodicSaveTiming } from '../../util/periodic-save.js';

/** A running persistence loop: `flush()` saves now if anything changed, `stop()` stops the timer and flushes. */
export type GapPersistence = PeriodicSave;

/** Loads the saved gaps into `table`, then saves changes periodically. */
export async function startGapPersistence(options: PeriodicSaveTiming & {
  readonly table: MappingGapTable;
  readonly store: GapStore;
}): Promise<GapPersistence> {
  const { table, store } = options;
  table.merge(await store.load());
  return startPeriodicSave({ state: table, save: () => store.save(table.snapshot()), intervalMs: options.intervalMs, onError: options.onError });
}
