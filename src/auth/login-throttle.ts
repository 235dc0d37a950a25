/**
 * Failed sign-in throttling for the local-user login form: per username and per client address, after
 * `maxFailures` failed attempts the key is locked for `lockoutSeconds`, doubling with every further failure
 * up to `maxLockoutSeconds`; failures are forgotten `windowSeconds` after the last one. A locked attempt is
 * refused before the password is checked, with the same answer whether the username exists or not (no
 * user enumeration). A successful sign-in clears the username's count, never the address's (one valid
 * account must not reset an address that is guessing others).
 * https://pages.nist.gov/800-63-3/sp800-63b.html#throttle (SP 800-63B §5.2.2) ·
 * https://owasp.org/www-community/controls/Blocking_Brute_Force_Attacks
 */
import { ExpiringMap } from './expiring-map.js';

/** Throttling settings (`LOGIN_*` in src/config). */
export interface LoginThrottleOptions {
  /** Failed attempts for one username before it is locked. */
  readonly maxFailures: number;
  /** Failed attempts from one client address before it is locked. */
  readonly maxFailuresPerAddress: number;
  /** First lockout; each further failure doubles it. */
  readonly lockoutSeconds: number;
  /** Longest lockout. */
  readonly maxLockoutSeconds: number;
  /** Failures are forgotten this long after the last one. */
  readonly windowSeconds: number;
}

/** The defaults (also the config defaults). */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  maxFailures: 5,
  maxFailuresPerAddress: 20,
  lockoutSeconds: 60,
  maxLockoutSeconds: 3600,
  windowSeconds: 900,
};

interface Failures {
  count: number;
  lockedUntil: number;
}

/** Most keys remembered (oldest dropped beyond; the per-address limit bounds how fast one client adds). */
const MAX_KEYS = 100_000;

/** The throttle (one per process; state in memory). */
export class LoginThrottle {
  readonly #failures: ExpiringMap<Failures>;

  constructor(private readonly clock: () => Date, private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {
    this.#failures = new ExpiringMap<Failures>(clock, MAX_KEYS);
  }

  /** Seconds until `username` / `address` may try again, or 0 when an attempt is allowed now. */
  retryAfter(username: string, address: string): number {
    const now = this.clock().getTime();
    const until = Math.max(this.#failures.get(userKey(username))?.lockedUntil ?? 0, this.#failures.get(addressKey(address))?.lockedUntil ?? 0);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Records a failed attempt of `username` from `address`. */
  failed(username: string, address: string): void {
    this.#bump(userKey(username), this.options.maxFailures);
    this.#bump(addressKey(address), this.options.maxFailuresPerAddress);
  }

  /** Records a successful sign-in: the username starts afresh. */
  succeeded(username: string): void {
    this.#failures.take(userKey(username));
  }

  #bump(key: string, max: number): void {
    const now = this.clock().getTime();
    const f = this.#failures.get(key) ?? { count: 0, lockedUntil: 0 };
    f.count++;
    if (f.count >= max) {
      const seconds = Math.min(this.options.maxLockoutSeconds, this.options.lockoutSeconds * 2 ** Math.min(f.count - max, 30));
      f.lockedUntil = now + seconds * 1000;
    }
    const lockedFor = Math.max(0, Math.ceil((f.lockedUntil - now) / 1000));
    this.#failures.set(key, f, Math.max(this.options.windowSeconds, lockedFor));
  }
}

// Usernames compare case-insensitively here so that case variants share one count.
const userKey = (username: string): string => `u:${username.trim().toLowerCase()}`;
const addressKey = (address: string): string => `a:${address}`;
