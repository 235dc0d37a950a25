/** HTTP load with autocannon from the bench process (the server runs in its own child process). */
import autocannon from 'autocannon';
import { median, round } from './stats.js';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
  readonly headers?: Record<string, string>;
}

/** GETs `paths` round-robin for `seconds` over `connections` keep-alive connections. */
export async function load(url: string, paths: readonly string[], o: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: o.connections,
    duration: o.seconds,
    headers: o.headers ?? {},
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] ?? '/' }) }],
  });
  return {
    requestsPerSecond: round(result.requests.average, 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Median of each figure over several runs (runs are kept for the record). */
export function medianOf(runs: readonly LoadResult[]): LoadResult & { runs: readonly LoadResult[] } {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    runs,
  };
}
