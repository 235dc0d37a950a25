/**
 * Ingest: transaction Bundles (one patient's record each, `urn:uuid` references) POSTed to the real
 * gateway over HTTP with a few requests in flight, into an empty embedded SQLite store. The data set
 * is split into `runs` consecutive slices; the figure is the median slice rate in resources/s.
 */
import type { Bundle } from 'fhir/r4.js';
import { generatePatients, toTransactionBundle } from './dataset.js';
import { connect, type FhirClient } from './lib/client.js';
import { progress } from './lib/log.js';
import { startGatewayProcess } from './lib/processes.js';
import { median, round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

export interface IngestOptions {
  readonly patients: number;
  readonly runs: number;
  /** Bundles in flight at once. */
  readonly concurrency: number;
}

/** POSTs every bundle, `concurrency` at a time; returns the number of resources written. */
export async function postBundles(client: FhirClient, bundles: Iterable<Bundle>, concurrency: number, onResponse?: (b: Bundle) => void): Promise<number> {
  const it = bundles[Symbol.iterator]();
  let written = 0;
  const worker = async (): Promise<void> => {
    for (let n = it.next(); n.done !== true; n = it.next()) {
      const response = await client.post('', n.value);
      if (response.type !== 'transaction-response') throw new Error(`unexpected response ${response.type}`);
      written += response.entry?.length ?? 0;
      onResponse?.(response);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

export async function ingestBench(o: IngestOptions) {
  return withTempDir('ingest', async (dir) => {
    const server = await startGatewayProcess(dir);
    try {
      const client = await connect(server.url);
      // Warm-up (JIT, per-type schema compilation), not timed: two bundles of another seed.
      await postBundles(client, [...generatePatients({ patients: 2, seed: 99 })].map(toTransactionBundle), 1);
      const slice = Math.max(1, Math.floor(o.patients / o.runs));
      const runs: { resources: number; seconds: number; resourcesPerSecond: number }[] = [];
      for (let i = 0; i < o.runs; i++) {
        // Bundles are built ahead so generation is not timed.
        const bundles = [...generatePatients({ patients: slice, offset: i * slice })].map(toTransactionBundle);
        progress(`ingest: slice ${i + 1}/${o.runs} (${slice} bundles)`);
        const t = performance.now();
        const resources = await postBundles(client, bundles, o.concurrency);
        const seconds = (performance.now() - t) / 1000;
        runs.push({ resources, seconds: round(seconds), resourcesPerSecond: round(resources / seconds, 0) });
      }
      return {
        resourcesPerSecond: median(runs.map((r) => r.resourcesPerSecond)),
        bundleSize: round(runs.reduce((s, r) => s + r.resources, 0) / (slice * o.runs), 1),
        concurrency: o.concurrency,
        runs,
        peakRssMb: await server.peakRssMb(),
      };
    } finally {
      await server.stop();
    }
  });
}
