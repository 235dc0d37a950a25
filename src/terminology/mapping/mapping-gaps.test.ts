import { describe, expect, it } from 'vitest';
import { MappingGapTable } from './mapping-gaps.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');

function filled(): MappingGapTable {
  const t = new MappingGapTable();
  const uses: [string, string, string, number][] = [
    ['lab-a', 'http://x/lab', 'A', 3], ['lab-a', 'http://x/lab', 'B', 5], ['lab-b', 'http://x/lab', 'A', 1],
    ['adt', 'http://x/sex', 'Q', 4], ['lab-b', 'http://x/lab', 'C', 5],
  ];
  let at = T0;
  for (const [source, system, code, n] of uses) for (let i = 0; i < n; i++) t.record({ source, system, code }, at += 1000);
  return t;
}

describe('MappingGapTable', () => {
  it('sorts by count (ties: most recent first) and filters by system and source', () => {
    const t = filled();
    expect(t.list().gaps.map((g) => `${g.source}:${g.code}:${g.count}`)).toEqual(['lab-b:C:5', 'lab-a:B:5', 'adt:Q:4', 'lab-a:A:3', 'lab-b:A:1']);
    expect(t.list({ system: 'http://x/lab', source: 'lab-b' }).gaps.map((g) => g.code)).toEqual(['C', 'A']);
    expect(t.list({ system: 'http://x/sex' })).toMatchObject({ total: 1, gaps: [{ code: 'Q', count: 4 }] });
  });

  it.each([
    [{ offset: 0, count: 2 }, 5, ['C', 'B']],
    [{ offset: 2, count: 2 }, 5, ['Q', 'A']],
    [{ offset: 4, count: 2 }, 5, ['A']],
    [{ offset: 9, count: 2 }, 5, []],
  ])('pages %o', (query, total, codes) => {
    const page = filled().list(query);
    expect(page.total).toBe(total);
    expect(page.gaps.map((g) => g.code)).toEqual(codes);
  });

  it('keeps first and last seen, the last display, and truncates long values', () => {
    const t = new MappingGapTable();
    t.record({ source: 's', system: 'x', code: 'c', display: 'one' }, T0 + 5000);
    t.record({ source: 's', system: 'x', code: 'c', display: 'two' }, T0 + 1000); // late arrival: first seen stays
    t.record({ source: 's', system: 'x', code: 'c' }, T0 + 9000);
    t.record({ source: 's', system: 'x', code: 'long', display: 'd'.repeat(1000) }, T0);
    const [a, b] = t.list().gaps;
    expect(a).toEqual({ source: 's', system: 'x', code: 'c', display: 'two', count: 3, firstSeen: '2026-03-01T00:00:05.000Z', lastSeen: '2026-03-01T00:00:09.000Z' });
    expect(b?.display).toHaveLength(200);
  });

  it('stays bounded: when full, the least-seen tenth makes room', () => {
    const t = new MappingGapTable(20);
    for (let i = 0; i < 20; i++) for (let k = 0; k <= i; k++) t.record({ source: 's', system: 'x', code: `c${i}` }, T0 + i);
    t.record({ source: 's', system: 'x', code: 'new' }, T0 + 100);
    expect(t.size).toBe(19);
    const codes = t.list().gaps.map((g) => g.code);
    expect(codes).toContain('new');
    expect(codes).not.toContain('c0');
    expect(codes).not.toContain('c1');
    expect(codes).toContain('c2');
  });

  it('merges saved gaps (counts add up, times widen) and tracks unsaved changes', () => {
    const t = new MappingGapTable();
    expect(t.dirty).toBe(false);
    t.record({ source: 's', system: 'x', code: 'c' }, T0 + 5000);
    expect(t.dirty).toBe(true);
    t.merge([{ source: 's', system: 'x', code: 'c', count: 4, firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-02-02T00:00:00.000Z' },
      { source: 's', system: 'x', code: 'd', display: 'D', count: 2, firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-02-03T00:00:00.000Z' }]);
    expect(t.list().gaps).toEqual([
      { source: 's', system: 'x', code: 'c', count: 5, firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-03-01T00:00:05.000Z' },
      { source: 's', system: 'x', code: 'd', display: 'D', count: 2, firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-02-03T00:00:00.000Z' },
    ]);
    t.markSaved();
    expect(t.dirty).toBe(false);
  });
});
