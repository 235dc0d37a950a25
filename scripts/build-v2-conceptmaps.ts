/**
 * Builds the shipped terminology content (`npm run build:terminology`):
 * 1. the HL7 V2-to-FHIR code system sheets (`$CORPUS_DIR/v2-to-fhir-ig/mappings/codesystems/*.csv`,
 *    Apache-2.0) → ConceptMap JSON in `terminology/v2-to-fhir/`, with the licence and a NOTICE;
 * 2. the url index of `hl7.terminology.r4` (`terminology/tho-url-index.json`) for the few THO
 *    resources whose file name does not follow from their url.
 * Run: `npx tsx scripts/build-v2-conceptmaps.ts` (CORPUS_DIR defaults to ../shared/corpus).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THO_URL_INDEX_FILE, thoPackageDir } from '../src/terminology/content/default-content.js';
import { ThoPackageLayer } from '../src/terminology/content/tho-package-layer.js';
import { renderV2ConceptMaps } from '../src/terminology/v2-to-fhir/v2-concept-map-files.js';
import { V2_NOTICE } from '../src/terminology/v2-to-fhir/notice.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, process.env['CORPUS_DIR'] ?? '../shared/corpus', 'v2-to-fhir-ig');
const out = join(root, 'terminology', 'v2-to-fhir');

const rendered = renderV2ConceptMaps(join(corpus, 'mappings', 'codesystems'));
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.json')) rmSync(join(out, f));
for (const [name, text] of rendered.files) writeFileSync(join(out, name), text);
copyFileSync(join(corpus, 'LICENSE'), join(out, 'LICENSE'));
writeFileSync(join(out, 'NOTICE'), V2_NOTICE);

const thoDir = thoPackageDir();
let thoIndexed = 0;
if (thoDir !== null) {
  const version = (JSON.parse(readFileSync(join(thoDir, 'package.json'), 'utf8')) as { version: string }).version;
  const index = new ThoPackageLayer(thoDir).buildUrlIndex(version);
  writeFileSync(join(root, 'terminology', THO_URL_INDEX_FILE), JSON.stringify(index, null, 2) + '\n');
  thoIndexed = Object.keys(index.files).length;
}

console.log(JSON.stringify({
  conceptMaps: rendered.files.size, elements: rendered.elements, unmatched: rendered.unmatched,
  issues: rendered.issues.length, thoIrregularUrls: thoIndexed,
}));
for (const i of rendered.issues) console.log(`  ${i}`);
