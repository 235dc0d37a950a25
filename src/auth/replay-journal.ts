/**
 * The `jti`s of client assertions already used, kept until they expire — in memory and, when given a
 * file, appended to it so a restart does not reopen the replay window (RFC 7523 §3 item 7: "The JWT
 * MAY contain a jti claim … the authorization server MAY ensure that JWTs are not replayed"; SMART
 * Backend Services requires it). Each line is `<expiry epoch seconds> <sha256 of client id + jti>`.
 * Lines are appended with a plain write (they survive a process crash; a power cut may lose the last
 * ones, which is the window the OS had not flushed). Opening the file drops the expired lines.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExpiringMap, tokenHash } from './expiring-map.js';

/** What a claim on a `jti` found. */
export type ReplayClaim = 'new' | 'replay' | 'full';

/** Used `jti`s until their expiry; refuses (never forgets early) past `maxSize` live entries. */
export class ReplayJournal {
  private readonly seen: ExpiringMap<true>;
  private fd: number | undefined;

  private constructor(
    private readonly clock: () => Date,
    maxSize: number,
    private readonly path: string | undefined,
  ) {
    this.seen = new ExpiringMap(clock, maxSize, false);
  }

  /** A journal in memory only (tests, or when no data directory is configured). */
  static inMemory(clock: () => Date, maxSize = 1_000_000): ReplayJournal {
    return new ReplayJournal(clock, maxSize, undefined);
  }

  /** A journal persisted in `path` (created with mode 0600); the live lines of an earlier run are loaded. */
  static open(path: string, clock: () => Date, maxSize = 1_000_000): ReplayJournal {
    const journal = new ReplayJournal(clock, maxSize, path);
    journal.load();
    return journal;
  }

  /** Records `key` until `expiresAt` (epoch seconds) unless it was already recorded. */
  claim(key: string, expiresAt: number): ReplayClaim {
    const hash = tokenHash(key);
    if (this.seen.get(hash) !== undefined) return 'replay';
    const ttl = expiresAt - this.clock().getTime() / 1000;
    if (!this.seen.set(hash, true, Math.max(1, ttl))) return 'full';
    if (this.fd !== undefined) appendFileSync(this.fd, `${Math.ceil(expiresAt)} ${hash}\n`);
    return 'new';
  }

  /** Closes the file (the in-memory entries stay usable). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Loads the live lines, rewrites the file with only those (atomically), then opens it for appends. */
  private load(): void {
    const path = this.path;
    if (path === undefined) return;
    mkdirSync(dirname(path), { recursive: true });
    const now = this.clock().getTime() / 1000;
    const live: string[] = [];
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const space = line.indexOf(' ');
        const expiresAt = Number(line.slice(0, space));
        const hash = line.slice(space + 1);
        if (space <= 0 || !Number.isFinite(expiresAt) || hash === '' || expiresAt <= now) continue;
        if (this.seen.set(hash, true, expiresAt - now)) live.push(line);
      }
    }
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, live.length > 0 ? `${live.join('\n')}\n` : '', { mode: 0o600 });
    renameSync(tmp, path);
    this.fd = openSync(path, 'a', 0o600);
  }
}
