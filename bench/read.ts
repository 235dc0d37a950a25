/**
 * Read by id over HTTP: 16 connections GET `/fhir/{type}/{id}` round-robin over ids of resources
 * ingested first (setup, not measured). Reports the median over runs of req/s, p50 and p99.
 */
import { generatePatients, toTransactionBundle } from './dataset.js';
import { postBundles } from './ingest.js';
import { connect } from './lib/client.js';
import { load, medianOf, type LoadResult } from './lib/load.js';
import { progress } from './lib/log.js';
import { startGatewayProcess } from './lib/processes.js';
import { withTempDir } from './lib/temp.js';

export interface ReadOptions {
  readonly patients: number;
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
}

export async function readBench(o: ReadOptions) {
  return withTempDir('read', async (dir) => {
    const server = await startGatewayProcess(dir);
    try {
      const client = await connect(server.url);
      const paths: string[] = [];
      progress(`read: loading ${o.patients} patients over HTTP (setup)`);
      const bundles = [...generatePatients({ patients: o.patients, seed: 7 })].map(toTransactionBundle);
      const resources = await postBundles(client, bundles, 2, (response) => {
        for (const e of response.entry ?? []) {
          const location = e.response?.location;
          // `Type/id/_history/1` (relative or absolute) → `/fhir/Type/id`
          const m = location === undefined ? null : /([A-Z][A-Za-z]+\/[^/]+)\/_history\/\d+$/.exec(location);
          if (m?.[1] !== undefined && paths.length < 20_000) paths.push(`/fhir/${m[1]}`);
        }
      });
      if (paths.length === 0) throw new Error('no ids came back from the transaction responses');
      const runs: LoadResult[] = [];
      for (let i = 0; i < o.runs; i++) {
        progress(`read: run ${i + 1}/${o.runs} (${o.connections} connections, ${o.seconds}s, ${paths.length} ids)`);
        runs.push(await load(server.url, paths, {
          connections: o.connections,
          seconds: o.seconds,
          headers: { Authorization: client.authorization, Accept: 'application/fhir+json' },
        }));
      }
      return { ...medianOf(runs), storedResources: resources, distinctIds: paths.length, peakRssMb: await server.peakRssMb() };
    } finally {
      await server.stop();
    }
  });
}
