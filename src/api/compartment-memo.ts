/**
 * Patient-compartment membership of resource versions, remembered for the fast read path: the first
 * read of a resource version by a compartment-confined token goes through the repository's full check
 * (parse + compartment extraction); once it passed, later reads of the same version (`versionId` and
 * `lastUpdated`, so any change of the resource is a miss) by the same compartment are served from the
 * stored text without parsing. Only successes are remembered; a refusal always takes the full path.
 * A bounded LRU. https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
import type { ResourceJson } from '../repository/types.js';

/** Default number of (compartment, resource version) pairs remembered. */
export const DEFAULT_COMPARTMENT_MEMO_SIZE = 20_000;

type VersionMeta = ResourceJson['meta'];

interface Entry {
  readonly versionId: string;
  readonly lastUpdated: string;
  /** Insertion sequence number (Map order = this order). */
  seq: number;
}

export class CompartmentMemo {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  constructor(private readonly maxSize = DEFAULT_COMPARTMENT_MEMO_SIZE) {}

  /** Whether `type/id` at the version of `meta` was seen readable within `compartment`. */
  has(compartment: string, type: string, id: string, meta: VersionMeta): boolean {
    const key = `${compartment} ${type}/${id}`;
    const hit = this.entries.get(key);
    if (hit === undefined || meta.versionId === undefined || hit.versionId !== meta.versionId || hit.lastUpdated !== meta.lastUpdated) return false;
    // Most recently used last; eviction takes the first key. Entries in the newer half stay put.
    if (this.seq - hit.seq >= this.maxSize / 2) {
      this.entries.delete(key);
      hit.seq = ++this.seq;
      this.entries.set(key, hit);
    }
    return true;
  }

  /** Records that `type/id` at the version of `meta` passed the repository's compartment check for `compartment`. */
  remember(compartment: string, type: string, id: string, meta: VersionMeta): void {
    if (meta.versionId === undefined || meta.lastUpdated === undefined) return;
    const key = `${compartment} ${type}/${id}`;
    this.entries.delete(key);
    this.entries.set(key, { versionId: meta.versionId, lastUpdated: meta.lastUpdated, seq: ++this.seq });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
