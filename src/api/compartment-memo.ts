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

/** The version tag of a read (`versionId` + `lastUpdated`); undefined when the meta lacks either. */
export function versionTag(meta: ResourceJson['meta']): string | undefined {
  return meta.versionId === undefined || meta.lastUpdated === undefined ? undefined : `${meta.versionId}|${meta.lastUpdated}`;
}

export class CompartmentMemo {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxSize = DEFAULT_COMPARTMENT_MEMO_SIZE) {}

  /** Whether `type/id` at version `tag` was seen readable within `compartment`. */
  has(compartment: string, type: string, id: string, tag: string): boolean {
    const key = `${compartment} ${type}/${id}`;
    const hit = this.entries.get(key);
    if (hit !== tag) return false;
    // Most recently used last (Map insertion order); eviction takes the first key.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return true;
  }

  /** Records that `type/id` at version `tag` passed the repository's compartment check for `compartment`. */
  remember(compartment: string, type: string, id: string, tag: string): void {
    const key = `${compartment} ${type}/${id}`;
    this.entries.delete(key);
    this.entries.set(key, tag);
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
