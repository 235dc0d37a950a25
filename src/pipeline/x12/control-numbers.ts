/**
 * Control numbers of our outgoing interchanges (ISA13 / IEA02) and groups (GS06 / GE02): one counter
 * per sender / receiver pair, increasing by one and wrapping after 999999999 back to 1, persisted in
 * `DATA_DIR/x12-control-numbers.json` so a restart never reuses a number a partner has seen.
 *
 * Numbers are reserved in blocks: before the first number of a block is handed out, the end of the
 * block is written durably (temporary file, fsync, rename, fsync of the directory), so after a crash
 * the counter resumes past every number that may have been used (a gap, never a repeat). The builders
 * that ask for numbers are synchronous and pure, hence the synchronous file I/O — once per block.
 * https://x12.org/resources/x12-basics (ISA13: interchange control number, GS06: group control number)
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AckControlNumbers, X12PartyPair } from '../../translators/x12/ack/index.js';

/** Highest control number; the next one after it is 1. */
export const MAX_CONTROL_NUMBER = 999_999_999;

/**
 * How many numbers one durable write reserves: the synchronous fsync (a few ms on the event loop) then
 * happens once per ~5,000 real-time answers (ISA + GS per answer) instead of stalling every in-flight
 * request each 50; a crash skips at most this many of the 999,999,999.
 */
const DEFAULT_BLOCK = 10_000;

/** The persisted state: per `isa|sender>receiver` / `gs|sender>receiver` key, the first number not reserved. */
type State = Record<string, number>;

const wrap = (n: number): number => ((n - 1) % MAX_CONTROL_NUMBER) + 1;

function readState(path: string): State {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  const parsed: unknown = JSON.parse(text);
  const state: State = {};
  if (typeof parsed !== 'object' || parsed === null) return state;
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CONTROL_NUMBER) state[k] = v;
  }
  return state;
}

/** Writes `state` atomically and durably (rename over the old file, both synced). */
function writeState(path: string, state: State): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeFileSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
  } catch {
    // Directories cannot be opened for fsync on some platforms (Windows); the rename is still atomic.
  }
}

interface Range {
  /** Next number to hand out. */
  next: number;
  /** Numbers left in the reserved block. */
  left: number;
}

/** Per-pair control numbers, persisted in `path` (or only in memory when `path` is undefined). */
export class X12ControlNumbers implements AckControlNumbers {
  readonly #path: string | undefined;
  readonly #block: number;
  readonly #state: State;
  readonly #ranges = new Map<string, Range>();

  private constructor(path: string | undefined, block: number) {
    this.#path = path;
    this.#block = block;
    this.#state = path === undefined ? {} : readState(path);
  }

  /** Counters persisted in `path` (created on first use); throws when the file is unreadable JSON. */
  static open(path: string, options: { readonly block?: number } = {}): X12ControlNumbers {
    return new X12ControlNumbers(path, Math.max(1, options.block ?? DEFAULT_BLOCK));
  }

  /** Counters kept in memory only (tests, tools). */
  static inMemory(): X12ControlNumbers {
    return new X12ControlNumbers(undefined, DEFAULT_BLOCK);
  }

  interchange(parties?: X12PartyPair): number {
    return this.#take(`isa|${pairKey(parties)}`);
  }

  group(parties?: X12PartyPair): number {
    return this.#take(`gs|${pairKey(parties)}`);
  }

  #take(key: string): number {
    let range = this.#ranges.get(key);
    if (range === undefined || range.left === 0) {
      const next = range?.next ?? this.#state[key] ?? 1;
      // Reserve first (durably), then hand out: a crash after this write skips numbers, never repeats one.
      this.#state[key] = wrap(next + this.#block);
      if (this.#path !== undefined) writeState(this.#path, this.#state);
      range = { next, left: this.#block };
      this.#ranges.set(key, range);
    }
    const n = range.next;
    range.next = wrap(n + 1);
    range.left -= 1;
    return n;
  }
}

function pairKey(parties: X12PartyPair | undefined): string {
  return parties === undefined ? '*' : `${parties.sender}>${parties.receiver}`;
}
