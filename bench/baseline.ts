/**
 * Baseline: the same load generator against a bare `node:http` server and an express 5 route on this
 * machine, run in the same command as the gateway figures, so they can be read as ratios.
 */
import { load, medianOf, type LoadResult } from './lib/load.js';
import { progress } from './lib/log.js';
import { startHelloProcess } from './lib/processes.js';

export interface BaselineOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
}

export async function baselineBench(o: BaselineOptions): Promise<Record<'nodeHttp' | 'express', LoadResult>> {
  const out: Partial<Record<'nodeHttp' | 'express', LoadResult>> = {};
  for (const kind of ['http', 'express'] as const) {
    const server = await startHelloProcess(kind);
    try {
      const runs: LoadResult[] = [];
      for (let i = 0; i < o.runs; i++) {
        progress(`baseline ${kind}: run ${i + 1}/${o.runs}`);
        runs.push(await load(server.url, ['/fhir/Patient/p1'], { connections: o.connections, seconds: o.seconds }));
      }
      out[kind === 'http' ? 'nodeHttp' : 'express'] = medianOf(runs);
    } finally {
      await server.stop();
    }
  }
  return out as Record<'nodeHttp' | 'express', LoadResult>;
}
