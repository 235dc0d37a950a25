/**
 * A bounded LRU of verified access tokens, keyed by the token string, so a bearer token's signature
 * (0.1 ms of CPU for ES256, 1.3 ms for an ES384 key of an older version) is checked once rather than
 * on every request. An entry is only served while its `exp` is in the future; revoked `jti`s are
 * evicted and refused.
 * https://datatracker.ietf.org/doc/html/rfc6750#section-3
 */
import type { AccessToken } from './token-service.js';

/** Default number of distinct tokens remembered. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

export class VerifiedTokenCache {
  /** Token → verified claims and the insertion sequence number of the entry (Map order = that order). */
  private readonly entries = new Map<string, { token: AccessToken; seq: number }>();
  private seq = 0;
  /** Revoked token ids → their expiry (epoch seconds), kept until then. */
  private readonly revoked = new Map<string, number>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxSize = DEFAULT_TOKEN_CACHE_SIZE) {}

  /** The cached token when it is still unexpired at `nowSeconds` and not revoked. */
  get(token: string, nowSeconds: number): AccessToken | undefined {
    const hit = this.entries.get(token);
    if (hit === undefined) {
      this.misses++;
      return undefined;
    }
    // jose refuses `exp <= now`; the cache applies the same rule.
    if (hit.token.expiresAt <= nowSeconds || this.revoked.has(hit.token.jti)) {
      this.entries.delete(token);
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last: Map keeps insertion order, so eviction takes the first key. An entry in
    // the newer half is not moved (it is not next to go); that saves a delete + set on most hits.
    if (this.seq - hit.seq >= this.maxSize / 2) {
      this.entries.delete(token);
      hit.seq = ++this.seq;
      this.entries.set(token, hit);
    }
    return hit.token;
  }

  /** Remembers a freshly verified token (not when its id was revoked). */
  set(token: string, verified: AccessToken): void {
    if (this.revoked.has(verified.jti)) return;
    this.entries.delete(token);
    this.entries.set(token, { token: verified, seq: ++this.seq });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** True when `jti` was revoked (and has not expired since). */
  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /**
   * Revokes a token id until `expiresAt` (epoch seconds): cached entries carrying it are dropped and it
   * is refused from now on. Expired revocations are pruned as new ones arrive.
   * https://datatracker.ietf.org/doc/html/rfc7009
   */
  revoke(jti: string, expiresAt: number, nowSeconds: number): void {
    for (const [id, exp] of this.revoked) if (exp <= nowSeconds) this.revoked.delete(id);
    if (expiresAt > nowSeconds) this.revoked.set(jti, expiresAt);
    for (const [token, e] of this.entries) if (e.token.jti === jti) this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Lookups answered from the cache and not, since start (for benchmarks and metrics). */
  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
