import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSearchParamRegistry } from './src/core/search/registry.js';
import { SqliteFhirStore } from './src/store/sqlite/sqlite-fhir-store.js';
import { createIndexExtractor } from './src/core/search/extract.js';
import { versionOf } from './src/store/contract/fixtures.js';
const registry = defaultSearchParamRegistry();
const real = createIndexExtractor(registry);
const cache = new Map<string, any>();
const fake = { extract: (r: any) => { if (process.argv[2] === "empty") return { entries: [], compartments: [] }; const k = r.code.coding[0].code + (r.valueQuantity.value); let v = cache.get(k); if (!v) { v = real.extract(r); cache.set(k, v); } return v; } };
const dir = mkdtempSync(join(tmpdir(), 'p-'));
const store = SqliteFhirStore.open({ path: join(dir, 'b.db'), registry, extractor: fake });
const obs = (i: number) => ({
    resourceType: 'Observation', id: `o${i}`, status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: `c${i % 20}`, display: `Test` }], text: `Test` },
    subject: { reference: `Patient/p${i % 100}` },
    effectiveDateTime: '2020-01-01T00:00:00Z',
    valueQuantity: { value: (i % 1000) / 10, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
  }) as any;
const s = performance.now(); const c0 = process.cpuUsage();
const N = 20000;
for (let i = 0; i < N; i += 1000) {
  await store.transaction(async (tx) => { for (let j = i; j < i + 1000; j++) await tx.write(versionOf(obs(j), 1)); });
}
{ const c = process.cpuUsage(c0); console.log('writes/s wall', Math.round(N / ((performance.now() - s) / 1000)), 'per cpu-sec', Math.round(N / ((c.user + c.system) / 1e6))); }
