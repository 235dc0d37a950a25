/**
 * The committed `terminology/v2-to-fhir/*.json` are what `npm run build:terminology` makes from the
 * corpus sheets (`$CORPUS_DIR/v2-to-fhir-ig/mappings/codesystems`); without the corpus, the committed
 * files are checked to be well-formed ConceptMaps instead.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderV2ConceptMaps } from './v2-concept-map-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shipped = join(root, 'terminology', 'v2-to-fhir');
const sheets = join(resolve(root, process.env['CORPUS_DIR'] ?? '../shared/corpus'), 'v2-to-fhir-ig', 'mappings', 'codesystems');
const committed = (): Map<string, string> =>
  new Map(readdirSync(shipped).filter((f) => f.endsWith('.json')).sort().map((f) => [f, readFileSync(join(shipped, f), 'utf8')]));

describe('shipped V2-to-FHIR ConceptMaps', () => {
  it('carry the licence and notice', () => {
    expect(readFileSync(join(shipped, 'LICENSE'), 'utf8')).toMatch(/Apache License/);
    expect(readFileSync(join(shipped, 'NOTICE'), 'utf8')).toMatch(/HL7\/v2-to-fhir/);
  });
  it('are well-formed ConceptMaps under the IG canonical', () => {
    for (const [file, text] of committed()) {
      const map = JSON.parse(text) as { resourceType: string; id: string; url: string; group: unknown[] };
      expect(map.resourceType).toBe('ConceptMap');
      expect(`${map.id}.json`).toBe(file);
      expect(map.url).toBe(`http://hl7.org/fhir/uv/v2mappings/ConceptMap/${map.id}`);
      expect(map.group.length).toBeGreaterThan(0);
    }
  });
  if (existsSync(sheets)) {
    it('equal what the build script makes from the corpus', () => {
      expect(committed()).toEqual(new Map([...renderV2ConceptMaps(sheets).files].sort(([a], [b]) => a.localeCompare(b))));
    });
  }
});
