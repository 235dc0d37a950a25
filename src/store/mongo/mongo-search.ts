/**
 * Runs a compiled search against the `resources` collection: inner queries for chains / `_has` /
 * `_list`, one keyset page (next or previous), and the total per `_total`.
 * https://hl7.org/fhir/R4/search.html
 */
import type { Resource } from 'fhir/r4.js';
import type { Document } from 'mongodb';
import { fail } from '../../core/outcomes.js';
import type { SearchParamRegistry, SearchRequest } from '../../core/search/types.js';
import type { SearchPage } from '../../ports/fhir-store.js';
import type { ReferenceEntry, ResourceDoc } from './documents.js';
import { afterFilter, compareRows, decodeCursor, encodeCursor, keysOf, presenceSegments, reverseSort, sortDocument } from './keyset.js';
import type { CollectionLike, SessionOption } from './mongo-types.js';
import { compileSearchFilter, compileSort, type SubqueryRunner } from './search-compiler.js';

/** Most ids an inner query (chain, `_has`) may produce before the search is refused as too costly. */
export const MAX_SUBQUERY_IDS = 50_000;

const LOCAL_REF = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

const tooCostly = () =>
  fail('invalid', `A chained or _has search matched more than ${MAX_SUBQUERY_IDS} resources; narrow it`, undefined, 'too-costly');

/** `Type/id` of a List entry's `item.reference` (relative, absolute or versioned), if it is one. */
function localRef(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const m = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(reference);
  return m?.[1];
}

/** Subqueries against `resources`, on the caller's session. */
export function subqueryRunner(resources: CollectionLike<ResourceDoc>, registry: SearchParamRegistry, options: SessionOption): SubqueryRunner {
  return {
    registry,
    async ids(filter) {
      const docs = await resources.find<{ _id: string }>(filter, { ...options, projection: { _id: 1 }, limit: MAX_SUBQUERY_IDS + 1 }).toArray();
      if (docs.length > MAX_SUBQUERY_IDS) throw tooCostly();
      return docs.map((d) => d._id);
    },
    async refs(filter, param) {
      const docs = await resources
        .find<{ idx?: { ref?: ReferenceEntry[] } }>(filter, { ...options, projection: { 'idx.ref': 1 }, limit: MAX_SUBQUERY_IDS + 1 })
        .toArray();
      if (docs.length > MAX_SUBQUERY_IDS) throw tooCostly();
      const out = new Set<string>();
      for (const d of docs) for (const e of d.idx?.ref ?? []) if (e.p === param && e.r !== undefined && LOCAL_REF.test(e.r)) out.add(e.r);
      return [...out];
    },
    async listItems(listKey) {
      const doc = await resources.findOne({ _id: listKey, deleted: false }, options);
      const entries: unknown = (doc?.resource as { entry?: unknown } | null | undefined)?.entry;
      if (!Array.isArray(entries)) return [];
      return entries.flatMap((e: unknown) => {
        const ref = localRef((e as { item?: { reference?: unknown } } | null)?.item?.reference);
        return ref ? [ref] : [];
      });
    },
  };
}

interface PageDoc extends Document {
  _id: string;
  resource: Resource | null;
}

/** One page of a search. */
export async function runSearch(
  resources: CollectionLike<ResourceDoc>, registry: SearchParamRegistry, request: SearchRequest, options: SessionOption,
): Promise<SearchPage> {
  const filter = await compileSearchFilter(request, subqueryRunner(resources, registry, options));
  const sort = compileSort(request.sort);
  const cursor = request.cursor === undefined ? undefined : decodeCursor(sort, request.cursor);
  const backwards = cursor?.direction === 'p';
  const order = backwards ? reverseSort(sort) : sort;
  const count = Math.max(0, request.count);
  let docs: PageDoc[] = [];
  if (count > 0) {
    const pageFilter = cursor ? { $and: [filter, afterFilter(order, cursor.keys)] } : filter;
    const projection: Document = { resource: 1 };
    for (const s of sort) projection[s.field] = 1;
    // Usually one segment; a sort with missing-last ascending keys needs one per presence combination.
    for (const segment of presenceSegments(order)) {
      const segmentFilter = Object.keys(segment).length === 0 ? pageFilter : { $and: [pageFilter, segment] };
      docs.push(...(await resources.find<PageDoc>(segmentFilter, { ...options, sort: sortDocument(order), limit: count + 1, projection }).toArray()));
    }
    docs.sort((a, b) => compareRows(order, a, b));
    docs = docs.slice(0, count + 1);
  }
  const more = docs.length > count;
  const page = docs.slice(0, count);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const total = request.total === 'none' ? undefined : await resources.countDocuments(filter, options);
  return {
    resources: page.flatMap((d) => (d.resource ? [d.resource] : [])),
    total,
    // Coming back from a later page there is always a next one; otherwise only if we fetched one extra.
    nextCursor: last && (backwards || more) ? encodeCursor(sort, 'n', keysOf(sort, last)) : undefined,
    // The first page has no previous one; a page reached forwards always has; backwards only if more.
    previousCursor: first && cursor && (!backwards || more) ? encodeCursor(sort, 'p', keysOf(sort, first)) : undefined,
  };
}
