import { describe, expect, it } from 'vitest';
import { find } from 'mingo';
import { isOperationOutcomeError } from '../../core/outcomes.js';
import { afterFilter, compareRows, decodeCursor, encodeCursor, nativeField, presenceSegments, reverseSort, type SortField } from './keyset.js';

const SORT: SortField[] = [{ field: 'k', dir: 1, nullsLast: true }, nativeField('_id', 1)];
const rows = [{ _id: 'a', k: 2 }, { _id: 'b' }, { _id: 'c', k: 1 }, { _id: 'd', k: 2 }, { _id: 'e' }];
const ordered = [...rows].sort((x, y) => compareRows(SORT, x, y)).map((d) => d._id);

describe('keyset paging', () => {
  it('orders missing values last', () => {
    expect(ordered).toEqual(['c', 'a', 'd', 'b', 'e']);
  });

  it.each(rows.map((r) => [r._id]))('afterFilter(%s) selects exactly the rows after it, forwards and backwards', (id) => {
    const row = rows.find((r) => r._id === id) ?? rows[0];
    const keys = [row && 'k' in row ? row.k : null, id];
    const after = find(rows, afterFilter(SORT, keys)).all().map((d) => d['_id'] as string).sort((x, y) => ordered.indexOf(x) - ordered.indexOf(y));
    expect(after).toEqual(ordered.slice(ordered.indexOf(id) + 1));
    const before = find(rows, afterFilter(reverseSort(SORT), keys)).all().map((d) => d['_id'] as string).sort((x, y) => ordered.indexOf(x) - ordered.indexOf(y));
    expect(before).toEqual(ordered.slice(0, ordered.indexOf(id)));
  });

  it('splits non-native keys into presence segments', () => {
    expect(presenceSegments(SORT)).toEqual([{ k: { $ne: null } }, { k: null }]);
    expect(presenceSegments([nativeField('_id', 1)])).toEqual([{}]);
  });

  it('round-trips cursors and rejects forged ones', () => {
    const c = encodeCursor(SORT, 'n', [2, 'a']);
    expect(decodeCursor(SORT, c)).toEqual({ direction: 'n', keys: [2, 'a'] });
    const forged = [
      Buffer.from(JSON.stringify({ s: 'k,_id~', d: 'n', k: [{ $gt: '' }, 'a'] })).toString('base64url'),
      encodeCursor([nativeField('x', 1), nativeField('_id', 1)], 'n', [1, 'a']),
      'not base64 json',
    ];
    for (const f of forged) {
      const e: unknown = (() => { try { return decodeCursor(SORT, f); } catch (x) { return x; } })();
      expect(isOperationOutcomeError(e) && e.category).toBe('invalid');
    }
  });
});
