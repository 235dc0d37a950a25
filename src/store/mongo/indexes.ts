/**
 * The indexes created at boot: multikey compound indexes over the search index arrays (each pairs the
 * parameter code `p` with the value fields an `$elemMatch` filters on), plus type / time / compartment
 * indexes and the history lookups. https://www.mongodb.com/docs/manual/core/indexes/index-types/index-multikey/
 */
import type { IndexSpecification } from 'mongodb';
import type { HistoryDoc, ResourceDoc } from './documents.js';
import type { CollectionLike } from './mongo-types.js';

/** Index specs of the `resources` collection. */
export const RESOURCE_INDEXES: readonly IndexSpecification[] = [
  { resourceType: 1, ts: 1 },
  { resourceType: 1, id: 1 },
  { compartments: 1, resourceType: 1 },
  { 'idx.tok.p': 1, 'idx.tok.c': 1, 'idx.tok.s': 1 },
  { 'idx.str.p': 1, 'idx.str.n': 1 },
  { 'idx.str.p': 1, 'idx.str.e': 1 },
  { 'idx.dt.p': 1, 'idx.dt.lo': 1, 'idx.dt.hi': 1 },
  { 'idx.num.p': 1, 'idx.num.v': 1 },
  { 'idx.qty.p': 1, 'idx.qty.c': 1, 'idx.qty.v': 1 },
  { 'idx.qty.p': 1, 'idx.qty.cc': 1, 'idx.qty.cv': 1 },
  { 'idx.ref.p': 1, 'idx.ref.r': 1 },
  { 'idx.ref.p': 1, 'idx.ref.ti': 1 },
  { 'idx.ref.p': 1, 'idx.ref.iv': 1 },
  { 'idx.uri.p': 1, 'idx.uri.v': 1 },
  { 'idx.cmp.p': 1 },
];

/** Index specs of the `history` collection. */
export const HISTORY_INDEXES: readonly IndexSpecification[] = [
  { resourceType: 1, id: 1, versionId: -1 },
  { ts: -1, resourceType: -1, id: -1, versionId: -1 },
  { resourceType: 1, ts: -1 },
];

/** Creates every index (idempotent: MongoDB ignores an existing identical index). */
export async function ensureIndexes(resources: CollectionLike<ResourceDoc>, history: CollectionLike<HistoryDoc>): Promise<void> {
  for (const spec of RESOURCE_INDEXES) await resources.createIndex(spec);
  for (const spec of HISTORY_INDEXES) await history.createIndex(spec);
}
