/**
 * The background path of a big 837P batch, measured in a fresh child process (so its peak RSS is
 * its own): the generated file (bench/x12-837p.ts, 125,000 claims ≈ 43 MB) is written to disk and
 * read back as one Buffer, as the inbox hands it over, then processed by `processX12Stream`
 * (src/pipeline/x12/x12-batch-stream.ts) on a file-backed SQLite store: pass 1 validates and builds
 * the 999, pass 2 translates and commits every claim in parts and builds the 277CA. Reports seconds,
 * claims/s, CPU ms per claim, the RSS before processing and the peak RSS.
 * Direct run: `npx tsx bench/x12-batch-stream.ts [claims] [entries per part]`.
 */
import { fork } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityCodeMapper } from '../src/core/code-mapping.js';
import { inboxEntryUri } from '../src/pipeline/provenance.js';
import { processX12Stream, type X12JobProgress } from '../src/pipeline/x12/x12-batch-stream.js';
import { BENCH_FHIR_BASE, openFileRepository } from './lib/file-repository.js';
import { progress } from './lib/log.js';
import { withTempDir } from './lib/temp.js';
import { chunks } from './x12-837p.js';

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function writeFile(path: string, claims: number): Promise<number> {
  const out = createWriteStream(path, { encoding: 'latin1' });
  let bytes = 0;
  for (const c of chunks(claims)) {
    bytes += c.length;
    if (!out.write(c)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, ko) => out.end((e?: Error | null) => (e ? ko(e) : ok())));
  return bytes;
}

/** The child: generates, reads back and processes `claims` claims; resolves with the figures. */
async function child(claims: number, maxEntries: number | undefined): Promise<Record<string, unknown>> {
  return withTempDir('x12-stream', async (dir) => {
    const file = join(dir, 'batch.x12');
    const bytes = await writeFile(file, claims);
    const baseUrl = BENCH_FHIR_BASE;
    const { store, repo, ids } = openFileRepository(dir);
    const clock = (): Date => new Date();
    const keepAlive = setInterval(() => undefined, 1000); // the store's checkpoint worker is unref'd
    try {
      const raw = readFileSync(file);
      const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
      const p: X12JobProgress = { total: 0, committed: 0 };
      const cpu = process.cpuUsage();
      const started = performance.now();
      let pass1 = 0;
      let ticks = 0;
      const ticker = setInterval(() => {
        if (pass1 === 0 && p.phase === 'committing') pass1 = (performance.now() - started) / 1000;
        if (++ticks % 50 === 0) progress(`x12 stream: ${p.phase ?? ''} ${p.units?.committed ?? 0}/${p.units?.total ?? '?'} claims`);
      }, 200);
      const answer = await processX12Stream({
        repo, codes: identityCodeMapper, ids, clock, aliases: {}, ...(maxEntries === undefined ? {} : { maxEntries }), ack: { clock, controlNumbers: { interchange: () => 1, group: () => 1 } },
      }, { id: 'bench', sender: 'ZZ:SUBMITTER', receivedAt: clock().toISOString(), raw }, { baseUrl, source: inboxEntryUri('bench'), lenient: true, patientCompartment: undefined }, p);
      clearInterval(ticker);
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      return {
        claims, megabytes: +(bytes / 1e6).toFixed(1), code: answer.code, claimsCommitted: p.units?.committed, answerMegabytes: +(answer.text.length / 1e6).toFixed(1),
        seconds: +seconds.toFixed(1), pass1Seconds: +pass1.toFixed(1), claimsPerSecond: Math.round(claims / seconds), cpuMsPerClaim: +((used.user + used.system) / 1000 / claims).toFixed(3),
        rssBeforeProcessingMb: rssBeforeMb, peakRssMb: rssMb(),
        note: 'fresh process: input Buffer read from disk, two streamed passes, parts of <= 5000 entries on file-backed SQLite; peak includes the input Buffer and the answer text',
      };
    } finally {
      try {
        await store.close();
      } finally {
        clearInterval(keepAlive);
      }
    }
  });
}

/** Runs the child process over `claims` claims and returns its figures. */
export async function x12BatchStreamBench(options: { claims: number; maxEntries?: number }): Promise<Record<string, unknown>> {
  progress(`x12: streamed background batch of ${options.claims} claims (child process)`);
  const c = fork(fileURLToPath(import.meta.url), ['--child', String(options.claims), String(options.maxEntries ?? '')], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((ok, ko) => {
    c.once('message', (m) => ok(m as Record<string, unknown>));
    c.once('error', ko);
    c.once('exit', (code) => (code === 0 ? undefined : ko(new Error(`x12 stream child exited with ${code ?? 'a signal'}`))));
  });
}

if (process.argv[1]?.endsWith('x12-batch-stream.ts')) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    const max = process.argv[i + 2];
    const figures = await child(Number(process.argv[i + 1]), max === undefined || max === '' ? undefined : Number(max));
    process.send?.(figures);
    process.disconnect?.();
  } else {
    const max = process.argv[3];
    process.stdout.write(`${JSON.stringify(await x12BatchStreamBench({ claims: Number(process.argv[2] ?? 125_000), ...(max === undefined ? {} : { maxEntries: Number(max) }) }), null, 2)}\n`);
  }
}
