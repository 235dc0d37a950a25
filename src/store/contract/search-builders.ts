/**
 * Hand-built SearchRequest ASTs for the contract suite, so it depends on the FhirStore port and the
 * AST only (not on the URL parser). https://hl7.org/fhir/R4/search.html
 */
import { parseFhirDate } from '../../core/fhir-date.js';
import { decimalRange } from '../../core/search/decimal-range.js';
import type {
  ChainFilter, HasFilter, ParamFilter, SearchFilter, SearchModifier, SearchParamDef, SearchParamRegistry, SearchPrefix, SearchRequest,
  SearchValue, SortKey,
} from '../../core/search/types.js';

/** The definition of `type.code`; fails the test setup when unknown. */
export function def(registry: SearchParamRegistry, type: string, code: string): SearchParamDef {
  const d = registry.get(type, code);
  if (!d) throw new Error(`Unknown search parameter ${type}.${code}`);
  return d;
}

/** `code[:modifier]=values` on `type`. */
export function param(
  registry: SearchParamRegistry, type: string, code: string, values: readonly SearchValue[], modifier?: SearchModifier, targetType?: string,
): ParamFilter {
  return { kind: 'param', param: def(registry, type, code), modifier, targetType, values };
}

/** `code:Target.<filter>` */
export function chain(registry: SearchParamRegistry, type: string, code: string, targetType: string, filter: SearchFilter): ChainFilter {
  return { kind: 'chain', param: def(registry, type, code), targetType, filter };
}

/** `_has:Source:param:<filter>` */
export function has(registry: SearchParamRegistry, sourceType: string, code: string, filter: SearchFilter): HasFilter {
  return { kind: 'has', sourceType, referenceParam: def(registry, sourceType, code), filter };
}

export const token = (code: string | undefined, system?: string, noSystem = false): SearchValue => ({ kind: 'token', system, code, noSystem });
export const text = (value: string): SearchValue => ({ kind: 'string', value });
export const uri = (value: string): SearchValue => ({ kind: 'uri', value });
export const missing = (isMissing: boolean): SearchValue => ({ kind: 'missing', missing: isMissing });
export const identifier = (system: string | undefined, value: string | undefined): SearchValue => ({ kind: 'identifier', system, value });

export function date(prefix: SearchPrefix, value: string): SearchValue {
  const r = parseFhirDate(value, { allowMinutes: true });
  if (!r) throw new Error(`bad date ${value}`);
  return { kind: 'date', prefix, low: r.low, high: r.high };
}

export function num(prefix: SearchPrefix, value: string): SearchValue {
  const r = decimalRange(value);
  if (!r) throw new Error(`bad number ${value}`);
  return { kind: 'number', prefix, ...r };
}

export function qty(prefix: SearchPrefix, value: string, system?: string, code?: string): SearchValue {
  const r = decimalRange(value);
  if (!r) throw new Error(`bad number ${value}`);
  return { kind: 'quantity', prefix, ...r, system, code, canonicalValue: undefined, canonicalLow: undefined, canonicalHigh: undefined, canonicalCode: undefined };
}

/** `Type/id` or a bare id. */
export function ref(value: string): SearchValue {
  const [type, id] = value.includes('/') ? value.split('/') : [undefined, value];
  return { kind: 'reference', ref: value, targetType: type, targetId: id };
}

export function composite(...components: SearchValue[]): SearchValue {
  return { kind: 'composite', components };
}

export function sortBy(registry: SearchParamRegistry, type: string, code: string, descending = false): SortKey {
  return { param: def(registry, type, code), descending };
}

/** A request over `types` with defaults (count 100, total accurate). */
export function searchRequest(types: readonly string[], filters: readonly SearchFilter[], options: Partial<SearchRequest> = {}): SearchRequest {
  return {
    resourceTypes: types, filters, compartment: undefined, sort: [], count: 100, cursor: undefined, total: 'accurate',
    summary: undefined, elements: undefined, include: [], revinclude: [], selfParams: [], ...options,
  };
}
