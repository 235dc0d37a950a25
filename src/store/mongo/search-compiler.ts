/**
 * Compiles the search AST (`SearchRequest`) into a MongoDB filter document over the index arrays of
 * `resources` documents, plus its keyset sort. Chains and `_has` are resolved inner-query-first through
 * a `SubqueryRunner` (the adapter runs it, with the transaction's session when inside one).
 * https://hl7.org/fhir/R4/search.html
 */
import type { Document } from 'mongodb';
import { fail } from '../../core/outcomes.js';
import type {
  ChainFilter, HasFilter, ParamFilter, SearchFilter, SearchParamDef, SearchParamRegistry, SearchRequest, SearchValue, SortKey,
} from '../../core/search/types.js';
import { ARRAY_BY_TYPE, sortField } from './documents.js';
import { nativeField, type SortField } from './keyset.js';
import { allOf, anyOf, notSupported, rangeCondition, valueCondition } from './search-values.js';

/** Runs the inner queries of chains, `_has` and `_list`, and knows the search parameters. */
export interface SubqueryRunner {
  /** For composite components. */
  readonly registry: SearchParamRegistry;
  /** `_id`s (`Type/id`) of current, non-deleted resources matching `filter`. */
  ids(filter: Document): Promise<string[]>;
  /** The distinct `Type/id` references held in parameter `param` by resources matching `filter`. */
  refs(filter: Document, param: string): Promise<string[]>;
  /** The `Type/id` items of the List with `_id` `listKey` (empty if there is no such list). */
  listItems(listKey: string): Promise<string[]>;
}

/** Matches nothing (an empty `$in`). */
const NOTHING: Document = { _id: { $in: [] } };

/** Filter on the resource type(s) of a search; none = every type. */
export function typeCondition(resourceTypes: readonly string[]): Document {
  if (resourceTypes.length === 0) return {};
  if (resourceTypes.length === 1) return { resourceType: resourceTypes[0] };
  return { resourceType: { $in: [...resourceTypes] } };
}

/** The complete filter of a search (current, non-deleted resources). */
export async function compileSearchFilter(request: SearchRequest, run: SubqueryRunner): Promise<Document> {
  const parts: Document[] = [{ deleted: false }, typeCondition(request.resourceTypes)];
  // The extractor lists a Patient in its own compartment too.
  if (request.compartment !== undefined) parts.push({ compartments: request.compartment });
  for (const f of request.filters) parts.push(await compileFilter(f, run));
  return allOf(parts);
}

/** One filter of the AND list. */
export async function compileFilter(filter: SearchFilter, run: SubqueryRunner): Promise<Document> {
  switch (filter.kind) {
    case 'param': return compileParam(filter, run);
    case 'chain': return compileChain(filter, run);
    case 'has': return compileHas(filter, run);
    default: return filter satisfies never;
  }
}

async function compileChain(filter: ChainFilter, run: SubqueryRunner): Promise<Document> {
  const inner = allOf([{ deleted: false }, { resourceType: filter.targetType }, await compileFilter(filter.filter, run)]);
  const ids = await run.ids(inner);
  if (ids.length === 0) return NOTHING;
  return { 'idx.ref': { $elemMatch: { p: filter.param.code, r: { $in: ids } } } };
}

async function compileHas(filter: HasFilter, run: SubqueryRunner): Promise<Document> {
  const inner = allOf([{ deleted: false }, { resourceType: filter.sourceType }, await compileFilter(filter.filter, run)]);
  const refs = await run.refs(inner, filter.referenceParam.code);
  return refs.length === 0 ? NOTHING : { _id: { $in: refs } };
}

function missingValue(values: readonly SearchValue[]): boolean {
  const v = values[0];
  if (v?.kind !== 'missing') throw fail('invalid', ':missing needs true or false');
  return v.missing;
}

/** Token codes of `_id` / `_list` values. */
function codes(values: readonly SearchValue[], param: string): string[] {
  return values.map((v) => {
    if (v.kind === 'token' && v.code !== undefined) return v.code;
    if (v.kind === 'string') return v.value;
    throw fail('invalid', `Invalid value for ${param}`, param);
  });
}

/** `_id`, `_lastUpdated` and `_list` live outside the index arrays. */
async function compileSpecial(filter: ParamFilter, run: SubqueryRunner): Promise<Document | undefined> {
  const { param, modifier, values } = filter;
  if (param.code !== '_id' && param.code !== '_lastUpdated' && param.code !== '_list') return undefined;
  if (modifier === 'missing') return missingValue(values) ? NOTHING : {};
  if (param.code === '_id') {
    const ids = codes(values, '_id');
    if (modifier === 'not') return { id: { $nin: ids } };
    if (modifier !== undefined) throw notSupported(`_id:${modifier}`);
    return ids.length === 1 ? { id: ids[0] } : { id: { $in: ids } };
  }
  if (param.code === '_list') {
    if (modifier !== undefined) throw notSupported(`_list:${modifier}`);
    const items = (await Promise.all(codes(values, '_list').map((id) => run.listItems(`List/${id}`)))).flat();
    return items.length === 0 ? NOTHING : { _id: { $in: items } };
  }
  if (modifier !== undefined) throw notSupported(`_lastUpdated:${modifier}`);
  return anyOf(values.map((v) => {
    if (v.kind !== 'date') throw fail('invalid', 'Invalid value for _lastUpdated', '_lastUpdated');
    return rangeCondition(v.prefix, v.low, v.high, 'ts', 'ts');
  }));
}

const TERMINOLOGY_MODIFIERS = new Set(['above', 'below', 'in', 'not-in']);

async function compileParam(filter: ParamFilter, run: SubqueryRunner): Promise<Document> {
  const special = await compileSpecial(filter, run);
  if (special) return special;
  const { param, modifier, values } = filter;
  if (param.type === 'special') throw notSupported(`search parameter '${param.code}'`);
  const array = `idx.${ARRAY_BY_TYPE[param.type]}`;
  const has = (cond: Document): Document => ({ [array]: { $elemMatch: { p: param.code, ...cond } } });
  if (modifier === 'missing') return missingValue(values) ? { $nor: [has({})] } : has({});
  if (modifier !== undefined && TERMINOLOGY_MODIFIERS.has(modifier) && !(param.type === 'uri' && (modifier === 'above' || modifier === 'below'))) {
    throw notSupported(`modifier :${modifier} on ${param.code} (needs the terminology service)`);
  }
  if (values.length === 0) throw fail('invalid', `No value for ${param.code}`, param.code);
  const components = (composite: SearchParamDef, i: number): SearchParamDef | undefined => {
    const code = composite.components[i]?.param;
    return code === undefined ? undefined : composite.base.map((b) => run.registry.get(b, code)).find((d) => d !== undefined);
  };
  const conds = values.map((v) => has(valueCondition(param, v, modifier, filter.targetType, components)));
  // Several values are OR-ed; one $elemMatch per value so each branch can use the multikey index.
  return modifier === 'not' ? { $nor: conds } : anyOf(conds);
}

/**
 * The keyset sort of a search: the requested keys (by a parameter's lowest value ascending, highest
 * descending; resources without a value last), then `_id` as the unique tie-breaker.
 */
export function compileSort(sort: readonly SortKey[]): SortField[] {
  const out: SortField[] = [];
  for (const key of sort) {
    const dir = key.descending ? -1 : 1;
    const code = key.param.code;
    let s: SortField;
    if (code === '_id') s = nativeField('id', dir);
    else if (code === '_lastUpdated') s = nativeField('ts', dir);
    else if (key.param.type === 'composite' || key.param.type === 'special') throw notSupported(`_sort on '${code}'`);
    else s = { field: `sort.${sortField(code)}.${key.descending ? 'hi' : 'lo'}`, dir, nullsLast: true };
    if (!out.some((o) => o.field === s.field)) out.push(s);
  }
  out.push(nativeField('_id', 1));
  return out;
}
