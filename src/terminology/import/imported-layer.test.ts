/** The imported-systems layer: lazy loading, implicit ValueSets, unreadable files, re-import. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportedSystemsLayer } from './imported-layer.js';
import { LOINC_URL } from './loinc.js';
import { SNOMED_URL } from './snomed.js';
import { importedTerminologyDir, readSystemFile, systemFilePath } from './system-file.js';
import { importedDataDir, serviceOver } from './test-support/imported-fixtures.js';

let env: Awaited<ReturnType<typeof importedDataDir>>;
beforeAll(async () => {
  env = await importedDataDir(['loinc', 'snomed', 'cvx']);
});
afterAll(() => env.cleanup());

describe('ImportedSystemsLayer', () => {
  it('reads headers first and a system only when it is used', async () => {
    const { layer, service } = serviceOver(env.dataDir);
    expect(layer.headers().map((h) => [h.format, h.count])).toEqual([['cvx', 4], ['loinc', 6], ['snomed', 7]]);
    expect(layer.isLoaded(LOINC_URL)).toBe(false);
    await service.lookup({ system: LOINC_URL, code: '8867-4' });
    expect(layer.isLoaded(LOINC_URL)).toBe(true);
    expect(layer.isLoaded(SNOMED_URL)).toBe(false);
  });

  it('warmUp loads and indexes every system in the background', async () => {
    const { layer, service } = serviceOver(env.dataDir);
    const report = await layer.warmUp(1);
    expect(report.systems.map((s) => [s.url, s.concepts])).toEqual([['http://hl7.org/fhir/sid/cvx', 4], [LOINC_URL, 6], [SNOMED_URL, 7]]);
    expect(layer.isLoaded(LOINC_URL) && layer.isLoaded(SNOMED_URL)).toBe(true);
    const vs = await service.expand({ valueSet: 'http://loinc.org/vs', filter: 'glucose', activeOnly: true });
    expect(vs.expansion?.contains?.map((c) => c.code)).toEqual(['2339-0']);
  });

  it('a request during the warm-up finishes the loading itself and gets the same answer', async () => {
    const { layer, service } = serviceOver(env.dataDir);
    const warming = layer.warmUp(0);
    expect(layer.isLoaded(SNOMED_URL)).toBe(false);
    const vs = await service.expand({ valueSet: `${SNOMED_URL}?fhir_vs=isa/73211009`, filter: 'type 2' });
    expect(vs.expansion?.contains?.map((c) => c.code)).toEqual(['44054006']);
    expect(layer.isLoaded(SNOMED_URL)).toBe(true);
    expect((await warming).systems.map((s) => s.concepts)).toEqual([4, 6, 7]);
  });

  it('gives a complete CodeSystem resource with the canonical url and properties', () => {
    const { layer } = serviceOver(env.dataDir);
    const [cs] = layer.find('CodeSystem', SNOMED_URL);
    expect(cs).toMatchObject({ resourceType: 'CodeSystem', url: SNOMED_URL, content: 'complete', hierarchyMeaning: 'is-a', count: 7, valueSet: `${SNOMED_URL}?fhir_vs` });
    expect(cs?.property?.map((p) => p.code)).toContain('parent');
  });

  it.each([
    ['http://loinc.org/vs', true],
    [`${LOINC_URL}?fhir_vs`, true],
    [`${LOINC_URL}?fhir_vs=isa/8867-4`, false], // LOINC has no hierarchy here
    [`${SNOMED_URL}?fhir_vs=isa/73211009`, true],
    [`${SNOMED_URL}?fhir_vs=refset/123`, false],
    ['http://example.org/none?fhir_vs', false],
  ])('implicit ValueSet %s → %s', (url, found) => {
    expect(serviceOver(env.dataDir).layer.find('ValueSet', url)).toHaveLength(found ? 1 : 0);
  });

  it('leaves an unreadable file out and says which', () => {
    const dir = importedTerminologyDir(env.dataDir);
    writeFileSync(join(dir, 'icd10cm.ndjson'), '{"not":"a header"}\n');
    const errors: string[] = [];
    const layer = new ImportedSystemsLayer(dir, (path) => errors.push(path));
    expect(layer.headers().map((h) => h.format)).toEqual(['cvx', 'loinc', 'snomed']);
    expect(errors).toEqual([join(dir, 'icd10cm.ndjson')]);
  });

  it('a system file with a broken concept line is a processing error when loaded', () => {
    const path = join(importedTerminologyDir(env.dataDir), 'rxnorm.ndjson');
    writeFileSync(path, '{"format":"rxnorm","url":"http://example.org/broken","name":"B","title":"B","hierarchical":false,"properties":[],"count":2,"importedAt":"x","sources":[]}\n{"code":"1"}\n{"code":\n');
    try {
      expect(() => readSystemFile(path)).toThrow(expect.objectContaining({ outcome: expect.objectContaining({ issue: [expect.objectContaining({ code: 'processing' })] }) }));
    } finally {
      rmSync(path);
    }
  });

  it('system files round-trip: header then one concept per line', () => {
    const { header, concepts } = readSystemFile(systemFilePath(importedTerminologyDir(env.dataDir), 'cvx'));
    expect(header).toMatchObject({ format: 'cvx', count: 4, importedAt: '2025-01-01T00:00:00.000Z', sources: ['cvx.txt'] });
    expect(concepts.map((c) => c.code)).toEqual(['08', '115', '31', '998']);
  });
});
