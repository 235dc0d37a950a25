/**
 * Micro benchmark of SqliteFhirStore search (store level, no HTTP): synthetic Patients + Observations,
 * then `code=X&_summary=count`, `patient=P&code=C&date=ge2020`, paging a code search at _count=1000,
 * and direct store ingest. Prints one JSON object. Usage: `npx tsx bench/sqlite-search.bench.ts [n]`
 * (n = Observations, default 100000; one Patient per 100 Observations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, Patient, Resource } from 'fhir/r4.js';
import { createIndexExtractor } from '../src/core/search/extract.js';
import { defaultSearchParamRegistry } from '../src/core/search/registry.js';
import { date, param, ref, searchRequest, token } from '../src/store/contract/search-builders.js';
import { versionOf } from '../src/store/contract/fixtures.js';
import { SqliteFhirStore } from '../src/store/sqlite/sqlite-fhir-store.js';

const n = Number(process.argv[2] ?? 100_000);
const patients = Math.max(1, Math.floor(n / 100));
const CODES = 20;
const registry = defaultSearchParamRegistry();
const dir = mkdtempSync(join(tmpdir(), 'sqlite-bench-'));
const store = SqliteFhirStore.open({ path: join(dir, 'bench.db'), registry, extractor: createIndexExtractor(registry) });

function observation(i: number): Observation {
  const day = new Date(Date.UTC(2015, 0, 1) + (i % 3650) * 86_400_000).toISOString();
  return {
    resourceType: 'Observation', id: `o${i}`, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: `c${i % CODES}`, display: `Test ${i % CODES}` }], text: `Test ${i % CODES}` },
    subject: { reference: `Patient/p${i % patients}` },
    effectiveDateTime: day,
    valueQuantity: { value: (i % 1000) / 10, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
  };
}
function patient(i: number): Patient {
  return { resourceType: 'Patient', id: `p${i}`, gender: i % 2 ? 'male' : 'female', birthDate: `19${50 + (i % 50)}-01-01`, name: [{ family: `Family${i}`, given: ['Given'] }] };
}

async function ingest(): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const batch = 1000;
  const all = (i: number): Resource => (i < patients ? patient(i) : observation(i - patients));
  const total = patients + n;
  for (let i = 0; i < total; i += batch) {
    await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(total, i + batch); j++) await tx.write(versionOf(all(j), 1, new Date(Date.UTC(2024, 0, 1) + j).toISOString()));
    });
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: total / ((performance.now() - start) / 1000), cpu: total / ((cpu.user + cpu.system) / 1e6) };
}

const ms = async (fn: () => Promise<unknown>): Promise<number> => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};

const ingestRate = await ingest();
const code = param(registry, 'Observation', 'code', [token('c3')]);

// code=X&_summary=count
const countReq = searchRequest(['Observation'], [code], { count: 0 });
await store.search(countReq);
let counted = 0;
const countMs = await ms(async () => {
  for (let k = 0; k < 100; k++) counted += (await store.search(countReq)).total ?? 0;
});

// patient=P&code=C&date=ge2020 (p50 over 200 patients)
const times: number[] = [];
for (let k = 0; k < 200; k++) {
  const req = searchRequest(['Observation'], [
    param(registry, 'Observation', 'patient', [ref(`Patient/p${(k * 37) % patients}`)]),
    param(registry, 'Observation', 'code', [token(`c${k % CODES}`, 'http://loinc.org')]),
    param(registry, 'Observation', 'date', [date('ge', '2020')]),
  ], { count: 100 });
  times.push(await ms(() => store.search(req)));
}
times.sort((a, b) => a - b);

// Page through every result of a code search at _count=1000 (a first pass warms the page cache).
let paged = 0;
const pageAll = async () => {
  let cursor: string | undefined;
  do {
    const page = await store.search(searchRequest(['Observation'], [code], { count: 1000, total: 'none', cursor }));
    paged += page.resources.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
};
await pageAll();
paged = 0;
const pageMs = await ms(pageAll);

const result = {
  observations: n,
  patients,
  ingestResourcesPerSec: Math.round(ingestRate.wall),
  ingestResourcesPerCpuSec: Math.round(ingestRate.cpu),
  countResourcesPerSec: Math.round(counted / (countMs / 1000)),
  patientCodeDateP50Ms: Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(3)),
  pagingResourcesPerSec: Math.round(paged / (pageMs / 1000)),
  pagedResources: paged,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
