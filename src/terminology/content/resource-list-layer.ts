/**
 * ResourceListLayer: a content layer over a list of resources produced on first use (a parsed Bundle
 * file, a folder), indexed by type and url. https://hl7.org/fhir/R4/terminology-service.html
 */
import type { ContentLayer, TermOf, TermResource, TermType } from '../local/content-registry.js';

/** A lazily loaded, read-only list of resources. */
export class ResourceListLayer implements ContentLayer {
  private index: Map<string, TermResource[]> | undefined;
  private list: readonly TermResource[] = [];

  /**
   * `load` runs once, on the first `find` or `all` of a type in `types` (the types the list can hold;
   * asking for another type answers [] without loading).
   */
  constructor(
    readonly name: string,
    private readonly load: () => readonly TermResource[],
    private readonly types: readonly TermType[] = ['CodeSystem', 'ValueSet', 'ConceptMap'],
  ) {}

  /** True once the resources were read. */
  get loaded(): boolean {
    return this.index !== undefined;
  }

  find<T extends TermType>(type: T, url: string): readonly TermOf<T>[] {
    if (!this.types.includes(type)) return [];
    return (this.ensure().get(`${type}|${url}`) ?? []) as TermOf<T>[];
  }

  all<T extends TermType>(type: T): readonly TermOf<T>[] {
    if (!this.types.includes(type)) return [];
    this.ensure();
    return this.list.filter((r): r is TermOf<T> => r.resourceType === type);
  }

  private ensure(): Map<string, TermResource[]> {
    if (this.index === undefined) {
      this.list = this.load();
      const index = new Map<string, TermResource[]>();
      for (const r of this.list) {
        if (r.url === undefined) continue;
        const key = `${r.resourceType}|${r.url}`;
        const l = index.get(key);
        if (l === undefined) index.set(key, [r]);
        else l.push(r);
      }
      this.index = index;
    }
    return this.index;
  }
}
