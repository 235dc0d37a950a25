/**
 * A small progress bar for the import CLI: bytes read of the file, percent, rows per second. On a
 * terminal it redraws one line (at most 5 times a second); elsewhere it prints a line every 5 seconds.
 */

/** Where importers report how far they are. */
export interface ImportProgress {
  /** A new file of `totalBytes` starts. */
  start(label: string, totalBytes: number): void;
  /** `bytes` of the current file read, `rows` rows seen so far in it. */
  update(bytes: number, rows: number): void;
  /** The current file is done. */
  end(): void;
}

/** Progress that goes nowhere (tests, library use). */
export const silentProgress: ImportProgress = { start: () => undefined, update: () => undefined, end: () => undefined };

/** A writable text stream (`process.stderr`). */
export interface ProgressOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const WIDTH = 28;
const mb = (n: number): string => (n / 1048576).toFixed(1);

/** A progress bar on `out`; `now` is injectable for tests. */
export function progressBar(out: ProgressOut, now: () => number = () => performance.now()): ImportProgress {
  let label = '';
  let total = 0;
  let started = 0;
  let last = 0;
  let bytes = 0;
  let rows = 0;
  const tty = out.isTTY === true;
  const render = (): string => {
    const frac = total > 0 ? Math.min(1, bytes / total) : 0;
    const filled = Math.round(frac * WIDTH);
    const secs = Math.max(0.001, (now() - started) / 1000);
    const rate = Math.round(rows / secs).toLocaleString('en-US');
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(bytes)}/${mb(total)} MB ${rows.toLocaleString('en-US')} rows ${rate} rows/s`;
  };
  return {
    start(l, t) {
      label = l;
      total = t;
      bytes = 0;
      rows = 0;
      started = now();
      last = started;
      if (tty) out.write(render());
    },
    update(b, r) {
      bytes = b;
      rows = r;
      const t = now();
      if (t - last < (tty ? 200 : 5000)) return;
      last = t;
      out.write(tty ? `\r${render()}` : `${render()}\n`);
    },
    end() {
      bytes = total;
      out.write(tty ? `\r${render()}\n` : `${render()}\n`);
    },
  };
}
