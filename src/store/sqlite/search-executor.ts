/**
 * Runs a compiled search: keyset paging (opaque cursor on the sort key values + rid, both directions),
 * multi-key sort with missing values last, totals, and content fetch by rid.
 * https://hl7.org/fhir/R4/search.html#_sort, https://hl7.org/fhir/R4/search.html#total
 */
import type { Resource } from 'fhir/r4.js';
import type { SearchParamRegistry, SearchRequest } from '../../core/search/types.js';
import type { SearchPage } from '../../ports/fhir-store.js';
import { type CursorValue, decodeSearchCursor, encodeSearchCursor, type SearchCursor } from './cursor.js';
import type { ParamDictionary } from './param-dictionary.js';
import { type CompileContext, compileRidQuery, ridSql, sortExpression } from './search-compiler.js';
import { and, frag, type Frag, join, or, wrap } from './sql-fragment.js';
import type { StatementCache } from './statement-cache.js';

interface PageRow {
  readonly rid: number;
  readonly [key: string]: CursorValue;
}

interface Key {
  readonly col: string;
  readonly descending: boolean;
}

/** Rows strictly after (or before) the cursor in the forward order; NULL sort values come last. */
function keysetCondition(keys: readonly Key[], c: SearchCursor): Frag {
  const build = (i: number): Frag => {
    const key = keys[i];
    if (!key) return frag(c.before ? 'rid < ?' : 'rid > ?', c.rid);
    const v = c.keys[i] ?? null;
    const eq = v === null ? frag(`${key.col} IS NULL`) : frag(`${key.col} = ?`, v);
    const rest = and(eq, build(i + 1));
    let beyond: Frag | undefined;
    if (c.before) {
      if (v === null) beyond = frag(`${key.col} IS NOT NULL`);
      else beyond = frag(`${key.col} ${key.descending ? '>' : '<'} ?`, v);
    } else if (v !== null) {
      beyond = frag(`(${key.col} IS NULL OR ${key.col} ${key.descending ? '<' : '>'} ?)`, v);
    }
    return beyond ? or([beyond, rest]) : rest;
  };
  return build(0);
}

function orderBy(keys: readonly Key[], reverse: boolean): string {
  const parts = keys.flatMap((k) => {
    const desc = k.descending !== reverse;
    return [`(${k.col} IS NULL) ${reverse ? 'DESC' : 'ASC'}`, `${k.col} ${desc ? 'DESC' : 'ASC'}`];
  });
  parts.push(`rid ${reverse ? 'DESC' : 'ASC'}`);
  return parts.join(', ');
}

/** Current contents of the page rows, in row order: one statement for the page (json_each over the rids). */
function fetchContents(statements: StatementCache, rows: readonly PageRow[]): Resource[] {
  if (rows.length === 0) return [];
  if (rows.length === 1 && rows[0] !== undefined) {
    // One row (conditional writes' lookups, reads by identifier): a primary-key seek, no json_each.
    const one = statements.get('SELECT h.content AS content FROM resources r JOIN history h ON h.hid = r.hid WHERE r.rid = ?').get(rows[0].rid) as
      | { content: string | null }
      | undefined;
    return typeof one?.content === 'string' ? [JSON.parse(one.content) as Resource] : [];
  }
  const found = statements
    .get('SELECT r.rid AS rid, h.content AS content FROM resources r JOIN history h ON h.hid = r.hid WHERE r.rid IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(rows.map((r) => r.rid))) as { rid: number; content: string | null }[];
  const byRid = new Map<number, string | null>();
  for (const f of found) byRid.set(f.rid, f.content);
  const resources: Resource[] = [];
  for (const row of rows) {
    const content = byRid.get(row.rid);
    if (typeof content === 'string') resources.push(JSON.parse(content) as Resource);
  }
  return resources;
}

/** Executes `request` on one connection. */
export function executeSearch(statements: StatementCache, params: ParamDictionary, registry: SearchParamRegistry, request: SearchRequest): SearchPage {
  const ctx: CompileContext = { params, registry, next: 0 };
  const types = request.resourceTypes;
  const rids = compileRidQuery(types, request.filters, request.compartment, ctx);
  const base = ridSql(rids);

  const countAll = (): number => {
    const countSql = wrap('SELECT count(*) AS n FROM (', base, ')');
    return (statements.get(countSql.sql).get(...countSql.args) as { n: number }).n;
  };
  const count = Math.max(0, Math.trunc(request.count));
  if (count === 0) {
    return { resources: [], total: request.total === 'none' ? undefined : countAll(), nextCursor: undefined, previousCursor: undefined };
  }

  const keys: Key[] = request.sort.map((k, i) => ({ col: `s${i}`, descending: k.descending }));
  const cursor = request.cursor === undefined ? undefined : decodeSearchCursor(request.cursor, keys.length);
  const reverse = cursor?.before === true;

  let page: Frag;
  if (keys.length === 0) {
    // Unsorted: rid order straight off the driving index.
    const bound = cursor ? frag(`${rids.alias}.rid ${cursor.before ? '<' : '>'} ?`, cursor.rid) : undefined;
    const inner = bound ? ridSql(rids, bound) : base;
    page = wrap('', inner, ` ORDER BY rid ${reverse ? 'DESC' : 'ASC'} LIMIT ?`);
  } else {
    const exprs = request.sort.map((k, i) => wrap('', sortExpression(k, types, 'q', ctx), ` AS s${i}`));
    const withKeys = wrap('SELECT q.rid AS rid, ', join(exprs, ', '), '');
    const sorted = { sql: `${withKeys.sql} FROM (${base.sql}) q`, args: [...withKeys.args, ...base.args] };
    const cond = cursor ? keysetCondition(keys, cursor) : undefined;
    page = cond
      ? { sql: `SELECT * FROM (${sorted.sql}) WHERE ${cond.sql} ORDER BY ${orderBy(keys, reverse)} LIMIT ?`, args: [...sorted.args, ...cond.args] }
      : { sql: `SELECT * FROM (${sorted.sql}) ORDER BY ${orderBy(keys, false)} LIMIT ?`, args: sorted.args };
  }
  const rows = statements.get(page.sql).all(...page.args, count + 1) as PageRow[];
  const more = rows.length > count;
  const shown = more ? rows.slice(0, count) : rows;
  if (reverse) shown.reverse();

  // The total: a complete first page is its own count; `estimate` on later pages reuses the total the
  // first page carried in its cursor (recounting a large result on every page dominated paging).
  let total: number | undefined;
  if (request.total !== 'none') {
    if (cursor === undefined && !more) total = rows.length;
    else if (request.total === 'estimate' && cursor?.total !== undefined) total = cursor.total;
    else total = countAll();
  }

  const resources = fetchContents(statements, shown);
  const cursorAt = (row: PageRow | undefined, before: boolean): string | undefined =>
    row ? encodeSearchCursor({ keys: keys.map((k) => row[k.col] ?? null), rid: row.rid, before, total }) : undefined;
  const first = shown[0];
  const last = shown[shown.length - 1];
  return {
    resources,
    total,
    nextCursor: reverse || more ? cursorAt(last, false) : undefined,
    previousCursor: reverse ? (more ? cursorAt(first, true) : undefined) : cursor ? cursorAt(first, true) : undefined,
  };
}
