/**
 * Writes the index rows of one resource (current version only): deletes the old rows, then inserts the
 * extracted entries, de-duplicated per (rid, param, value). A text-only token (CodeableConcept.text) adds
 * its text to a coded row of the same param instead of a row of its own (`:text` reads every row's
 * text; an empty-code row only cost an index entry). https://hl7.org/fhir/R4/search.html
 */
import type { IndexValue, ResourceIndex } from '../../core/search/types.js';
import { INDEX_TABLES } from './schema.js';
import type { ParamDictionary } from './param-dictionary.js';
import type { StatementCache } from './statement-cache.js';

/** Suffix of the pseudo param holding `:of-type` rows (Identifier.type + value). */
export const OF_TYPE_SUFFIX = ':of-type';

type Cell = string | number | null;

/** Per table: the INSERT head and row width (rows are de-duplicated before, so conflicts only guard). */
const INSERT: Record<string, { readonly head: string; readonly width: number }> = {
  idx_token: { head: 'INSERT OR IGNORE INTO idx_token(rid, pid, code, system, text)', width: 5 },
  idx_string: { head: 'INSERT OR IGNORE INTO idx_string(rid, pid, norm, exact)', width: 4 },
  idx_date: { head: 'INSERT OR IGNORE INTO idx_date(rid, pid, low, high)', width: 4 },
  idx_number: { head: 'INSERT OR IGNORE INTO idx_number(rid, pid, value, low, high)', width: 5 },
  idx_quantity: { head: 'INSERT OR IGNORE INTO idx_quantity(rid, pid, value, low, high, system, code, cvalue, ccode)', width: 9 },
  idx_reference: { head: 'INSERT OR IGNORE INTO idx_reference(rid, pid, ref, id_system, id_value)', width: 5 },
  idx_uri: { head: 'INSERT OR IGNORE INTO idx_uri(rid, pid, value)', width: 3 },
  idx_composite: { head: 'INSERT OR IGNORE INTO idx_composite(rid, pid, grp, n, a, b, c, x, y, z, w)', width: 11 },
  compartment: { head: 'INSERT OR IGNORE INTO compartment(rid, ref)', width: 2 },
};

/**
 * Rows per multi-row INSERT: statements of BIG rows while that many are left, then of SMALL rows, then
 * one of the remainder (fewer native calls per row; at most SMALL + 2 statement shapes per table).
 */
const BIG = 64;
const SMALL = 16;

const sqlCache = new Map<string, string>();

/** The multi-row INSERT for `rows` rows of `table` (text built once per shape). */
function insertSql(table: string, rows: number): string {
  const key = `${table}:${rows}`;
  const hit = sqlCache.get(key);
  if (hit !== undefined) return hit;
  const spec = INSERT[table];
  if (!spec) throw new Error(`unknown index table ${table}`);
  const tuple = `(${new Array<string>(spec.width).fill('?').join(', ')})`;
  const sql = `${spec.head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`;
  sqlCache.set(key, sql);
  return sql;
}

const num = (n: number): number => (Number.isFinite(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER);

/**
 * A de-duplication key part that keeps null, numbers and strings apart ('null' ≠ null, '1' ≠ 1) and
 * carries the string's length (so separators inside values cannot make two rows one key).
 */
const part = (v: Cell): string => (v === null ? '~' : typeof v === 'number' ? `#${v}` : `${v.length}:${v}`);

/** Rows buffered for one table: row-major cell values, `width` cells per row. */
interface TableBuffer {
  readonly table: string;
  readonly width: number;
  readonly cells: Cell[];
}

/** Appends the generic composite columns a, b, c, x, y, z, w of one component (see columns.ts). */
function pushCompositeColumns(out: Cell[], v: Exclude<IndexValue, { kind: 'composite' }>): void {
  switch (v.kind) {
    case 'token':
      out.push(v.system ?? '', v.code ?? '', v.text ?? null, null, null, null, null);
      return;
    case 'string':
      out.push(v.norm, v.exact, null, null, null, null, null);
      return;
    case 'date':
      out.push(null, null, null, Math.trunc(num(v.low)), Math.trunc(num(v.high)), null, null);
      return;
    case 'number':
      out.push(null, null, null, num(v.low), num(v.high), v.value, null);
      return;
    case 'quantity':
      out.push(v.system ?? '', v.code ?? v.unit ?? '', v.canonicalCode ?? null, num(v.low), num(v.high), v.value, v.canonicalValue ?? null);
      return;
    case 'reference':
      out.push(v.ref ?? '', v.identifierSystem ?? '', v.identifierValue ?? '', null, null, null, null);
      return;
    case 'uri':
      out.push(v.value, null, null, null, null, null, null);
      return;
    default:
      v satisfies never;
  }
}

/** A coded token row being collected (texts of duplicates joined by U+0001 for `:text`). */
interface TokenRow {
  readonly pid: number;
  readonly code: string;
  readonly system: string;
  text: string | undefined;
}

/**
 * Inserts and removes index rows through the write connection's statement cache. Rows are buffered per
 * table and inserted by `flush` (multi-row INSERTs over every resource of the unit: fewer statement
 * runs than one set per resource); the store flushes before anything reads index tables in the
 * transaction and before the unit ends, and `discard`s on rollback.
 */
export class IndexWriter {
  private pending = new Map<string, TableBuffer>();

  constructor(
    private readonly statements: StatementCache,
    private readonly params: ParamDictionary,
  ) {}

  /** Removes every index row of `rid` (buffered rows are inserted first). */
  clear(rid: number): void {
    this.flush();
    for (const table of INDEX_TABLES) this.statements.get(`DELETE FROM ${table} WHERE rid = ?`).run(rid);
  }

  /** Inserts the buffered rows. */
  flush(): void {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    for (const { table, width, cells } of pending.values()) {
      const rows = cells.length / width;
      for (let at = 0; at < rows;) {
        const left = rows - at;
        const count = left >= BIG ? BIG : left > SMALL ? SMALL : left;
        // A buffer that fits one statement is bound as it is (no copy).
        this.statements.get(insertSql(table, count)).run(count === rows ? cells : cells.slice(at * width, (at + count) * width));
        at += count;
      }
    }
  }

  /** Drops the buffered rows (their unit rolled back). */
  discard(): void {
    this.pending = new Map();
  }

  /** The buffer of `table` (created on first use in this unit). */
  private buffer(table: string): Cell[] {
    const hit = this.pending.get(table);
    if (hit !== undefined) return hit.cells;
    const spec = INSERT[table];
    if (!spec) throw new Error(`unknown index table ${table}`);
    const created: TableBuffer = { table, width: spec.width, cells: [] };
    this.pending.set(table, created);
    return created.cells;
  }

  /** Buffers the rows of `index` for `rid` (of `resourceType`); call `clear` first on updates. */
  insert(rid: number, resourceType: string, index: ResourceIndex): void {
    const pidOf = this.params.forType(resourceType);
    // Keys of the non-token rows added for this resource (table tag, pid, values), to drop duplicates.
    const seen = new Set<string>();
    // One row per (param, system, code); the texts of duplicates are joined for `:text`.
    const tokens = new Map<string, TokenRow>();
    let textOnly: { pid: number; text: string | undefined }[] | undefined;
    let grp = 0;
    for (const entry of index.entries) {
      // Searched on the resources table directly.
      if (entry.param === '_id' || entry.param === '_lastUpdated') continue;
      const pid = pidOf(entry.param);
      const v = entry.value;
      switch (v.kind) {
        case 'composite': {
          grp++;
          const cells = this.buffer('idx_composite');
          for (let n = 0; n < v.components.length; n++) {
            const c = v.components[n];
            if (c === undefined) continue;
            cells.push(rid, pid, grp, n);
            pushCompositeColumns(cells, c);
          }
          break;
        }
        case 'token':
          if ((v.typeSystem !== undefined || v.typeCode !== undefined) && v.code !== undefined) {
            // `identifier:of-type`: a companion row under `<param>:of-type`, system = `typeSystem|typeCode`.
            this.buffer('idx_token').push(rid, pidOf(`${entry.param}${OF_TYPE_SUFFIX}`), v.code, `${v.typeSystem ?? ''}|${v.typeCode ?? ''}`, null);
          }
          if (v.code === undefined && v.system === undefined) {
            // Text only (CodeableConcept.text): joined into a coded row of the param below when there is one.
            (textOnly ??= []).push({ pid, text: v.text });
            break;
          }
          addToken(tokens, pid, v.system ?? '', v.code ?? '', v.text);
          break;
        case 'string':
          if (fresh(seen, `s${pid}:${v.norm.length}:${v.norm}\u0000${v.exact}`)) this.buffer('idx_string').push(rid, pid, v.norm, v.exact);
          break;
        case 'date': {
          const low = Math.trunc(num(v.low));
          const high = Math.trunc(num(v.high));
          if (fresh(seen, `d${pid}\u0000${low}\u0000${high}`)) this.buffer('idx_date').push(rid, pid, low, high);
          break;
        }
        case 'number': {
          const low = num(v.low);
          const high = num(v.high);
          if (fresh(seen, `n${pid}\u0000${v.value}\u0000${low}\u0000${high}`)) this.buffer('idx_number').push(rid, pid, v.value, low, high);
          break;
        }
        case 'quantity': {
          const row: Cell[] = [v.value, num(v.low), num(v.high), v.system ?? '', v.code ?? v.unit ?? '', v.canonicalValue ?? null, v.canonicalCode ?? null];
          if (fresh(seen, `q${pid}\u0000${row.map(part).join('\u0000')}`)) this.buffer('idx_quantity').push(rid, pid, ...row);
          break;
        }
        case 'reference': {
          const ref = v.ref ?? '';
          const idSystem = v.identifierSystem ?? '';
          const idValue = v.identifierValue ?? '';
          if (fresh(seen, `r${pid}:${ref.length}:${idSystem.length}:${ref}\u0000${idSystem}\u0000${idValue}`)) this.buffer('idx_reference').push(rid, pid, ref, idSystem, idValue);
          break;
        }
        case 'uri':
          if (fresh(seen, `u${pid}\u0000${v.value}`)) this.buffer('idx_uri').push(rid, pid, v.value);
          break;
        default:
          v satisfies never;
      }
    }
    for (const { pid, text } of textOnly ?? []) {
      let coded: TokenRow | undefined;
      for (const t of tokens.values()) {
        if (t.pid === pid) {
          coded = t;
          break;
        }
      }
      if (coded === undefined) addToken(tokens, pid, '', '', text);
      else if (text !== undefined && !(coded.text ?? '').split('\u0001').includes(text)) coded.text = coded.text === undefined ? text : `${coded.text}\u0001${text}`;
    }
    if (tokens.size > 0) {
      const cells = this.buffer('idx_token');
      for (const t of tokens.values()) cells.push(rid, t.pid, t.code, t.system, t.text ?? null);
    }
    if (index.compartments.length > 0) {
      const cells = this.buffer('compartment');
      for (const ref of new Set(index.compartments)) cells.push(rid, ref);
    }
  }
}

/** Adds `key` to `seen`; false when it was there already. */
function fresh(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** Collects one coded token row per (param, system, code); the texts of duplicates are joined for `:text`. */
function addToken(tokens: Map<string, TokenRow>, pid: number, system: string, code: string, text: string | undefined): void {
  const key = `${pid}:${system.length}:${system}\u0000${code}`;
  const prior = tokens.get(key);
  if (prior) {
    if (text !== undefined) prior.text = prior.text === undefined ? text : `${prior.text}\u0001${text}`;
    return;
  }
  tokens.set(key, { pid, code, system, text });
}
