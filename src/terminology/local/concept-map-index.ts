/**
 * ConceptMapIndex: a ConceptMap's mappings by source `system|code` (forward) and by target
 * `system|code` (reverse), with each group's `unmapped` rule. Built once per resource object.
 * https://hl7.org/fhir/R4/conceptmap.html
 */
import type {
  Coding, ConceptMap, ConceptMapGroup, ConceptMapGroupElement, ConceptMapGroupElementTarget, ConceptMapGroupUnmapped,
} from 'fhir/r4.js';
import type { Equivalence, TranslateMatch } from '../../ports/terminology-service.js';

/** One mapping edge, with its $translate answers made once (frozen, shared by every call). */
export interface MapEdge {
  readonly group: ConceptMapGroup;
  readonly element: ConceptMapGroupElement;
  readonly target: ConceptMapGroupElementTarget;
  readonly forward: TranslateMatch;
  /** Undefined when the element or target has no code. */
  readonly reverse: TranslateMatch | undefined;
}

const REVERSED: Partial<Record<Equivalence, Equivalence>> = { wider: 'narrower', narrower: 'wider', subsumes: 'specializes', specializes: 'subsumes' };

/** A Coding with only the defined fields (in FHIR order). */
export function coding(system: string | undefined, version: string | undefined, code: string, display: string | undefined): Coding {
  const c: Coding = {};
  if (system !== undefined) c.system = system;
  if (version !== undefined) c.version = version;
  c.code = code;
  if (display !== undefined) c.display = display;
  return c;
}

/** A frozen $translate match. */
export function match(equivalence: Equivalence, source: string, concept: Coding | undefined, target?: ConceptMapGroupElementTarget): TranslateMatch {
  const m: { -readonly [K in keyof TranslateMatch]: TranslateMatch[K] } = { equivalence, source };
  if (concept !== undefined) m.concept = Object.freeze(concept);
  const product = target?.product?.map((p) => Object.freeze({ property: p.property, concept: Object.freeze(coding(p.system, undefined, p.value, p.display)) }));
  if (product !== undefined && product.length > 0) m.product = Object.freeze(product);
  return Object.freeze(m);
}

const cache = new WeakMap<ConceptMap, ConceptMapIndex>();
const NO_EDGES: readonly MapEdge[] = [];

/** The indexes of one ConceptMap. */
export class ConceptMapIndex {
  private readonly forward = new Map<string, Map<string, MapEdge[]>>();
  private readonly reverse = new Map<string, Map<string, MapEdge[]>>();
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
        for (const t of element.target ?? []) {
          const forward = match(t.equivalence, this.label, t.code === undefined ? undefined : coding(group.target, group.targetVersion, t.code, t.display), t);
          const reverse = t.code === undefined || element.code === undefined ? undefined
            : match(REVERSED[t.equivalence] ?? t.equivalence, this.label, coding(group.source, group.sourceVersion, element.code, element.display));
          const edge: MapEdge = { group, element, target: t, forward, reverse };
          push(this.forward, source, element.code ?? '', edge);
          if (t.code !== undefined) push(this.reverse, target, t.code, edge);
        }
      }
    }
  }

  /** Edges from source `system|code`. */
  from(system: string, code: string): readonly MapEdge[] {
    return this.forward.get(system)?.get(code) ?? NO_EDGES;
  }

  /** Edges into target `system|code`. */
  into(system: string, code: string): readonly MapEdge[] {
    return this.reverse.get(system)?.get(code) ?? NO_EDGES;
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

function push(map: Map<string, Map<string, MapEdge[]>>, system: string, code: string, edge: MapEdge): void {
  let codes = map.get(system);
  if (codes === undefined) map.set(system, (codes = new Map()));
  const list = codes.get(code);
  if (list === undefined) codes.set(code, [edge]);
  else list.push(edge);
}
