/**
 * Persists the HL7 v2 coverage report (translators/hl7v2/coverage) in `DATA_DIR/hl7v2-coverage.json`
 * so it survives restarts: loaded once at boot, then saved when it changed — every `intervalMs` (a timer
 * that does not keep the process alive), on `flush()` and on `stop()` — with an atomic write (temporary
 * file, mode 0600, rename: a crash leaves the old or the new report, never a torn one). Field ids and
 * counts only, no patient data. With several instances each keeps its own file.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../auth/atomic-file.js';
import type { Hl7v2CoverageReport } from '../../translators/hl7v2/coverage/index.js';
import { startPeriodicSave, type PeriodicSave, type PeriodicSaveTiming } from '../../util/periodic-save.js';

/** A running persistence loop: `flush()` saves now if anything changed, `stop()` stops the timer and flushes. */
export type CoveragePersistence = PeriodicSave;

/**
 * Loads `path` into `report` (a missing file is an empty report; an unreadable one is reported through
 * `onError` and replaced at the next save), then saves changes periodically. `onError` is called when
 * loading or a periodic save fails (the next period tries again).
 */
export async function startCoveragePersistence(options: PeriodicSaveTiming & {
  readonly report: Hl7v2CoverageReport;
  readonly path: string;
}): Promise<CoveragePersistence> {
  const { report, path } = options;
  try {
    report.restore(JSON.parse(await readFile(path, 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') options.onError(e);
  }
  const save = (): Promise<void> => writeFileAtomic(path, `${JSON.stringify(report.snapshot())}\n`);
  return startPeriodicSave({ state: report, save, intervalMs: options.intervalMs, onError: options.onError });
}
