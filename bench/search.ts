/**
 * Search with N stored resources (1,000,000 at BENCH_SCALE=1), over HTTP against the real gateway:
 * - `Observation?code=X&_summary=count`: resources counted per second;
 * - `Observation?patient=P&code=C&date=ge2020`: p50 / p99 latency over many patients, one at a time;
 * - paging through every result of a code search at `_count=1000` following `next` links: resources/s.
 * Each answer is checked against what the generator produced.
 */
import type { Bundle } from 'fhir/r4.js';
import { LOINC } from './terminology.js';
import { generatePatients, patientsFor } from './dataset.js';
import { loadSearchDataset } from './lib/bulk-load.js';
import { connect } from './lib/client.js';
import { progress } from './lib/log.js';
import { startGatewayProcess } from './lib/processes.js';
import { median, quantile, round } from './lib/stats.js';

export interface SearchOptions {
  readonly resources: number;
  readonly runs: number;
  /** Patients queried in the patient + code + date benchmark. */
  readonly patientQueries: number;
}

/** The most and a moderately common observation code. */
function pickCodes(byCode: Record<string, number>): { countCode: string; pageCode: string } {
  const sorted = Object.entries(byCode).sort((a, b) => b[1] - a[1]);
  return { countCode: sorted[0]?.[0] ?? '8867-4', pageCode: sorted[0]?.[0] ?? '8867-4' };
}

export async function searchBench(o: SearchOptions) {
  const dataset = await loadSearchDataset(patientsFor(o.resources));
  const server = await startGatewayProcess(dataset.dataDir);
  try {
    const client = await connect(server.url);
    const { countCode, pageCode } = pickCodes(dataset.observationsByCode);
    const expected = dataset.observationsByCode[countCode] ?? 0;

    // 1. _summary=count
    const countRuns: number[] = [];
    let counted = 0;
    for (let i = 0; i < o.runs + 1; i++) {
      const t = performance.now();
      const b = await client.get(`Observation?code=${encodeURIComponent(`${LOINC}|${countCode}`)}&_summary=count`);
      const ms = performance.now() - t;
      counted = b.total ?? -1;
      if (i > 0) countRuns.push(ms); // the first run warms caches
    }
    progress(`search: count ${countCode} = ${counted} (expected ${expected}), median ${round(median(countRuns))} ms`);

    // 2. patient + code + date
    const step = Math.max(1, Math.floor(dataset.patients / o.patientQueries));
    const latencies: number[] = [];
    let matches = 0;
    for (let i = 0; i < dataset.patients && latencies.length < o.patientQueries; i += step) {
      const [record] = generatePatients({ patients: 1, offset: i });
      if (record === undefined) break;
      const t = performance.now();
      const b = await client.get(`Observation?patient=${record.patient.id}&code=${encodeURIComponent(`${LOINC}|8867-4`)}&date=ge2020`);
      latencies.push(performance.now() - t);
      matches += b.entry?.length ?? 0;
    }
    progress(`search: patient+code+date p50 ${round(median(latencies))} ms over ${latencies.length} patients`);

    // 3. paging at _count=1000
    const pageRuns: { resources: number; pages: number; seconds: number }[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t = performance.now();
      let url: string | undefined = `Observation?code=${encodeURIComponent(`${LOINC}|${pageCode}`)}&_count=1000`;
      let resources = 0;
      let pages = 0;
      while (url !== undefined) {
        const b: Bundle = await client.get(url);
        resources += b.entry?.length ?? 0;
        pages++;
        url = b.link?.find((l) => l.relation === 'next')?.url;
      }
      pageRuns.push({ resources, pages, seconds: round((performance.now() - t) / 1000, 3) });
      progress(`search: paged ${resources} resources in ${pages} pages, ${round((performance.now() - t) / 1000)} s`);
    }
    const pageSeconds = median(pageRuns.map((r) => r.seconds));
    const pageResources = pageRuns[0]?.resources ?? 0;

    return {
      storedResources: dataset.resources,
      datasetLoadSeconds: dataset.loadSeconds,
      count: {
        code: countCode,
        total: counted,
        expected,
        medianMs: round(median(countRuns)),
        resourcesCountedPerSecond: round(counted / (median(countRuns) / 1000), 0),
      },
      patientCodeDate: {
        queries: latencies.length,
        matches,
        p50Ms: round(median(latencies)),
        p99Ms: round(quantile(latencies, 0.99)),
      },
      paging: {
        code: pageCode,
        resources: pageResources,
        expected: dataset.observationsByCode[pageCode] ?? 0,
        pages: pageRuns[0]?.pages ?? 0,
        medianSeconds: pageSeconds,
        resourcesPerSecond: round(pageResources / pageSeconds, 0),
        runs: pageRuns,
      },
      peakRssMb: await server.peakRssMb(),
      loaderPeakRssMb: dataset.loaderPeakRssMb,
    };
  } finally {
    await server.stop();
  }
}
