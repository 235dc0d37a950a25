/**
 * Compiles the SearchRequest AST to parameterised SQL over the index tables. A search becomes
 * `SELECT DISTINCT d.rid FROM <driver> d WHERE <probes>`: the most selective positive filter drives
 * (its covering index yields rids in order, so keyset paging on rid is a range seek) and every other
 * filter is a correlated EXISTS probe on the `(rid, pid, …)` primary keys. Chains and `_has` nest the
 * same compilation as subqueries through `idx_reference`. https://hl7.org/fhir/R4/search.html
 */
import { badRequest } from '../../core/outcomes.js';
import type { ParamFilter, SearchFilter, SearchParamDef, SearchParamRegistry, SearchValue, SortKey } from '../../core/search/types.js';
import { COMPOSITE_COLUMNS, TABLE_BY_KIND, TABLE_COLUMNS, type ValueKind } from './columns.js';
import { OF_TYPE_SUFFIX } from './index-writer.js';
import type { ParamDictionary } from './param-dictionary.js';
import { notSupported, rangeCondition, valueCondition } from './search-conditions.js';
import { and, FALSE, frag, type Frag, list, or, TRUE, wrap } from './sql-fragment.js';

/** What the compiler needs besides the request. */
export interface CompileContext {
  readonly params: ParamDictionary;
  readonly registry: SearchParamRegistry;
  /** Alias counter (unique aliases across nested subqueries). */
  next: number;
}

/** `SELECT DISTINCT <alias>.rid FROM <from> WHERE <where>`. */
export interface RidQuery {
  readonly alias: string;
  readonly from: string;
  readonly where: Frag;
}

/** A filter matched by rows of one table (`conds` is applied to the row alias). */
interface RowsFilter {
  readonly kind: 'rows';
  readonly table: string;
  readonly conds: (a: string) => Frag;
  readonly negate: boolean;
  /** Lower drives first (expected selectivity). */
  readonly rank: number;
}
/** Any other filter: a boolean expression over the outer row alias. */
interface ExprFilter {
  readonly kind: 'expr';
  readonly make: (outer: string) => Frag;
}
type CompiledFilter = RowsFilter | ExprFilter;

const RANK: Record<string, number> = { reference: 1, token: 2, string: 3, uri: 3, number: 4, quantity: 4, date: 5, composite: 6 };
const UNSUPPORTED_SPECIALS = new Set(['_text', '_content', '_list', '_query', '_filter', '_contained', '_containedType']);

const pidCond = (a: string, pids: readonly number[]): Frag =>
  pids.length === 0 ? FALSE : frag(pids.length === 1 ? `${a}.pid = ${pids[0]}` : `${a}.pid IN (${pids.join(', ')})`);

function tableOf(param: SearchParamDef): string {
  if (param.type === 'composite') return 'idx_composite';
  if (param.type === 'special') throw notSupported(`search parameter ${param.code} (special)`);
  return TABLE_BY_KIND[param.type satisfies ValueKind];
}

function alias(ctx: CompileContext, prefix: string): string {
  return `${prefix}${ctx.next++}`;
}

/** Probe form of a rows filter on the outer alias. */
function probe(f: RowsFilter, outer: string, ctx: CompileContext): Frag {
  const t = alias(ctx, 't');
  const inner = wrap(`EXISTS (SELECT 1 FROM ${f.table} ${t} WHERE ${t}.rid = ${outer}.rid AND `, f.conds(t), ')');
  return f.negate ? wrap('NOT ', inner, '') : inner;
}

function compositeCondition(a: string, filter: ParamFilter, value: SearchValue, ctx: CompileContext, types: readonly string[]): Frag {
  if (value.kind !== 'composite') throw badRequest(`Composite parameter ${filter.param.code} needs a composite value`);
  const defs = filter.param.components;
  if (value.components.length !== defs.length) throw badRequest(`Composite parameter ${filter.param.code} needs ${defs.length} components`);
  const parts: Frag[] = [];
  value.components.forEach((component, n) => {
    const def = ctx.registry.get(types[0] ?? 'Resource', defs[n]?.param ?? '') ?? filter.param;
    const cond = valueCondition(n === 0 ? a : `${a}c${n}`, COMPOSITE_COLUMNS, def, component, undefined, undefined);
    if (n === 0) parts.push(and(frag(`${a}.n = 0`), cond));
    else {
      const c = `${a}c${n}`;
      parts.push(wrap(`EXISTS (SELECT 1 FROM idx_composite ${c} WHERE ${c}.rid = ${a}.rid AND ${c}.pid = ${a}.pid AND ${c}.grp = ${a}.grp AND ${c}.n = ${n} AND `, cond, ')'));
    }
  });
  return and(...parts);
}

function compileParam(filter: ParamFilter, types: readonly string[], ctx: CompileContext): CompiledFilter {
  const { param, modifier } = filter;
  if (UNSUPPORTED_SPECIALS.has(param.code)) throw notSupported(`search parameter ${param.code}`);
  if (modifier === 'in' || modifier === 'not-in' || ((modifier === 'above' || modifier === 'below') && param.type !== 'uri')) {
    throw notSupported(`modifier :${modifier} on ${param.code} (needs the terminology service)`);
  }
  const missing = filter.values.filter((v): v is Extract<SearchValue, { kind: 'missing' }> => v.kind === 'missing');
  if (missing.length > 0 || modifier === 'missing') {
    if (param.code === '_id' || param.code === '_lastUpdated') return { kind: 'expr', make: () => (missing.some((m) => !m.missing) ? TRUE : FALSE) };
    const table = tableOf(param);
    const pids = ctx.params.pids(types, param.code);
    return {
      kind: 'expr',
      make: (outer) => or(missing.map((m) => {
        const t = alias(ctx, 't');
        const exists = wrap(`EXISTS (SELECT 1 FROM ${table} ${t} WHERE ${t}.rid = ${outer}.rid AND `, pidCond(t, pids), ')');
        return m.missing ? wrap('NOT ', exists, '') : exists;
      })),
    };
  }
  const negate = modifier === 'not';
  if (param.code === '_id') {
    const ids = filter.values.map((v) => (v.kind === 'token' ? (v.code ?? '') : v.kind === 'string' || v.kind === 'uri' ? v.value : ''));
    return { kind: 'rows', table: 'resources', conds: (a) => wrap(`${a}.id IN (`, list(ids), ')'), negate, rank: 0 };
  }
  if (param.code === '_lastUpdated') {
    return {
      kind: 'rows', table: 'resources', negate, rank: 8,
      conds: (a) => or(filter.values.map((v) => {
        if (v.kind !== 'date') throw badRequest('_lastUpdated needs a date value');
        return rangeCondition(`${a}.lu_ms`, `${a}.lu_ms`, v.prefix, v.low, v.high);
      })),
    };
  }
  const table = tableOf(param);
  if (param.type === 'composite') {
    const pids = ctx.params.pids(types, param.code);
    return { kind: 'rows', table, negate, rank: RANK.composite ?? 9, conds: (a) => and(pidCond(a, pids), or(filter.values.map((v) => compositeCondition(a, filter, v, ctx, types)))) };
  }
  const ofType = modifier === 'of-type';
  const pids = ctx.params.pids(types, ofType ? `${param.code}${OF_TYPE_SUFFIX}` : param.code);
  const rank = modifier === 'text' || modifier === 'contains' || modifier === 'identifier' ? 7 : (RANK[param.type] ?? 9);
  return {
    kind: 'rows', table, negate, rank,
    conds: (a) => and(pidCond(a, pids), or(filter.values.map((v) => valueCondition(a, TABLE_COLUMNS, param, v, modifier, filter.targetType)))),
  };
}

/** Compiles one filter against resources of `types` (all types when empty). */
function compileFilter(filter: SearchFilter, types: readonly string[], ctx: CompileContext): CompiledFilter {
  switch (filter.kind) {
    case 'param':
      return compileParam(filter, types, ctx);
    case 'chain': {
      // Resources whose `param` references a `targetType` that matches the nested filter.
      const pids = ctx.params.pids(types, filter.param.code);
      const inner = compileRidQuery([filter.targetType], [filter.filter], undefined, ctx);
      const r = alias(ctx, 'r');
      const targets = wrap(`SELECT ? || ${r}.id FROM resources ${r} WHERE ${r}.rid IN (`, ridSql(inner), ')');
      const withPrefix: Frag = { sql: targets.sql, args: [`${filter.targetType}/`, ...targets.args] };
      return { kind: 'rows', table: 'idx_reference', negate: false, rank: 6, conds: (a) => and(pidCond(a, pids), wrap(`${a}.ref IN (`, withPrefix, ')')) };
    }
    case 'has': {
      // Resources referenced (through `referenceParam`) by a `sourceType` that matches the nested filter.
      const pids = ctx.params.pids([filter.sourceType], filter.referenceParam.code);
      const inner = compileRidQuery([filter.sourceType], [filter.filter], undefined, ctx);
      return {
        kind: 'expr',
        make: (outer) => {
          const r = alias(ctx, 'r');
          const t = alias(ctx, 't');
          return wrap(
            `EXISTS (SELECT 1 FROM resources ${r} JOIN idx_reference ${t} ON ${t}.ref = ${r}.type || '/' || ${r}.id WHERE ${r}.rid = ${outer}.rid AND `,
            and(pidCond(t, pids), wrap(`${t}.rid IN (`, ridSql(inner), ')')),
            ')',
          );
        },
      };
    }
    default:
      return filter satisfies never;
  }
}

const typeCond = (a: string, types: readonly string[]): Frag => (types.length === 0 ? TRUE : wrap(`${a}.type IN (`, list(types), ')'));

/** Compiles filters (AND), the type restriction and the compartment into one rid query. */
export function compileRidQuery(types: readonly string[], filters: readonly SearchFilter[], compartment: string | undefined, ctx: CompileContext): RidQuery {
  const compiled = filters.map((f) => compileFilter(f, types, ctx));
  const d = alias(ctx, 'd');
  let driver: RowsFilter | undefined;
  for (const f of compiled) if (f.kind === 'rows' && !f.negate && (!driver || f.rank < driver.rank)) driver = f;
  const useCompartment = compartment !== undefined && (!driver || driver.rank > 1);
  if (useCompartment) driver = undefined;

  const where: Frag[] = [];
  let from: string;
  if (driver && driver.table !== 'resources') {
    from = `${driver.table} ${d}`;
    where.push(driver.conds(d));
  } else if (useCompartment) {
    from = `compartment ${d}`;
    where.push(frag(`${d}.ref = ?`, compartment ?? ''));
    if (types.length > 0) where.push(wrap(`(SELECT type FROM resources WHERE rid = ${d}.rid) IN (`, list(types), ')'));
  } else {
    from = `resources ${d}`;
    where.push(frag(`${d}.deleted = 0`), typeCond(d, types));
    if (driver) where.push(driver.conds(d));
  }
  if (compartment !== undefined && !useCompartment) {
    where.push(frag(`EXISTS (SELECT 1 FROM compartment cp WHERE cp.rid = ${d}.rid AND cp.ref = ?)`, compartment));
  }
  for (const f of compiled) {
    if (f === driver) continue;
    where.push(f.kind === 'rows' ? probe(f, d, ctx) : f.make(d));
  }
  return { alias: d, from, where: and(...where) };
}

/** `SELECT DISTINCT d.rid AS rid FROM … WHERE …` */
export function ridSql(q: RidQuery, extra: Frag = TRUE): Frag {
  const where = extra === TRUE ? q.where : and(q.where, extra);
  return wrap(`SELECT DISTINCT ${q.alias}.rid AS rid FROM ${q.from} WHERE `, where, '');
}

const SORT_COLUMN: Partial<Record<SearchParamDef['type'], [string, string]>> = {
  // [ascending: min of, descending: max of]
  date: ['low', 'high'],
  string: ['norm', 'norm'],
  token: ['code', 'code'],
  number: ['value', 'value'],
  quantity: ['value', 'value'],
  reference: ['ref', 'ref'],
  uri: ['value', 'value'],
};

/**
 * The sort value of one key for the row `outer.rid`: the lowest value when ascending, the highest when
 * descending (NULL when the resource has none; callers sort NULLs last).
 * https://hl7.org/fhir/R4/search.html#_sort
 */
export function sortExpression(key: SortKey, types: readonly string[], outer: string, ctx: CompileContext): Frag {
  const { param } = key;
  if (param.code === '_id') return frag(`(SELECT s.id FROM resources s WHERE s.rid = ${outer}.rid)`);
  if (param.code === '_lastUpdated') return frag(`(SELECT s.lu_ms FROM resources s WHERE s.rid = ${outer}.rid)`);
  const cols = SORT_COLUMN[param.type];
  if (!cols) throw badRequest(`Cannot sort on ${param.code} (${param.type})`, '_sort');
  const table = tableOf(param);
  const s = alias(ctx, 's');
  const agg = key.descending ? `max(${s}.${cols[1]})` : `min(${s}.${cols[0]})`;
  return wrap(`(SELECT ${agg} FROM ${table} ${s} WHERE ${s}.rid = ${outer}.rid AND `, pidCond(s, ctx.params.pids(types, param.code)), ')');
}
