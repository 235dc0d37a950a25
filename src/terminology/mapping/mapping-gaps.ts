/**
 * The mapping-gap report: codes the CodeMapper could not map, by (source, system, code), with the last
 * display seen, a count and first / last seen times. No patient data: only the code and where it came
 * from. Bounded: when full, the least-seen tenth is dropped to make room.
 * https://hl7.org/fhir/R4/conceptmap.html (DESIGN.md "Terminology")
 */

/** One gap as reported. */
export interface MappingGap {
  readonly source: string;
  readonly system: string;
  readonly code: string;
  /** The last display received with the code (truncated). */
  readonly display?: string;
  readonly count: number;
  /** ISO instants. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A query of the report: filters, then sorted by count (descending), then paged. */
export interface GapQuery {
  readonly system?: string;
  readonly source?: string;
  readonly offset?: number;
  readonly count?: number;
}

/** One page of the report. */
export interface GapPage {
  /** Matches before paging. */
  readonly total: number;
  readonly gaps: readonly MappingGap[];
}

interface Entry {
  readonly source: string;
  readonly system: string;
  readonly code: string;
  display: string | undefined;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

const MAX_DISPLAY = 200;
const MAX_FIELD = 500;

/** The bounded in-memory table of gaps. */
export class MappingGapTable {
  /** source → system → code → entry (nested: no key string is built per use). */
  private readonly entries = new Map<string, Map<string, Map<string, Entry>>>();
  private count = 0;
  private changed = false;

  /** `capacity`: most distinct (source, system, code) kept. */
  constructor(readonly capacity = 10_000) {}

  /** Number of distinct gaps held. */
  get size(): number {
    return this.count;
  }

  /** True when something changed since the last `markSaved`. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Counts one unmapped use of `system|code` from `source` at `at` (epoch ms). */
  record(gap: { readonly source: string; readonly system: string; readonly code: string; readonly display?: string | undefined }, at: number): void {
    this.changed = true;
    const e = this.entries.get(gap.source)?.get(gap.system)?.get(gap.code);
    if (e !== undefined) {
      e.count++;
      if (at > e.lastSeen) e.lastSeen = at;
      if (gap.display !== undefined && gap.display !== e.display) e.display = gap.display.slice(0, MAX_DISPLAY);
      return;
    }
    this.add({
      source: gap.source.slice(0, MAX_FIELD), system: gap.system.slice(0, MAX_FIELD), code: gap.code.slice(0, MAX_FIELD),
      display: gap.display?.slice(0, MAX_DISPLAY), count: 1, firstSeen: at, lastSeen: at,
    });
  }

  /** Adds saved gaps (counts add up, times widen): used when loading the persisted report at boot. */
  merge(gaps: readonly MappingGap[]): void {
    for (const g of gaps) {
      const first = Date.parse(g.firstSeen);
      const last = Date.parse(g.lastSeen);
      const e = this.entries.get(g.source)?.get(g.system)?.get(g.code);
      if (e !== undefined) {
        e.count += g.count;
        e.firstSeen = Math.min(e.firstSeen, first);
        e.lastSeen = Math.max(e.lastSeen, last);
        e.display ??= g.display;
        continue;
      }
      this.add({ source: g.source, system: g.system, code: g.code, display: g.display, count: g.count, firstSeen: first, lastSeen: last });
    }
  }

  /** The gaps matching `query`, most frequent first (ties: most recent, then system and code). */
  list(query: GapQuery = {}): GapPage {
    const matching: Entry[] = [];
    for (const e of this.all()) {
      if (query.system !== undefined && e.system !== query.system) continue;
      if (query.source !== undefined && e.source !== query.source) continue;
      matching.push(e);
    }
    matching.sort(byCount);
    const offset = query.offset ?? 0;
    const page = matching.slice(offset, query.count === undefined ? undefined : offset + query.count);
    return { total: matching.length, gaps: page.map(toGap) };
  }

  /** Every gap (for persistence). */
  snapshot(): MappingGap[] {
    return this.list().gaps.slice();
  }

  /** Records that the table must be saved again (a save failed). */
  markDirty(): void {
    this.changed = true;
  }

  /** Records that the current content has been saved. */
  markSaved(): void {
    this.changed = false;
  }

  /** Drops the least-seen tenth (at least one entry) of the table. */
  private evict(): void {
    const sorted = [...this.all()].sort((a, b) => byCount(b, a));
    const drop = Math.max(1, Math.floor(this.capacity / 10));
    for (const e of sorted.slice(0, drop)) {
      const systems = this.entries.get(e.source);
      const codes = systems?.get(e.system);
      if (codes?.delete(e.code) !== true) continue;
      this.count--;
      if (codes.size === 0) systems?.delete(e.system);
      if (systems?.size === 0) this.entries.delete(e.source);
    }
  }

  /** Inserts a new entry (making room first when full). */
  private add(e: Entry): void {
    if (this.count >= this.capacity) this.evict();
    let systems = this.entries.get(e.source);
    if (systems === undefined) this.entries.set(e.source, (systems = new Map()));
    let codes = systems.get(e.system);
    if (codes === undefined) systems.set(e.system, (codes = new Map()));
    codes.set(e.code, e);
    this.count++;
  }

  private *all(): Generator<Entry> {
    for (const systems of this.entries.values()) for (const codes of systems.values()) yield* codes.values();
  }
}

function byCount(a: Entry, b: Entry): number {
  return b.count - a.count || b.lastSeen - a.lastSeen || cmp(a.system, b.system) || cmp(a.code, b.code) || cmp(a.source, b.source);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toGap(e: Entry): MappingGap {
  const base = { source: e.source, system: e.system, code: e.code };
  const times = { count: e.count, firstSeen: new Date(e.firstSeen).toISOString(), lastSeen: new Date(e.lastSeen).toISOString() };
  return e.display === undefined ? { ...base, ...times } : { ...base, display: e.display, ...times };
}
