/**
 * History queries over the `history` collection: instance, type and system level, newest first, with
 * `_since` / `_at` and keyset paging. https://hl7.org/fhir/R4/http.html#history
 */
import type { Document } from 'mongodb';
import { badRequest } from '../../core/outcomes.js';
import type { HistoryPage, HistoryQuery } from '../../ports/fhir-store.js';
import { toVersion, type HistoryDoc } from './documents.js';
import { afterFilter, decodeCursor, encodeCursor, keysOf, nativeField, sortDocument, type SortField } from './keyset.js';
import type { CollectionLike, SessionOption } from './mongo-types.js';

/** Newest first; (resourceType, id, versionId) makes the order total. */
const HISTORY_SORT: readonly SortField[] = ['ts', 'resourceType', 'id', 'versionId'].map((f) => nativeField(f, -1));

function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badRequest(`Invalid instant for ${name}: ${value}`, name);
  return ms;
}

/** The filter of a history query (without paging). */
export function historyFilter(query: HistoryQuery): Document {
  const f: Document = {};
  if (query.resourceType !== undefined) f['resourceType'] = query.resourceType;
  if (query.id !== undefined) f['id'] = query.id;
  const ts: Document = {};
  if (query.since !== undefined) ts['$gte'] = instant(query.since, '_since');
  if (query.at !== undefined) ts['$lte'] = instant(query.at, '_at');
  if (Object.keys(ts).length > 0) f['ts'] = ts;
  return f;
}

/** Runs a history query. */
export async function queryHistory(history: CollectionLike<HistoryDoc>, query: HistoryQuery, options: SessionOption): Promise<HistoryPage> {
  const base = historyFilter(query);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(HISTORY_SORT, query.cursor);
  const filter = cursor ? { $and: [base, afterFilter(HISTORY_SORT, cursor.keys)] } : base;
  const count = Math.max(0, query.count);
  // Sequential on purpose: operations sharing a transaction's session must not run in parallel.
  const docs = count === 0 ? [] : await history.find(filter, { ...options, sort: sortDocument(HISTORY_SORT), limit: count + 1 }).toArray();
  const total = await history.countDocuments(base, options);
  const page = docs.slice(0, count);
  const last = page[page.length - 1];
  return {
    versions: page.map(toVersion),
    total,
    nextCursor: docs.length > count && last ? encodeCursor(HISTORY_SORT, 'n', keysOf(HISTORY_SORT, last)) : undefined,
  };
}
