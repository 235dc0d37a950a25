/**
 * The search URL parser: query parameters (GET or POST `_search` form) → one validated `SearchRequest`
 * that every store adapter compiles its own way. https://hl7.org/fhir/R4/search.html
 */
import { badRequest, isOperationOutcomeError } from '../outcomes.js';
import { parseFilter } from './parse-filter.js';
import { localizeFilter, parseListFilter } from './parse-list.js';
import { normalizeBaseUrls } from './reference.js';
import { parseCount, parseElements, parseInclude, parseSort, parseSummary, parseTotal } from './parse-result.js';
import type { IncludeSpec, SearchFilter, SearchParamRegistry, SearchRequest, SortKey, SummaryMode, TotalMode } from './types.js';

/** How to parse: strict or lenient (`Prefer: handling=lenient`), page sizes, compartment. */
export interface ParseOptions {
  /** Drop unknown / unsupported / invalid parameters instead of failing with 400. */
  readonly lenient: boolean;
  /** `_count` when absent. */
  readonly defaultCount: number;
  /** Upper bound for `_count`. */
  readonly maxCount: number;
  /** `Patient/123` for compartment searches (`/Patient/123/Observation`, patient-scoped tokens). */
  readonly compartment?: string;
  /** `_total` when absent (default `accurate`; `_summary=count` always counts). */
  readonly defaultTotal?: TotalMode;
  /**
   * Base URLs whose absolute references are local (as given to `createIndexExtractor`): a reference
   * value `{base}/Patient/1` is searched as `Patient/1`.
   */
  readonly localBaseUrls?: readonly string[];
}

/** Sets of the registry's type lists, built once per list (conditional writes parse a search each). */
const typeSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function typeSet(types: readonly string[]): ReadonlySet<string> {
  let set = typeSets.get(types);
  if (set === undefined) {
    set = new Set(types);
    typeSets.set(types, set);
  }
  return set;
}

/** Accepted but without effect here (the API layer handles formats). */
const IGNORED = new Set(['_format', '_pretty']);
/**
 * Known parameters not supported yet: a 400 (or dropped when lenient) rather than "unknown". The
 * CapabilityStatement leaves these out.
 */
export const UNSUPPORTED_SEARCH_PARAMS: ReadonlySet<string> = new Set(['_text', '_content', '_query', '_filter', '_contained', '_containedType', 'near']);

/**
 * Parses `params` for a search on `resourceType` (undefined = system search, types from `_type`).
 * Repeated parameters are AND-ed, comma-separated values OR-ed. Throws OperationOutcomeError 'invalid'
 * naming the offending parameter, unless `options.lenient` (then it is dropped from `selfParams`).
 * `selfParams` omits `_cursor`, `_format` and `_pretty`; links add the cursor themselves. String values
 * (and token `:text`) arrive folded with `foldText` (lower case, no accents), except under `:exact`.
 */
export function parseSearchRequest(
  resourceType: string | undefined,
  params: URLSearchParams,
  registry: SearchParamRegistry,
  options: ParseOptions,
): SearchRequest {
  const known = typeSet(registry.resourceTypes());
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (options.lenient && isOperationOutcomeError(e)) return undefined;
      throw e;
    }
  };
  if (resourceType !== undefined && !known.has(resourceType)) throw badRequest(`Unknown resource type '${resourceType}'`);

  const localBases = normalizeBaseUrls(options.localBaseUrls);
  const selfParams: (readonly [string, string])[] = [];
  let resourceTypes: string[] = resourceType === undefined ? [] : [resourceType];
  const keptTypes = new Set<string>();
  // `_type` first: every other parameter of a system search is resolved against it.
  if (resourceType === undefined) {
    for (const raw of params.getAll('_type')) {
      const types = guard(() => raw.split(',').map((t) => t.trim()).filter((t) => t.length > 0).map((t) => {
        if (!known.has(t)) throw badRequest(`Unknown resource type '${t}' in _type`, '_type');
        return t;
      }));
      if (types === undefined) continue;
      resourceTypes = resourceTypes.length === 0 ? types : resourceTypes.filter((t) => types.includes(t));
      keptTypes.add(raw);
    }
  }

  const filters: SearchFilter[] = [];
  const sort: SortKey[] = [];
  const include: IncludeSpec[] = [];
  const revinclude: IncludeSpec[] = [];
  let count = Math.min(options.defaultCount, options.maxCount);
  let cursor: string | undefined;
  let total: TotalMode | undefined;
  let summary: SummaryMode | undefined;
  let elements: string[] | undefined;

  for (const [name, raw] of params) {
    if (name === '_type' && resourceType === undefined) {
      if (keptTypes.has(raw)) selfParams.push([name, raw]);
      continue;
    }
    if (IGNORED.has(name)) continue;
    if (name === '_cursor') {
      cursor = raw;
      continue;
    }
    const base = name.split(':')[0] ?? name;
    const kept = guard((): boolean => {
      if (UNSUPPORTED_SEARCH_PARAMS.has(base)) throw badRequest(`Search parameter '${base}' is not supported`, name);
      switch (base) {
        case '_count':
          count = parseCount(raw, options.maxCount, name);
          return true;
        case '_total':
          total = parseTotal(raw, name);
          return true;
        case '_summary':
          summary = parseSummary(raw, name);
          return true;
        case '_elements':
          elements = parseElements(raw, name);
          return true;
        case '_sort':
          sort.push(...parseSort(registry, resourceTypes, raw, name));
          return true;
        case '_include':
          include.push(...parseInclude(registry, resourceTypes, name, raw, false));
          return true;
        case '_revinclude':
          revinclude.push(...parseInclude(registry, resourceTypes, name, raw, true));
          return true;
        case '_list': {
          const filter = parseListFilter(registry, name, raw);
          if (filter) filters.push(filter);
          return filter !== undefined;
        }
        default: {
          const filter = parseFilter(registry, resourceTypes, name, raw);
          if (filter) filters.push(localBases.length > 0 ? localizeFilter(filter, localBases) : filter);
          return filter !== undefined;
        }
      }
    });
    if (kept) selfParams.push([name, name === '_count' ? String(count) : raw]);
  }

  return {
    resourceTypes,
    filters,
    compartment: options.compartment,
    sort,
    count,
    cursor,
    total: summary === 'count' && total === undefined ? 'accurate' : (total ?? options.defaultTotal ?? 'accurate'),
    summary,
    elements,
    include,
    revinclude,
    selfParams,
  };
}
