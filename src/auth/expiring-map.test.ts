import { describe, it, expect } from 'vitest';
import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap without eviction (replay caches)', () => {
  it('refuses new keys when full of live entries, and accepts again once they expire', () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const m = new ExpiringMap<true>(() => now, 2, false);
    expect(m.set('a', true, 60)).toBe(true);
    expect(m.set('b', true, 60)).toBe(true);
    expect(m.set('c', true, 60)).toBe(false);
    expect(m.get('a')).toBe(true);
    now = new Date('2030-01-01T00:01:01Z');
    expect(m.set('c', true, 60)).toBe(true);
  });
});
