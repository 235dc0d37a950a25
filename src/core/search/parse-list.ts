/**
 * `_list=42`: resources referenced by the entries (`entry.item`) of `List/42`. Parsed into the AST as
 * `_has:List:item:_id=42`, so every adapter runs it through its existing `_has` path (index based:
 * relative and local-base references count, references to other servers do not). Functional lists
 * (`$current-problems`) are not supported. https://hl7.org/fhir/R4/search.html#list
 */
import { badRequest } from '../outcomes.js';
import { localizeReference, parseReference } from './reference.js';
import type { HasFilter, SearchFilter, SearchParamRegistry, SearchValue } from './types.js';

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** The `_list` filter for `raw` (comma-separated List ids, OR-ed); undefined when every value is empty. */
export function parseListFilter(registry: SearchParamRegistry, name: string, raw: string): HasFilter | undefined {
  if (name !== '_list') throw badRequest(`Unsupported modifier on _list ('${name}')`, name);
  const ids = raw.split(',').filter((v) => v.length > 0);
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (!ID_RE.test(id)) throw badRequest(`_list takes List ids; '${id}' is not one (functional lists are not supported)`, name);
  }
  const item = registry.get('List', 'item');
  const idParam = registry.get('List', '_id');
  if (item === undefined || idParam === undefined) throw badRequest('_list is not available (List.item is not defined)', name);
  return {
    kind: 'has',
    sourceType: 'List',
    referenceParam: item,
    filter: { kind: 'param', param: idParam, modifier: undefined, targetType: undefined, values: ids.map((code) => ({ kind: 'token', system: undefined, code, noSystem: false })) },
  };
}

/** `filter` with absolute reference values under a local base rewritten to `Type/id` (chains and `_has` included). */
export function localizeFilter(filter: SearchFilter, localBases: readonly string[]): SearchFilter {
  if (localBases.length === 0) return filter;
  switch (filter.kind) {
    case 'param': {
      if (filter.param.type !== 'reference') return filter;
      const values = filter.values.map((v): SearchValue => {
        if (v.kind !== 'reference') return v;
        const local = localizeReference(parseReference(v.ref), localBases);
        return local.ref === v.ref || local.targetType === undefined ? v : { kind: 'reference', ...local };
      });
      return { ...filter, values };
    }
    case 'chain':
      return { ...filter, filter: localizeFilter(filter.filter, localBases) };
    case 'has':
      return { ...filter, filter: localizeFilter(filter.filter, localBases) };
    default:
      return filter satisfies never;
  }
}
