import { describe, expect, it } from 'vitest';
import type { AccessToken } from './token-service.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const tok = (jti: string, expiresAt = 1000): AccessToken => ({ clientId: 'c', scopes: [], scope: '', expiresAt, jti });

describe('VerifiedTokenCache', () => {
  it('serves until exp (exclusive), refuses revoked ids, counts hits and misses', () => {
    const c = new VerifiedTokenCache(10);
    c.set('t1', tok('a', 100));
    expect(c.get('t1', 99)?.jti).toBe('a');
    expect(c.get('t1', 100)).toBeUndefined();
    c.set('t2', tok('b', 200));
    c.revoke('b', 200, 50);
    expect(c.get('t2', 60)).toBeUndefined();
    c.set('t2', tok('b', 200)); // a revoked id is not cached again
    expect(c.get('t2', 60)).toBeUndefined();
    expect(c.stats()).toEqual({ hits: 1, misses: 3, size: 0 });
  });

  it('evicts the least recently used entry past its size', () => {
    const c = new VerifiedTokenCache(4);
    for (const t of ['a', 'b', 'c', 'd']) c.set(t, tok(t));
    expect(c.get('a', 0)?.jti).toBe('a'); // old: moved to the newest end
    c.set('e', tok('e'));
    expect(c.get('b', 0)).toBeUndefined();
    expect(['a', 'c', 'd', 'e'].map((t) => c.get(t, 0)?.jti)).toEqual(['a', 'c', 'd', 'e']);
    expect(c.size).toBe(4);
  });
});
