/**
 * In-process figures for loading an imported code system (used by terminology-expand.ts):
 * - cold: the first `$expand` (text filter) with nothing loaded: wall and CPU time of read + index;
 * - warm-up: `ImportedSystemsLayer.warmUp` in the background, with the event loop's largest delay
 *   (perf_hooks.monitorEventLoopDelay) while it runs, and one `$expand` sent part-way through that
 *   finishes the loading itself (what a request arriving during the warm-up waits).
 * Run alone: `npx tsx bench/terminology-warmup.ts DATA_DIR`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { ImportedSystemsLayer } from '../src/terminology/import/imported-layer.js';
import { importedTerminologyDir } from '../src/terminology/import/system-file.js';
import { TerminologyContent } from '../src/terminology/local/content-registry.js';
import { LocalTerminologyService } from '../src/terminology/local/local-terminology-service.js';
import { round } from './lib/stats.js';

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = cpuUsage(since);
  return Math.round((u.user + u.system) / 1000);
};

function service(dataDir: string): { layer: ImportedSystemsLayer; svc: LocalTerminologyService } {
  const layer = new ImportedSystemsLayer(importedTerminologyDir(dataDir));
  layer.headers();
  return { layer, svc: new LocalTerminologyService({ content: new TerminologyContent([layer]), clock: () => new Date() }) };
}

const expandGlucose = (svc: LocalTerminologyService): number => svc.expandNow({ valueSet: 'http://loinc.org/vs', filter: 'glucose', count: 20 }).expansion?.total ?? 0;

/** Measures cold first use and the background warm-up of the systems imported into `dataDir`. */
export async function terminologyWarmUpFigures(dataDir: string) {
  // The event loop of this process with nothing to do, on this (shared) machine: the floor for the figures below.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await sleep(2000);
  idle.disable();
  const idleDelay = { maxMs: round(idle.max / 1e6, 1), p99Ms: round(idle.percentile(99) / 1e6, 1) };
  const cold = service(dataDir);
  let c = cpuUsage();
  let t = performance.now();
  expandGlucose(cold.svc);
  const coldFirst = { wallMs: Math.round(performance.now() - t), cpuMs: cpuMs(c) };

  // The warm-up alone: how long the event loop waits at most between two slices.
  const warm = service(dataDir);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  c = cpuUsage();
  t = performance.now();
  const report = await warm.layer.warmUp();
  delay.disable();
  const warmUp = {
    wallMs: Math.round(performance.now() - t), cpuMs: cpuMs(c), systems: report.systems,
    eventLoopDelay: { maxMs: round(delay.max / 1e6, 1), p99Ms: round(delay.percentile(99) / 1e6, 1), meanMs: round(delay.mean / 1e6, 1) },
  };
  const after = performance.now();
  expandGlucose(warm.svc);
  const warmFirstExpandMs = round(performance.now() - after, 1);

  // A request arriving half-way through the warm-up finishes the loading itself.
  const requestAfterMs = Math.round(warmUp.wallMs / 2);
  const racing = service(dataDir);
  const warming = racing.layer.warmUp();
  await sleep(requestAfterMs);
  const r = performance.now();
  expandGlucose(racing.svc);
  const duringWarmUpMs = Math.round(performance.now() - r);
  await warming;
  return { idleEventLoopDelay: idleDelay, coldFirstExpand: coldFirst, warmUp, firstExpandAfterWarmUpMs: warmFirstExpandMs, firstExpandDuringWarmUp: { sentAfterMs: requestAfterMs, waitedMs: duringWarmUpMs } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: tsx bench/terminology-warmup.ts DATA_DIR');
  process.stdout.write(`${JSON.stringify(await terminologyWarmUpFigures(dir), null, 2)}\n`);
}
