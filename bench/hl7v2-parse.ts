/**
 * HL7 v2 parser benchmark (issue 4: ">= 50,000 messages/s per core on the corpus with full field access,
 * and at least 3x faster than the fastest npm HL7 parser measured in the same run").
 *
 * Every message of the corpus (`${CORPUS_DIR}/hl7v2`, or our fixtures when absent: see `corpus.source`)
 * is parsed and every element read (bench/lib/hl7v2-parsers.ts) by our parser and by each npm parser,
 * in the same process, interleaved run by run. Rates are messages per CPU second (`process.cpuUsage`,
 * user + system, all threads: GC included), which load on the shared machine disturbs far less than
 * wall time; the wall-clock rate is printed beside it. Medians over `runs`.
 * Direct run: `npx tsx bench/hl7v2-parse.ts [cpuSecondsPerRun]`.
 */
import { loadHl7v2Corpus, type BenchMessage } from './lib/hl7v2-corpus.js';
import { npmContenders, ours, oursPositional, type ParserContender } from './lib/hl7v2-parsers.js';
import { median, round } from './lib/stats.js';
import { progress } from './lib/log.js';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full GC before each timed run (outside the timing), so no parser pays for another's garbage.
setFlagsFromString('--expose-gc');
const gcNow = runInNewContext('gc') as unknown;
const collect = (): void => {
  if (typeof gcNow === 'function') gcNow();
};

/** Per-contender figures. */
export interface ParserFigures {
  readonly name: string;
  readonly version: string;
  readonly notes: string;
  /** Messages per CPU second (median over runs): the per-core rate. */
  readonly messagesPerCpuSecond: number;
  readonly messagesPerWallSecond: number;
  /** Corpus messages this parser threw on (left out of every parser's timed set). */
  readonly failed: number;
  readonly firstError?: string;
  /** Messages whose unmodified parse re-serializes to the CR-joined input exactly. */
  readonly byteExact?: number;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Runs whole passes over `messages` until `cpuSeconds` of CPU time is spent. */
function measure(c: ParserContender, messages: readonly BenchMessage[], cpuSeconds: number): { cpu: number; wall: number; perCpu: number } {
  let sink = 0;
  let count = 0;
  collect();
  const cpu0 = cpuNow();
  const wall0 = performance.now();
  do {
    for (const m of messages) sink += c.run(m);
    count += messages.length;
  } while (cpuNow() - cpu0 < cpuSeconds);
  const cpu = cpuNow() - cpu0;
  const wall = (performance.now() - wall0) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return { cpu, wall: count / wall, perCpu: count / cpu };
}

/** Which messages `c` throws on. */
function failures(c: ParserContender, messages: readonly BenchMessage[]): { failed: Set<BenchMessage>; firstError?: string } {
  const failed = new Set<BenchMessage>();
  let firstError: string | undefined;
  for (const m of messages) {
    try {
      c.run(m);
    } catch (e) {
      failed.add(m);
      firstError ??= `${m.file}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return firstError === undefined ? { failed } : { failed, firstError };
}

/** Runs the comparison; `cpuSeconds` per contender per run. */
export async function hl7v2ParseBench(options: { runs: number; cpuSeconds: number }): Promise<Record<string, unknown>> {
  const corpus = loadHl7v2Corpus();
  const { loaded, unavailable } = await npmContenders();
  const contenders = [ours, oursPositional, ...loaded];
  const checks = contenders.map((c) => failures(c, corpus.messages));
  const excluded = new Set(checks.flatMap((x) => [...x.failed]));
  const timed = corpus.messages.filter((m) => !excluded.has(m));
  if (timed.length === 0) throw new Error('hl7v2-parse: no message that every parser accepts');
  progress(`hl7v2-parse: ${timed.length}/${corpus.messages.length} messages (${corpus.source}), ${contenders.length} parsers, ${options.runs} run(s)`);
  const perCpu: number[][] = contenders.map(() => []);
  const perWall: number[][] = contenders.map(() => []);
  const load = [loadavg()[0] ?? 0];
  for (const c of contenders) measure(c, timed, Math.min(0.5, options.cpuSeconds / 2)); // warm-up
  for (let r = 0; r < options.runs; r++) {
    contenders.forEach((c, i) => {
      const m = measure(c, timed, options.cpuSeconds);
      perCpu[i]?.push(m.perCpu);
      perWall[i]?.push(m.wall);
    });
    load.push(loadavg()[0] ?? 0);
  }
  const figures: ParserFigures[] = contenders.map((c, i) => {
    const check = checks[i] ?? { failed: new Set() };
    const serialize = c.serialize;
    const byteExact = serialize === undefined ? undefined
      : timed.filter((m) => { try { return serialize(m) === m.text; } catch { return false; } }).length;
    return {
      name: c.name, version: c.version, notes: c.notes,
      messagesPerCpuSecond: Math.round(median(perCpu[i] ?? [])),
      messagesPerWallSecond: Math.round(median(perWall[i] ?? [])),
      failed: check.failed.size,
      ...(check.firstError === undefined ? {} : { firstError: check.firstError }),
      ...(byteExact === undefined ? {} : { byteExact }),
    };
  });
  const [mine, positional, ...npm] = figures;
  const fastest = npm.reduce<ParserFigures | undefined>((best, f) => (best === undefined || f.messagesPerCpuSecond > best.messagesPerCpuSecond ? f : best), undefined);
  return {
    corpus: { source: corpus.source, dir: corpus.dir, ...(corpus.note === undefined ? {} : { note: corpus.note }), files: corpus.files, messages: corpus.messages.length, timedMessages: timed.length, bytes: timed.reduce((n, m) => n + m.bytes.length, 0) },
    access: 'parse + read every subcomponent of every component / repetition / field / segment',
    runs: options.runs,
    cpuSecondsPerRun: options.cpuSeconds,
    loadAverage1m: load.map((l) => round(l, 2)),
    parsers: figures,
    unavailable,
    oursMessagesPerCpuSecond: mine?.messagesPerCpuSecond ?? 0,
    oursPositionalMessagesPerCpuSecond: positional?.messagesPerCpuSecond ?? 0,
    fastestNpm: fastest?.name ?? null,
    ratioToFastestNpm: fastest === undefined || mine === undefined ? null : round(mine.messagesPerCpuSecond / fastest.messagesPerCpuSecond, 2),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const cpuSeconds = Number(process.argv[2] ?? 2);
  const result = await hl7v2ParseBench({ runs: Number(process.env['BENCH_RUNS'] ?? 3), cpuSeconds });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
