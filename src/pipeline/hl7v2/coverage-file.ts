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

/** A running persistence loop. */
export interface CoveragePersistence {
  /** Saves now if anything changed; resolves when saved. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  stop(): Promise<void>;
}

/**
 * Loads `path` into `report` (a missing file is an empty report; an unreadable one is reported through
 * `onError` and replaced at the next save), then saves changes periodically.
 */
export async function startCoveragePersistence(options: {
  readonly report: Hl7v2CoverageReport;
  readonly path: string;
  readonly intervalMs: number;
  /** Called when loading or a periodic save fails (the next period tries again). */
  readonly onError: (e: unknown) => void;
}): Promise<CoveragePersistence> {
  const { report, path } = options;
  try {
    report.restore(JSON.parse(await readFile(path, 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') options.onError(e);
  }
  report.markSaved();
  let running: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const next = running.catch(() => undefined).then(async () => {
      if (!report.dirty) return;
      report.markSaved(); // before the write: counts recorded while it runs mark the report dirty again
      try {
        await writeFileAtomic(path, `${JSON.stringify(report.snapshot())}\n`);
      } catch (e) {
        report.markDirty();
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
