import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSearchParamRegistry } from './src/core/search/registry.js';
import { SqliteFhirStore } from './src/store/sqlite/sqlite-fhir-store.js';
import { createIndexExtractor } from './src/core/search/extract.js';
import { versionOf } from './src/store/contract/fixtures.js';
import { param, searchRequest, token } from './src/store/contract/search-builders.js';
const registry = defaultSearchParamRegistry();
const real = createIndexExtractor(registry);
const cache = new Map<string, any>();
const fake = { extract: (r: any) => { const k = r.code.coding[0].code + (r.valueQuantity.value); let v = cache.get(k); if (!v) { v = real.extract(r); cache.set(k, v); } return v; } };
const dir = mkdtempSync(join(tmpdir(), 'p-'));
const store = SqliteFhirStore.open({ path: join(dir, 'b.db'), registry, extractor: fake });
const obs = (i: number) => ({
    resourceType: 'Observation', id: `o${i}`, status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: `c${i % 20}`, display: `Test` }], text: `Test` },
    subject: { reference: `Patient/p${i % 100}` },
    effectiveDateTime: '2020-01-01T00:00:00Z',
    valueQuantity: { value: (i % 1000) / 10, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
  }) as any;
const N = 40000;
for (let i = 0; i < N; i += 2000) {
  await store.transaction(async (tx) => { for (let j = i; j < i + 2000; j++) await tx.write(versionOf(obs(j), 1)); });
}
const code = param(registry, 'Observation', 'code', [token('c3')]);
for (let rep = 0; rep < 3; rep++) {
  let paged = 0; const s = performance.now(); let cursor: string | undefined; let pages = 0;
  do {
    const page = await store.search(searchRequest(['Observation'], [code], { count: 1000, total: 'none', cursor }));
    paged += page.resources.length; cursor = page.nextCursor; pages++;
  } while (cursor !== undefined);
  console.log('paged', paged, 'pages', pages, 'per sec', Math.round(paged / ((performance.now() - s) / 1000)));
}
