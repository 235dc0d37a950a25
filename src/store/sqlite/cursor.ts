/**
 * Opaque keyset cursors: base64url of a small JSON array. Decoding validates the shape, so a tampered
 * cursor is a 400, never a crash. https://hl7.org/fhir/R4/http.html#paging
 */
import { badRequest } from '../../core/outcomes.js';

export type CursorValue = string | number | null;

/** A search cursor: sort key values of the boundary row, its rid, and which side we page to. */
export interface SearchCursor {
  readonly keys: readonly CursorValue[];
  readonly rid: number;
  readonly before: boolean;
  /** The total counted when the cursor was made (answers `_total=estimate` on later pages). */
  readonly total?: number | undefined;
}

export function encodeCursor(value: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeArray(cursor: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed)) return parsed as unknown[];
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('Invalid paging cursor', '_cursor');
}

const isCursorValue = (v: unknown): v is CursorValue => v === null || typeof v === 'string' || typeof v === 'number';

/** `['s', before(0|1), rid, ...keys]`, or `['t', before, rid, total, ...keys]` when the total is known. */
export function encodeSearchCursor(c: SearchCursor): string {
  if (c.total !== undefined) return encodeCursor(['t', c.before ? 1 : 0, c.rid, c.total, ...c.keys]);
  return encodeCursor(['s', c.before ? 1 : 0, c.rid, ...c.keys]);
}

export function decodeSearchCursor(cursor: string, keyCount: number): SearchCursor {
  const a = decodeArray(cursor);
  const withTotal = a[0] === 't';
  const [tag, before, rid, ...rest] = a;
  const total = withTotal ? rest.shift() : undefined;
  const keys = rest;
  if ((tag !== 's' && !withTotal) || (before !== 0 && before !== 1) || !Number.isSafeInteger(rid) || keys.length !== keyCount || !keys.every(isCursorValue)) {
    throw badRequest('Invalid paging cursor', '_cursor');
  }
  if (withTotal && !(Number.isSafeInteger(total) && (total as number) >= 0)) throw badRequest('Invalid paging cursor', '_cursor');
  return { keys, rid: rid as number, before: before === 1, total: total as number | undefined };
}

/** History cursor: the (lastUpdated ms, hid) of the last version shown. */
export function encodeHistoryCursor(luMs: number, hid: number): string {
  return encodeCursor(['h', luMs, hid]);
}

export function decodeHistoryCursor(cursor: string): { luMs: number; hid: number } {
  const [tag, luMs, hid] = decodeArray(cursor);
  if (tag !== 'h' || !Number.isSafeInteger(luMs) || !Number.isSafeInteger(hid)) throw badRequest('Invalid paging cursor', '_cursor');
  return { luMs: luMs as number, hid: hid as number };
}
