/**
 * A bounded in-memory map whose entries vanish at their expiry: authorization codes, launch contexts,
 * login sessions, assertion `jti`s. Keys of secrets are stored hashed by the callers (`tokenHash`).
 */
import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 (base64url) of a high-entropy token: how codes and refresh tokens are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A fresh random token (32 bytes, base64url). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Expiring entries. Past `maxSize` live entries the oldest are dropped — or, with `evict: false` (replay
 * caches, where forgetting an entry early would reopen a replay window), new entries are refused.
 */
export class ExpiringMap<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly clock: () => Date,
    private readonly maxSize = 50_000,
    private readonly evict = true,
  ) {}

  /** Stores `value` under `key` for `ttlSeconds`; false when full and not evicting. */
  set(key: string, value: T, ttlSeconds: number): boolean {
    const now = this.clock().getTime();
    if (!this.evict && !this.entries.has(key) && this.entries.size >= this.maxSize) {
      this.prune(now);
      if (this.entries.size >= this.maxSize) return false;
    }
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
    if (this.entries.size > this.maxSize) this.prune(now);
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return true;
  }

  /** The live value, or undefined. */
  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAt <= this.clock().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Removes and returns the live value (single use). */
  take(key: string): T | undefined {
    const v = this.get(key);
    this.entries.delete(key);
    return v;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
