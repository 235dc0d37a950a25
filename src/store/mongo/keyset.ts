/**
 * Keyset paging for search and history: a sort is a list of (field, direction) ending with a unique
 * tie-breaker; a cursor holds the sort values of the row at a page edge, and the next / previous page
 * is "rows strictly after / before that row in sort order". Each field says where null (missing) values
 * go; MongoDB itself puts them first ascending and last descending ("native"), so a sort with a
 * non-native field is run as one query per presence combination of those fields and merged
 * (`presenceSegments`, `compareRows`). https://hl7.org/fhir/R4/http.html#paging
 */
import type { Document } from 'mongodb';
import { fail } from '../../core/outcomes.js';

/** One sort field: 1 ascending, -1 descending; `nullsLast` puts missing values after all others. */
export interface SortField {
  readonly field: string;
  readonly dir: 1 | -1;
  readonly nullsLast: boolean;
}

/** A field sorted the way MongoDB sorts it by itself (nulls lowest). */
export const nativeField = (field: string, dir: 1 | -1): SortField => ({ field, dir, nullsLast: dir === -1 });

/** True when MongoDB's own sort already places nulls where `s` wants them. */
export const isNative = (s: SortField): boolean => s.nullsLast === (s.dir === -1);

/** A cursor value as stored: only primitives, so a forged cursor can never smuggle an operator object. */
export type KeyValue = string | number | null;

/** A decoded cursor: `n` = page after `keys`, `p` = page before `keys`. */
export interface DecodedCursor {
  readonly direction: 'n' | 'p';
  readonly keys: readonly KeyValue[];
}

const invalidCursor = () => fail('invalid', 'Invalid or expired paging cursor', '_cursor');

/** Signature of a sort, so a cursor is only accepted for the sort it was made for. */
const signature = (sort: readonly SortField[]): string =>
  sort.map((s) => `${s.dir < 0 ? '-' : ''}${s.field}${s.nullsLast ? '' : '~'}`).join(',');

/** Encodes an opaque cursor. */
export function encodeCursor(sort: readonly SortField[], direction: 'n' | 'p', keys: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify({ s: signature(sort), d: direction, k: keys }), 'utf8').toString('base64url');
}

/** Decodes a cursor from the URL; throws `invalid` for anything malformed or made for another sort. */
export function decodeCursor(sort: readonly SortField[], cursor: string): DecodedCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof raw !== 'object' || raw === null) throw invalidCursor();
  const { s, d, k } = raw as Record<string, unknown>;
  if (s !== signature(sort) || (d !== 'n' && d !== 'p') || !Array.isArray(k) || k.length !== sort.length) throw invalidCursor();
  const keys: KeyValue[] = [];
  for (const v of k as unknown[]) {
    if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) keys.push(v);
    else throw invalidCursor();
  }
  return { direction: d, keys };
}

/** The same sort, reversed (to fetch the page before a cursor). */
export const reverseSort = (sort: readonly SortField[]): SortField[] =>
  sort.map((s) => ({ field: s.field, dir: s.dir === 1 ? -1 : 1, nullsLast: !s.nullsLast }));

/** The driver's sort document. */
export function sortDocument(sort: readonly SortField[]): Record<string, 1 | -1> {
  return Object.fromEntries(sort.map((s) => [s.field, s.dir]));
}

/** Rows after value `v` of field `s` in its order (undefined: none). */
function beyond(s: SortField, v: KeyValue): Document | undefined {
  if (v === null) return s.nullsLast ? undefined : { [s.field]: { $ne: null } };
  const past = { [s.field]: s.dir === 1 ? { $gt: v } : { $lt: v } };
  return s.nullsLast ? { $or: [past, { [s.field]: null }] } : past;
}

/** Filter for the rows strictly after `keys` in `sort` order. */
export function afterFilter(sort: readonly SortField[], keys: readonly KeyValue[]): Document {
  const branches: Document[] = [];
  for (let i = 0; i < sort.length; i++) {
    const s = sort[i];
    if (!s) continue;
    const step = beyond(s, keys[i] ?? null);
    if (!step) continue;
    const equal = sort.slice(0, i).map((e, j) => ({ [e.field]: keys[j] ?? null }));
    branches.push(equal.length === 0 ? step : { $and: [...equal, step] });
  }
  return branches.length === 0 ? { _id: { $in: [] } } : { $or: branches };
}

/** Reads a dotted path from a fetched document; missing → null. */
export function valueAt(doc: Document, path: string): KeyValue {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' || typeof cur === 'number' ? cur : null;
}

/** The sort key values of a row. */
export const keysOf = (sort: readonly SortField[], doc: Document): KeyValue[] => sort.map((s) => valueAt(doc, s.field));

/**
 * One filter per presence combination of the non-native fields (`[{}]` when all are native). Within
 * one segment MongoDB's own sort is the wanted order; the segments' pages are merged by `compareRows`.
 */
export function presenceSegments(sort: readonly SortField[]): Document[] {
  let segments: Document[][] = [[]];
  for (const s of sort) {
    if (isNative(s)) continue;
    segments = segments.flatMap((conds) => [[...conds, { [s.field]: { $ne: null } }], [...conds, { [s.field]: null }]]);
  }
  return segments.map((conds) => (conds.length === 0 ? {} : conds.length === 1 && conds[0] ? conds[0] : { $and: conds }));
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === typeof b) return a === b ? 0 : (a as string | number) < (b as string | number) ? -1 : 1;
  return typeof a === 'number' ? -1 : 1; // BSON order: numbers before strings
}

/** Orders two fetched rows by `sort` (the same order the filters and segments implement). */
export function compareRows(sort: readonly SortField[], a: Document, b: Document): number {
  for (const s of sort) {
    const x = valueAt(a, s.field);
    const y = valueAt(b, s.field);
    if (x === null || y === null) {
      if (x === y) continue;
      return (x === null) === s.nullsLast ? 1 : -1;
    }
    const c = compareValues(x, y);
    if (c !== 0) return s.dir * c;
  }
  return 0;
}
