/**
 * Required primitive and choice elements. The R4 JSON schema cannot require a primitive (its value may
 * sit in `x` or only in its extension sibling `_x`) nor a choice (`value[x]`), so `Observation.status`
 * or `MedicationRequest.medication[x]` were never required. This check walks the resource along the
 * base StructureDefinitions and reports each missing one. https://hl7.org/fhir/R4/json.html#primitive
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../core/outcomes.js';
import { loadLeanDefinitions } from './lean-definitions.js';

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

/** The table for R4 (resources + datatypes, from the lean definitions), built once. */
export function loadElementTable(): ElementTable {
  cached ??= buildElementTable(loadLeanDefinitions());
  return cached;
}

/** One element of a parent path, with what the walk needs precomputed. */
interface CompiledElement {
  readonly el: ElementInfo;
  /** Missing-element issue text when the element is required and checkable here. */
  readonly required: string | undefined;
  /** Children path of a non-choice element (choices depend on the key). */
  readonly child: string | undefined;
}

const compiledTables = new WeakMap<ElementTable, Map<string, readonly CompiledElement[]>>();

/** The elements of `path` compiled once per table. */
function compiledElements(table: ElementTable, path: string): readonly CompiledElement[] {
  let byPath = compiledTables.get(table);
  if (byPath === undefined) {
    byPath = new Map();
    compiledTables.set(table, byPath);
  }
  let list = byPath.get(path);
  if (list === undefined) {
    list = (table.get(path) ?? []).map((el) => {
      const checked = el.choice || el.types.every(isPrimitiveType);
      return {
        el,
        required: el.min > 0 && checked && el.types.length > 0 ? (el.choice ? `${el.name}[x]` : el.name) : undefined,
        child: el.choice ? undefined : childPath(table, path, el, el.name),
      };
    });
    byPath.set(path, list);
  }
  return list;
}

/** Keys of `node` carrying the choice element `name` (`valueQuantity`, `_valueString`), in key order. */
function choiceKeys(name: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const key = k.charCodeAt(0) === 95 ? k.slice(1) : k; // '_'
    if (key.length > name.length && key.startsWith(name)) {
      const c = key.charCodeAt(name.length);
      if (c >= 65 && c <= 90) out.push(k); // A-Z
    }
  }
  return out;
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

/** Per path, for the key-driven first pass: required elements and the children path under each JSON key. */
interface PathIndex {
  readonly required: readonly ElementInfo[];
  /** Element keys (`status`, `valueQuantity` for each declared type) → children path (undefined: none). */
  readonly byKey: ReadonlyMap<string, string | undefined>;
  readonly choices: readonly ElementInfo[];
}

const pathIndexes = new WeakMap<ElementTable, Map<string, PathIndex>>();

function pathIndex(table: ElementTable, path: string): PathIndex {
  let byPath = pathIndexes.get(table);
  if (byPath === undefined) {
    byPath = new Map();
    pathIndexes.set(table, byPath);
  }
  let index = byPath.get(path);
  if (index === undefined) {
    const byKey = new Map<string, string | undefined>();
    for (const { el, child } of compiledElements(table, path)) {
      if (!el.choice) byKey.set(el.name, child);
      else for (const t of el.types) {
        const key = `${el.name}${t.charAt(0).toUpperCase()}${t.slice(1)}`;
        byKey.set(key, childPath(table, path, el, key));
      }
    }
    index = {
      required: compiledElements(table, path).filter((c) => c.required !== undefined).map((c) => c.el),
      byKey,
      choices: (table.get(path) ?? []).filter((el) => el.choice),
    };
    byPath.set(path, index);
  }
  return index;
}

/**
 * Fast first pass driven by the keys present (a resource has far fewer keys than its definition has
 * elements): true when some required element is missing. Only then does the ordered walk below run,
 * so issues keep their order.
 */
function anyMissing(table: ElementTable, node: unknown, path: string, depth: number): boolean {
  if (depth > 64 || typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) {
    for (const item of node) if (anyMissing(table, item, path, depth)) return true;
    return false;
  }
  const record = node as Record<string, unknown>;
  const index = pathIndex(table, path);
  const keys = Object.keys(record);
  for (const el of index.required) {
    if (el.choice ? choiceKeys(el.name, keys).length === 0 : record[el.name] === undefined && record[`_${el.name}`] === undefined) return true;
  }
  for (const key of keys) {
    let next: string | undefined;
    if (index.byKey.has(key)) next = index.byKey.get(key);
    else if (key.charCodeAt(0) !== 95) {
      // A choice key of an undeclared type (`valueFoo`): resolved as the ordered walk does.
      const el = index.choices.find((c) => choiceKeys(c.name, [key]).length > 0);
      next = el === undefined ? undefined : childPath(table, path, el, key);
    }
    if (next !== undefined && anyMissing(table, record[key], next, depth + 1)) return true;
  }
  return false;
}

/** Reports required primitive / choice elements missing anywhere in `resource` (nested resources excluded). */
export function checkRequiredElements(table: ElementTable, resource: Record<string, unknown>, type: string, root: string): OperationOutcomeIssue[] {
  if (!anyMissing(table, resource, type, 0)) return [];
  const out: OperationOutcomeIssue[] = [];
  const descend = (value: unknown, next: string, at: string, depth: number): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, next, `${at}[${i}]`, depth + 1));
    else walk(value, next, at, depth + 1);
  };
  const walk = (node: unknown, path: string, at: string, depth: number): void => {
    if (depth > 64 || typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const record = node as Record<string, unknown>;
    let keys: string[] | undefined;
    for (const { el, required, child } of compiledElements(table, path)) {
      if (!el.choice) {
        // Keys `x` and `_x`; only `x` has children to walk.
        const value = record[el.name];
        if (value === undefined && record[`_${el.name}`] === undefined) {
          if (required !== undefined) out.push(issue('error', 'required', `Missing required element '${required}' at ${at}.${required}`, `${at}.${required}`));
          continue;
        }
        if (value !== undefined && child !== undefined) descend(value, child, `${at}.${el.name}`, depth);
        continue;
      }
      keys ??= Object.keys(record);
      const found = choiceKeys(el.name, keys);
      if (found.length === 0) {
        if (required !== undefined) out.push(issue('error', 'required', `Missing required element '${required}' at ${at}.${required}`, `${at}.${required}`));
        continue;
      }
      for (const key of found) {
        if (key.startsWith('_')) continue;
        const next = childPath(table, path, el, key);
        if (next !== undefined) descend(record[key], next, `${at}.${key}`, depth);
      }
    }
  };
  walk(resource, type, root, 0);
  return out;
}
