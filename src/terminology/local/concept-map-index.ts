/**
 * ConceptMapIndex: a ConceptMap's mappings by source `system|code` (forward) and by target
 * `system|code` (reverse), with each group's `unmapped` rule. Built once per resource object.
 * https://hl7.org/fhir/R4/conceptmap.html
 */
import type {
  ConceptMap, ConceptMapGroup, ConceptMapGroupElement, ConceptMapGroupElementTarget, ConceptMapGroupUnmapped,
} from 'fhir/r4.js';

/** One mapping edge. */
export interface MapEdge {
  readonly group: ConceptMapGroup;
  readonly element: ConceptMapGroupElement;
  /** Undefined for an element without targets. */
  readonly target: ConceptMapGroupElementTarget | undefined;
}

const cache = new WeakMap<ConceptMap, ConceptMapIndex>();
const NO_EDGES: readonly MapEdge[] = [];

/** The indexes of one ConceptMap. */
export class ConceptMapIndex {
  private readonly forward = new Map<string, MapEdge[]>();
  private readonly reverse = new Map<string, MapEdge[]>();
  /** Source systems (groups' `source`) and target systems (`target`). */
  readonly sourceSystems = new Set<string>();
  readonly targetSystems = new Set<string>();
  /** `url|version` (or url, or id) naming this map in results. */
  readonly label: string;

  /** The (cached) index of `map`. */
  static of(map: ConceptMap): ConceptMapIndex {
    let idx = cache.get(map);
    if (idx === undefined) {
      idx = new ConceptMapIndex(map);
      cache.set(map, idx);
    }
    return idx;
  }

  private constructor(readonly map: ConceptMap) {
    this.label = map.url === undefined ? `ConceptMap/${map.id ?? ''}` : map.version === undefined ? map.url : `${map.url}|${map.version}`;
    for (const group of map.group ?? []) {
      const source = group.source ?? '';
      const target = group.target ?? '';
      this.sourceSystems.add(source);
      this.targetSystems.add(target);
      for (const element of group.element) {
        const fk = source + '|' + (element.code ?? '');
        const targets = element.target ?? [];
        if (targets.length === 0) push(this.forward, fk, { group, element, target: undefined });
        for (const t of targets) {
          push(this.forward, fk, { group, element, target: t });
          if (t.code !== undefined) push(this.reverse, target + '|' + t.code, { group, element, target: t });
        }
      }
    }
  }

  /** Edges from source `system|code`. */
  from(system: string, code: string): readonly MapEdge[] {
    return this.forward.get(system + '|' + code) ?? NO_EDGES;
  }

  /** Edges into target `system|code`. */
  into(system: string, code: string): readonly MapEdge[] {
    return this.reverse.get(system + '|' + code) ?? NO_EDGES;
  }

  /** The groups reading from `system` that have an `unmapped` rule. */
  unmappedRules(system: string): { group: ConceptMapGroup; unmapped: ConceptMapGroupUnmapped }[] {
    const out: { group: ConceptMapGroup; unmapped: ConceptMapGroupUnmapped }[] = [];
    for (const group of this.map.group ?? []) {
      if ((group.source ?? '') === system && group.unmapped !== undefined) out.push({ group, unmapped: group.unmapped });
    }
    return out;
  }
}

function push(map: Map<string, MapEdge[]>, key: string, edge: MapEdge): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edge]);
  else list.push(edge);
}
