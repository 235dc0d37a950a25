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

type Row = readonly (string | number | null)[];

/** Per table: the INSERT head (rows are de-duplicated before, so conflicts only guard). */
const INSERT: Record<string, { readonly head: string; readonly width: number; readonly tail: string }> = {
  idx_token: { head: 'INSERT OR IGNORE INTO idx_token(rid, pid, code, system, text)', width: 5, tail: '' },
  idx_string: { head: 'INSERT OR IGNORE INTO idx_string(rid, pid, norm, exact)', width: 4, tail: '' },
  idx_date: { head: 'INSERT OR IGNORE INTO idx_date(rid, pid, low, high)', width: 4, tail: '' },
  idx_number: { head: 'INSERT OR IGNORE INTO idx_number(rid, pid, value, low, high)', width: 5, tail: '' },
  idx_quantity: { head: 'INSERT OR IGNORE INTO idx_quantity(rid, pid, value, low, high, system, code, cvalue, ccode)', width: 9, tail: '' },
  idx_reference: { head: 'INSERT OR IGNORE INTO idx_reference(rid, pid, ref, id_system, id_value)', width: 5, tail: '' },
  idx_uri: { head: 'INSERT OR IGNORE INTO idx_uri(rid, pid, value)', width: 3, tail: '' },
  idx_composite: { head: 'INSERT OR IGNORE INTO idx_composite(rid, pid, grp, n, a, b, c, x, y, z, w)', width: 11, tail: '' },
  compartment: { head: 'INSERT OR IGNORE INTO compartment(rid, ref)', width: 2, tail: '' },
};

/** Rows per multi-row INSERT (fewer native calls per resource). */
const CHUNK = 16;

const sqlCache = new Map<string, string>();

/** The multi-row INSERT for `rows` rows of `table` (text built once per shape). */
function insertSql(table: string, rows: number): string {
  const key = `${table}:${rows}`;
  const hit = sqlCache.get(key);
  if (hit !== undefined) return hit;
  const spec = INSERT[table];
  if (!spec) throw new Error(`unknown index table ${table}`);
  const tuple = `(${new Array<string>(spec.width).fill('?').join(', ')})`;
  const sql = `${spec.head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}${spec.tail}`;
  sqlCache.set(key, sql);
  return sql;
}

const num = (n: number): number => (Number.isFinite(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER);

/** Table and row (after rid, pid) of a non-composite value. */
function simpleRow(v: Exclude<IndexValue, { kind: 'composite' }>): [string, Row] {
  switch (v.kind) {
    case 'token':
      return ['idx_token', [v.code ?? '', v.system ?? '', v.text ?? null]];
    case 'string':
      return ['idx_string', [v.norm, v.exact]];
    case 'date':
      return ['idx_date', [Math.trunc(num(v.low)), Math.trunc(num(v.high))]];
    case 'number':
      return ['idx_number', [v.value, num(v.low), num(v.high)]];
    case 'quantity':
      return ['idx_quantity', [v.value, num(v.low), num(v.high), v.system ?? '', v.code ?? v.unit ?? '', v.canonicalValue ?? null, v.canonicalCode ?? null]];
    case 'reference':
      return ['idx_reference', [v.ref ?? '', v.identifierSystem ?? '', v.identifierValue ?? '']];
    case 'uri':
      return ['idx_uri', [v.value]];
    default:
      return v satisfies never;
  }
}

/** Generic composite columns a, b, c, x, y, z, w of one component (see columns.ts). */
function compositeColumns(v: Exclude<IndexValue, { kind: 'composite' }>): Row {
  switch (v.kind) {
    case 'token':
      return [v.system ?? '', v.code ?? '', v.text ?? null, null, null, null, null];
    case 'string':
      return [v.norm, v.exact, null, null, null, null, null];
    case 'date':
      return [null, null, null, Math.trunc(num(v.low)), Math.trunc(num(v.high)), null, null];
    case 'number':
      return [null, null, null, num(v.low), num(v.high), v.value, null];
    case 'quantity':
      return [v.system ?? '', v.code ?? v.unit ?? '', v.canonicalCode ?? null, num(v.low), num(v.high), v.value, v.canonicalValue ?? null];
    case 'reference':
      return [v.ref ?? '', v.identifierSystem ?? '', v.identifierValue ?? '', null, null, null, null];
    case 'uri':
      return [v.value, null, null, null, null, null, null];
    default:
      return v satisfies never;
  }
}

/**
 * Inserts and removes index rows through the write connection's statement cache. Rows are buffered per
 * table and inserted by `flush` (multi-row INSERTs over every resource of the unit: fewer statement
 * runs than one set per resource); the store flushes before anything reads index tables in the
 * transaction and before the unit ends, and `discard`s on rollback.
 */
export class IndexWriter {
  private pending = new Map<string, Row[]>();

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
    for (const [table, list] of pending) {
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list.slice(i, i + CHUNK);
        this.statements.get(insertSql(table, chunk.length)).run(...chunk.flat());
      }
    }
  }

  /** Drops the buffered rows (their unit rolled back). */
  discard(): void {
    this.pending = new Map();
  }

  /** Buffers the rows of `index` for `rid` (of `resourceType`); call `clear` first on updates. */
  insert(rid: number, resourceType: string, index: ResourceIndex): void {
    const seen = new Set<string>();
    const tokens = new Map<string, { row: Row; text: string | undefined }>();
    const rows = this.pending;
    const add = (table: string, row: Row): void => {
      const list = rows.get(table);
      if (list) list.push(row);
      else rows.set(table, [row]);
    };
    const firstToken = new Map<number, { row: Row; text: string | undefined }>();
    const textOnly: { pid: number; text: string | undefined }[] = [];
    // One row per (param, system, code); the texts of duplicates are joined for `:text`.
    const addToken = (pid: number, system: string, code: string, text: string | undefined): void => {
      const key = `${pid}\u0000${system}\u0000${code}`;
      const prior = tokens.get(key);
      if (prior) {
        if (text !== undefined) prior.text = prior.text === undefined ? text : `${prior.text}\u0001${text}`;
        return;
      }
      const token = { row: [rid, pid, code, system] as Row, text };
      tokens.set(key, token);
      if (!firstToken.has(pid)) firstToken.set(pid, token);
    };
    let grp = 0;
    for (const entry of index.entries) {
      // Searched on the resources table directly.
      if (entry.param === '_id' || entry.param === '_lastUpdated') continue;
      const pid = this.params.ensure(resourceType, entry.param);
      const v = entry.value;
      if (v.kind === 'composite') {
        grp++;
        v.components.forEach((c, n) => add('idx_composite', [rid, pid, grp, n, ...compositeColumns(c)]));
        continue;
      }
      if (v.kind === 'token' && (v.typeSystem !== undefined || v.typeCode !== undefined) && v.code !== undefined) {
        // `identifier:of-type`: a companion row under `<param>:of-type`, system = `typeSystem|typeCode`.
        const ofType = this.params.ensure(resourceType, `${entry.param}${OF_TYPE_SUFFIX}`);
        add('idx_token', [rid, ofType, v.code, `${v.typeSystem ?? ''}|${v.typeCode ?? ''}`, null]);
      }
      if (v.kind === 'token') {
        if (v.code === undefined && v.system === undefined) {
          // Text only (CodeableConcept.text): joined into a coded row of the param below when there is one.
          textOnly.push({ pid, text: v.text });
          continue;
        }
        addToken(pid, v.system ?? '', v.code ?? '', v.text);
        continue;
      }
      const [table, row] = simpleRow(v);
      const key = `${table}\u0000${pid}\u0000${JSON.stringify(row)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(table, [rid, pid, ...row]);
    }
    for (const { pid, text } of textOnly) {
      const coded = firstToken.get(pid);
      if (coded === undefined) addToken(pid, '', '', text);
      else if (text !== undefined && !(coded.text ?? '').split('\u0001').includes(text)) coded.text = coded.text === undefined ? text : `${coded.text}\u0001${text}`;
    }
    for (const t of tokens.values()) add('idx_token', [...t.row, t.text ?? null]);
    for (const ref of new Set(index.compartments)) add('compartment', [rid, ref]);
  }
}
