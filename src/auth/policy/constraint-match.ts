/**
 * In-memory check of a SMART v2 granular restriction (`patient/Observation.rs?category=laboratory`)
 * against one resource, over the same index values search uses. Supported: token (`code`,
 * `system|code`, `|code`, `system|`), reference (`Type/id` or `id`) and string (prefix) parameters,
 * comma = OR, repeated parameters = AND. Anything else (modifiers, other types, unknown names) matches
 * nothing: an unsupported restriction denies rather than widens.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
import type { Resource } from 'fhir/r4.js';
import type { IndexEntry, IndexExtractor, IndexValue } from '../../core/search/types.js';

function matchesValue(v: IndexValue, wanted: string): boolean {
  switch (v.kind) {
    case 'token': {
      const bar = wanted.indexOf('|');
      if (bar < 0) return v.code === wanted;
      const system = wanted.slice(0, bar);
      const code = wanted.slice(bar + 1);
      if (system === '') return v.system === undefined && v.code === code;
      return v.system === system && (code === '' || v.code === code);
    }
    case 'reference':
      return v.ref === wanted || (!wanted.includes('/') && v.targetId === wanted);
    case 'string':
      return v.norm.startsWith(wanted.toLowerCase());
    default:
      return false;
  }
}

function matchesParam(entries: readonly IndexEntry[], name: string, value: string): boolean {
  if (name.includes(':') || name.includes('.')) return false;
  const alternatives = value.split(',');
  return entries.some((e) => e.param === name && alternatives.some((alt) => matchesValue(e.value, alt)));
}

/** True when `resource` satisfies every parameter of `constraint`. */
export function matchesConstraint(extractor: IndexExtractor, resource: Resource, constraint: URLSearchParams): boolean {
  const { entries } = extractor.extract(resource);
  for (const [name, value] of constraint) if (!matchesParam(entries, name, value)) return false;
  return true;
}

/** True when `constraints` is undefined (no restriction) or `resource` satisfies one of them. */
export function satisfies(extractor: IndexExtractor, resource: Resource, constraints: readonly URLSearchParams[] | undefined): boolean {
  return constraints === undefined || constraints.some((c) => matchesConstraint(extractor, resource, c));
}

/**
 * Search parameters that narrow a search to `constraints` exactly, when they can be expressed as one
 * query: one restriction, or several on the same single parameter (values OR-ed with commas).
 * Undefined when they cannot (the caller filters the results instead).
 */
export function constraintSearchParams(constraints: readonly URLSearchParams[]): [string, string][] | undefined {
  if (constraints.length === 1) return [...(constraints[0] ?? [])];
  const keys = new Set<string>();
  const values: string[] = [];
  for (const c of constraints) {
    const pairs = [...c];
    const only = pairs[0];
    if (pairs.length !== 1 || only === undefined) return undefined;
    keys.add(only[0]);
    values.push(only[1]);
  }
  const [key] = [...keys];
  return keys.size === 1 && key !== undefined ? [[key, values.join(',')]] : undefined;
}
