/**
 * Result parameters: `_sort`, `_include` / `_revinclude`, `_count`, `_total`, `_summary`, `_elements`.
 * https://hl7.org/fhir/R4/search.html#return
 */
import { badRequest } from '../outcomes.js';
import { lookupParam } from './parse-filter.js';
import type { IncludeSpec, SearchParamRegistry, SortKey, SummaryMode, TotalMode } from './types.js';

const TOTALS = new Set<string>(['none', 'estimate', 'accurate']);
const SUMMARIES = new Set<string>(['true', 'text', 'data', 'count', 'false']);

/** `_sort=-date,code` → sort keys on any parameter of the searched type(s). */
export function parseSort(registry: SearchParamRegistry, types: readonly string[], raw: string, name: string): SortKey[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((item) => {
    const descending = item.startsWith('-');
    const code = descending ? item.slice(1) : item;
    const param = lookupParam(registry, types, code, name);
    if (param.expression === undefined || param.type === 'special' || param.type === 'composite') {
      throw badRequest(`Cannot sort by '${code}'`, name);
    }
    return { param, descending };
  });
}

/**
 * `_include=Observation:subject[:Patient]`, `_revinclude=Provenance:target`, `*` / `Type:*` for every
 * reference parameter; `:iterate` (or R3's `:recurse`) in the name.
 */
export function parseInclude(registry: SearchParamRegistry, types: readonly string[], name: string, raw: string, reverse: boolean): IncludeSpec[] {
  const modifier = name.slice(name.indexOf(':') + 1);
  const hasModifier = name.includes(':');
  if (hasModifier && modifier !== 'iterate' && modifier !== 'recurse') throw badRequest(`Unsupported modifier ':${modifier}' on ${reverse ? '_revinclude' : '_include'}`, name);
  const iterate = hasModifier;
  return raw.split(',').filter((v) => v.length > 0).map((value) => {
    if (value === '*') {
      const sourceType = types.length === 1 && types[0] !== undefined ? types[0] : '*';
      return { sourceType, param: undefined, targetType: undefined, iterate };
    }
    const [sourceType, code, targetType, ...extra] = value.split(':');
    if (sourceType === undefined || code === undefined || extra.length > 0) throw badRequest(`Malformed ${name} value '${value}' (expected Type:param[:targetType])`, name);
    if (!registry.resourceTypes().includes(sourceType)) throw badRequest(`Unknown resource type '${sourceType}' in ${name}`, name);
    if (!reverse && !iterate && types.length > 0 && !types.includes(sourceType)) {
      throw badRequest(`${name}=${value} does not start from the searched type (use :iterate)`, name);
    }
    if (code === '*') return { sourceType, param: undefined, targetType: undefined, iterate };
    const param = lookupParam(registry, [sourceType], code, name);
    if (param.type !== 'reference') throw badRequest(`'${code}' is not a reference parameter of ${sourceType}`, name);
    if (targetType !== undefined && (!registry.resourceTypes().includes(targetType) || (param.target.length > 0 && !param.target.includes(targetType)))) {
      throw badRequest(`'${targetType}' is not a target of ${sourceType}:${code}`, name);
    }
    return { sourceType, param, targetType, iterate };
  });
}

/** `_count`: a non-negative integer, clamped to `maxCount` (0 = only the total). */
export function parseCount(raw: string, maxCount: number, name: string): number {
  if (!/^\d+$/.test(raw)) throw badRequest(`_count must be a non-negative integer, not '${raw}'`, name);
  return Math.min(Number(raw), maxCount);
}

/** `_total=none|estimate|accurate`. */
export function parseTotal(raw: string, name: string): TotalMode {
  if (!TOTALS.has(raw)) throw badRequest(`_total must be none, estimate or accurate, not '${raw}'`, name);
  return raw as TotalMode;
}

/** `_summary=true|text|data|count|false`. */
export function parseSummary(raw: string, name: string): SummaryMode {
  if (!SUMMARIES.has(raw)) throw badRequest(`_summary must be true, text, data, count or false, not '${raw}'`, name);
  return raw as SummaryMode;
}

/** `_elements=a,b` → element names (the server adds mandatory ones itself). */
export function parseElements(raw: string, name: string): string[] {
  const elements = raw.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  for (const e of elements) if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)?$/.test(e)) throw badRequest(`Invalid element '${e}' in _elements`, name);
  return elements;
}
