/**
 * History queries (instance, type, system), newest first, keyset-paged on (lastUpdated, hid).
 * https://hl7.org/fhir/R4/http.html#history
 */
import { badRequest } from '../../core/outcomes.js';
import type { HistoryPage, HistoryQuery } from '../../ports/fhir-store.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './cursor.js';
import { toVersion, VERSION_COLUMNS, type VersionRow } from './rows.js';
import type { StatementCache } from './statement-cache.js';

function instantMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badRequest(`Invalid ${name}: ${value}`, name);
  return ms;
}

/** Runs one history query on `statements`' connection. */
export function queryHistory(statements: StatementCache, q: HistoryQuery): HistoryPage {
  if (q.id !== undefined && q.resourceType === undefined) throw badRequest('Instance history needs a resource type');
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.resourceType !== undefined) {
    where.push('h.type = ?');
    args.push(q.resourceType);
  }
  if (q.id !== undefined) {
    where.push('h.id = ?');
    args.push(q.id);
  }
  if (q.since !== undefined) {
    where.push('h.lu_ms >= ?');
    args.push(instantMs(q.since, '_since'));
  }
  if (q.at !== undefined) {
    where.push('h.lu_ms <= ?');
    args.push(instantMs(q.at, '_at'));
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // The total is counted on the first page only (a full index scan on large system histories).
  const total = q.cursor === undefined ? (statements.get(`SELECT count(*) AS n FROM history h ${filter}`).get(...args) as { n: number }).n : undefined;

  const pageWhere = [...where];
  const pageArgs = [...args];
  if (q.cursor !== undefined) {
    const c = decodeHistoryCursor(q.cursor);
    pageWhere.push('(h.lu_ms < ? OR (h.lu_ms = ? AND h.hid < ?))');
    pageArgs.push(c.luMs, c.luMs, c.hid);
  }
  const count = Math.max(0, Math.trunc(q.count));
  const sql = `SELECT ${VERSION_COLUMNS} FROM history h ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
    ORDER BY h.lu_ms DESC, h.hid DESC LIMIT ?`;
  const rows = statements.get(sql).all(...pageArgs, count + 1) as VersionRow[];
  const more = rows.length > count;
  const shown = more ? rows.slice(0, count) : rows;
  const last = shown[shown.length - 1];
  return {
    versions: shown.map(toVersion),
    total,
    nextCursor: more && last ? encodeHistoryCursor(last.lu_ms, last.hid) : undefined,
  };
}
