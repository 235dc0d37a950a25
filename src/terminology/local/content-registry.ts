/**
 * TerminologyContent: the CodeSystems, ValueSets and ConceptMaps the local terminology service reads.
 * Runtime edits (`put` / `remove`, fed by the FHIR API) sit above read-only, lazily loaded layers
 * (shipped `terminology/`, THO, FHIR core). A url found in a higher layer hides lower layers; within
 * a layer the latest version wins (`url|version` asks for one version).
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4.js';
import { latest } from './version-order.js';

/** The terminology resources. */
export type TermResource = CodeSystem | ValueSet | ConceptMap;
export type TermType = TermResource['resourceType'];
/** The resource type named by `T`. */
export type TermOf<T extends TermType> = Extract<TermResource, { resourceType: T }>;

/** A read-only source of content that loads on demand. */
export interface ContentLayer {
  readonly name: string;
  /** Every version of `url` this layer holds (loading it if needed); [] when none. */
  find<T extends TermType>(type: T, url: string): readonly TermOf<T>[];
  /** Every resource of `type` (may load the whole layer). */
  all<T extends TermType>(type: T): readonly TermOf<T>[];
}

const MAX_RESOLVED = 20_000;

/** Splits `url|version`. */
export function splitCanonical(canonical: string): { url: string; version: string | undefined } {
  const bar = canonical.indexOf('|');
  return bar < 0 ? { url: canonical, version: undefined } : { url: canonical.slice(0, bar), version: canonical.slice(bar + 1) || undefined };
}

/** The layered content registry. */
export class TerminologyContent {
  private readonly edits = new Map<string, TermResource[]>();
  /** Answers of `resolve` (misses too, as null) for the current generation. */
  private readonly resolved = new Map<string, TermResource | null>();
  private gen = 0;

  constructor(private readonly layers: readonly ContentLayer[] = []) {}

  /** Bumped on every edit; caches built from content compare it. */
  get generation(): number {
    return this.gen;
  }

  /** Adds or replaces (same url and version) a resource; resources without a url are ignored (false). */
  put(resource: TermResource): boolean {
    if (resource.url === undefined) return false;
    const key = `${resource.resourceType}|${resource.url}`;
    const list = (this.edits.get(key) ?? []).filter((r) => r.version !== resource.version);
    list.push(resource);
    this.edits.set(key, list);
    this.changed();
    return true;
  }

  /** Removes the edit with this url (and version, when given); true when something was removed. */
  remove(type: TermType, url: string, version?: string): boolean {
    const key = `${type}|${url}`;
    const list = this.edits.get(key);
    if (list === undefined) return false;
    const kept = version === undefined ? [] : list.filter((r) => r.version !== version);
    if (kept.length === list.length) return false;
    if (kept.length === 0) this.edits.delete(key);
    else this.edits.set(key, kept);
    this.changed();
    return true;
  }

  /** The resource for `url` (or `url|version`), or undefined. */
  resolve<T extends TermType>(type: T, canonical: string, version?: string): TermOf<T> | undefined {
    const key = version === undefined ? type + ' ' + canonical : type + ' ' + canonical + '|' + version;
    let hit = this.resolved.get(key);
    if (hit === undefined) {
      hit = this.lookUp(type, canonical, version) ?? null;
      if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear(); // urls come from requests: stay bounded
      this.resolved.set(key, hit);
    }
    return (hit ?? undefined) as TermOf<T> | undefined;
  }

  private changed(): void {
    this.gen++;
    this.resolved.clear();
  }

  private lookUp<T extends TermType>(type: T, canonical: string, version: string | undefined): TermOf<T> | undefined {
    const split = splitCanonical(canonical);
    const wanted = version ?? split.version;
    for (const list of this.candidates(type, split.url)) {
      const hit = wanted === undefined ? latest(list) : list.find((r) => r.version === wanted);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Every resource of `type`, the hidden (shadowed) urls left out. */
  all<T extends TermType>(type: T): TermOf<T>[] {
    const seen = new Set<string>();
    const out: TermOf<T>[] = [];
    const add = (list: readonly TermResource[]): void => {
      const urls = new Set<string>();
      for (const r of list) {
        if (r.resourceType !== type || r.url === undefined || seen.has(r.url)) continue;
        urls.add(r.url);
        out.push(r as TermOf<T>);
      }
      for (const u of urls) seen.add(u);
    };
    add([...this.edits.values()].flat());
    for (const layer of this.layers) add(layer.all(type));
    return out;
  }

  private *candidates<T extends TermType>(type: T, url: string): Generator<readonly TermOf<T>[]> {
    const edited = this.edits.get(`${type}|${url}`);
    if (edited !== undefined) yield edited as TermOf<T>[];
    for (const layer of this.layers) {
      const found = layer.find(type, url);
      if (found.length > 0) yield found;
    }
  }
}
