/**
 * CPU time of each thread of a process (Linux `/proc/<pid>/task/<tid>/stat`, utime + stime), to tell
 * the event loop's cost from the libuv thread pool's (where signatures are checked) and V8's helper
 * threads (GC, compilation). `process.cpuUsage()` only gives the sum. Elsewhere: `undefined`.
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime / stime (USER_HZ; 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds of each live thread, with its start time (ticks after boot) to order creation. */
export type ThreadCpu = ReadonlyMap<number, { readonly cpuMs: number; readonly started: number }>;

/** A snapshot of every thread of `pid`; undefined where /proc is not available. */
export function threadCpu(pid: number): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const out = new Map<number, { cpuMs: number; started: number }>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised command name (which may hold spaces): state is field 3.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const utime = Number(f[11]);
      const stime = Number(f[12]);
      const started = Number(f[19]);
      out.set(Number(tid), { cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND, started });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** CPU used between two snapshots, split into main thread, the libuv pool and the other threads. */
export interface ThreadSplit {
  readonly mainMs: number;
  readonly poolMs: number;
  readonly otherMs: number;
  /** Per pool thread (ms), to see whether the pool is saturated or one thread does the work. */
  readonly poolThreadsMs: number[];
  /** Every thread that used CPU, newest first: `[tid - pid, ms]` (main thread = 0). */
  readonly threads: [number, number][];
}

/**
 * Splits the CPU used between `before` and `after`. Node starts the libuv pool lazily, all its threads
 * at once, after V8's platform threads (and tsx's loader thread may come later still): the pool is the
 * latest group of `poolSize` threads started within two clock ticks.
 */
export function splitThreads(pid: number, before: ThreadCpu, after: ThreadCpu, poolSize: number): ThreadSplit {
  const used = [...after].map(([tid, t]) => ({ tid, started: t.started, ms: t.cpuMs - (before.get(tid)?.cpuMs ?? 0) }));
  const others = used.filter((t) => t.tid !== pid).sort((a, b) => a.tid - b.tid);
  // The latest `poolSize` threads started within two clock ticks of each other.
  const byStart = [...others].sort((a, b) => a.started - b.started || a.tid - b.tid);
  let pool: typeof others = [];
  for (let i = 0; i + poolSize <= byStart.length; i++) {
    const group = byStart.slice(i, i + poolSize);
    if ((group[poolSize - 1]?.started ?? 0) - (group[0]?.started ?? 0) <= 2) pool = group;
  }
  const rest = others.filter((t) => !pool.includes(t));
  const sum = (ts: { ms: number }[]): number => ts.reduce((s, t) => s + t.ms, 0);
  return {
    mainMs: sum(used.filter((t) => t.tid === pid)),
    poolMs: sum(pool),
    otherMs: sum(rest),
    poolThreadsMs: pool.map((t) => t.ms).sort((a, b) => b - a),
    threads: [...used.filter((t) => t.tid === pid), ...others].filter((t) => t.ms > 0).map((t) => [t.tid - pid, t.ms]),
  };
}
