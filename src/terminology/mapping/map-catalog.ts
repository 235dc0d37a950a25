/**
 * MapCatalog: the current ConceptMaps by the code systems they read from (`group.source`), split into
 * per-integration maps (see integration-context.ts) and shared ones. Rebuilt when the content registry
 * changes (its `generation`). https://hl7.org/fhir/R4/conceptmap.html
 */
import type { ConceptMap } from 'fhir/r4.js';
import type { TerminologyContent } from '../local/content-registry.js';
import { integrationsOf } from './integration-context.js';

/** The maps reading from one source system. */
export interface SystemMaps {
  /** Maps without an integration context (shipped, or written without one). */
  readonly shared: readonly ConceptMap[];
  /** Maps tied to each integration id. */
  readonly byIntegration: ReadonlyMap<string, readonly ConceptMap[]>;
}

/** Catalog of the current map of each url, indexed by source system. */
export class MapCatalog {
  private gen = -1;
  private bySystem = new Map<string, SystemMaps>();

  constructor(private readonly content: TerminologyContent) {}

  /** The content generation the catalog was built from (after `maps` / `refresh`). */
  get generation(): number {
    return this.gen;
  }

  /** The maps reading from `system`, or undefined. */
  maps(system: string): SystemMaps | undefined {
    this.refresh();
    return this.bySystem.get(system);
  }

  /** Rebuilds the index when the content changed. */
  refresh(): void {
    if (this.gen === this.content.generation) return;
    const gen = this.content.generation;
    const urls = new Set<string>();
    for (const m of this.content.all('ConceptMap')) if (m.url !== undefined) urls.add(m.url);
    const shared = new Map<string, ConceptMap[]>();
    const tied = new Map<string, Map<string, ConceptMap[]>>();
    for (const url of urls) {
      const map = this.content.resolve('ConceptMap', url); // the current (latest) version only
      if (map === undefined) continue;
      const integrations = integrationsOf(map);
      for (const system of new Set((map.group ?? []).map((g) => g.source ?? ''))) {
        if (integrations.length === 0) push(shared, system, map);
        else {
          let per = tied.get(system);
          if (per === undefined) tied.set(system, (per = new Map()));
          for (const i of integrations) push(per, i, map);
        }
      }
    }
    const next = new Map<string, SystemMaps>();
    for (const system of new Set([...shared.keys(), ...tied.keys()])) {
      next.set(system, { shared: shared.get(system) ?? [], byIntegration: tied.get(system) ?? new Map() });
    }
    this.bySystem = next;
    this.gen = gen;
  }
}

function push<K>(map: Map<K, ConceptMap[]>, key: K, value: ConceptMap): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
