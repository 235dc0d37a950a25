/**
 * BENCH_SCALE (default 1) shrinks or grows every workload: 1 means the sizes (1,000,000 stored
 * resources for the search benchmarks). Read here only; the gateway itself never sees it.
 */
export function benchScale(): number {
  const raw = process.env['BENCH_SCALE'];
  const v = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`BENCH_SCALE must be a positive number, got ${JSON.stringify(raw)}`);
  return v;
}

/** Runs per figure (medians are taken over them): BENCH_RUNS, default 3. */
export function benchRuns(): number {
  const v = Number(process.env['BENCH_RUNS'] ?? 3);
  return Number.isInteger(v) && v > 0 ? v : 3;
}
