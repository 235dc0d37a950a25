/**
 * Setup for the search benchmarks: a database of N resources written straight through the
 * SqliteFhirStore port (not over HTTP; loading is not what is measured), cached under
 * `.bench-data/` and keyed by the data-set version, the size and a fingerprint of the store and
 * index-extraction sources, so it is built once and rebuilt when any of them changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Observation, Resource } from 'fhir/r4.js';
import { createIndexExtractor } from '../../src/core/search/extract.js';
import { defaultSearchParamRegistry } from '../../src/core/search/registry.js';
import type { ResourceVersion } from '../../src/ports/fhir-store.js';
import { SqliteFhirStore } from '../../src/store/sqlite/sqlite-fhir-store.js';
import { DATASET_VERSION, generatePatients, toResources } from '../dataset.js';
import { progress } from './log.js';
import { BENCH_DATA } from './temp.js';

/** What the cached database holds (written once the load completes). */
export interface LoadedDataset {
  readonly dataDir: string;
  readonly patients: number;
  readonly resources: number;
  /** Observations per LOINC code, to check search answers. */
  readonly observationsByCode: Record<string, number>;
  readonly loadSeconds: number;
  readonly loaderPeakRssMb: number;
}

/** Short hash of the sources whose changes make a cached database stale. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  for (const dir of ['src/store/sqlite', 'src/core/search']) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
      hash.update(f).update(readFileSync(join(dir, f)));
    }
  }
  return hash.digest('hex').slice(0, 10);
}

const BATCH = 5000;

/** Returns the cached database for `patients`, building it first when needed. */
export async function loadSearchDataset(patients: number): Promise<LoadedDataset> {
  const dataDir = join(BENCH_DATA, `search-v${DATASET_VERSION}-${patients}p-${sourceFingerprint()}`);
  const manifest = join(dataDir, 'dataset.json');
  if (existsSync(manifest)) {
    progress(`search: using cached database ${dataDir}`);
    return JSON.parse(readFileSync(manifest, 'utf8')) as LoadedDataset;
  }
  // Databases of the same size built from older sources are stale: drop them (1M resources ≈ 3 GB).
  const prefix = `search-v${DATASET_VERSION}-${patients}p-`;
  if (existsSync(BENCH_DATA)) {
    for (const old of readdirSync(BENCH_DATA).filter((n) => n.startsWith(prefix))) rmSync(join(BENCH_DATA, old), { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  const registry = defaultSearchParamRegistry();
  const store = SqliteFhirStore.open({ path: join(dataDir, 'fhir.sqlite'), registry, extractor: createIndexExtractor(registry) });
  const observationsByCode: Record<string, number> = {};
  const started = performance.now();
  const base = Date.UTC(2025, 0, 1);
  let resources = 0;
  let batch: ResourceVersion[] = [];
  const flush = async (): Promise<void> => {
    const versions = batch;
    batch = [];
    await store.transaction(async (tx) => {
      for (const v of versions) await tx.write(v);
    });
  };
  try {
    for (const record of generatePatients({ patients })) {
      for (const r of toResources(record)) {
        const lastUpdated = new Date(base + resources * 1000).toISOString();
        const resource: Resource = { ...r, meta: { versionId: '1', lastUpdated } };
        batch.push({ resourceType: r.resourceType, id: r.id, versionId: 1, lastUpdated, deleted: false, method: 'POST', resource });
        if (r.resourceType === 'Observation') {
          const code = (r as Observation).code.coding?.[0]?.code ?? '';
          observationsByCode[code] = (observationsByCode[code] ?? 0) + 1;
        }
        resources++;
      }
      if (batch.length >= BATCH) {
        await flush();
        if (resources % 100_000 < BATCH) progress(`search: loaded ${resources} resources (${Math.round(resources / ((performance.now() - started) / 1000))}/s)`);
      }
    }
    await flush();
  } finally {
    await store.close();
  }
  const loaded: LoadedDataset = {
    dataDir,
    patients,
    resources,
    observationsByCode,
    loadSeconds: Math.round((performance.now() - started) / 1000),
    loaderPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  writeFileSync(manifest, JSON.stringify(loaded, null, 2));
  return loaded;
}
