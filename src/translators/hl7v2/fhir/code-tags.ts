/**
 * Which ConceptMap versions produced the codes of each written resource. `TaggingCodeMapper` wraps the
 * context's CodeMapper for one translation and remembers, for every mapped coding it answered, the maps
 * (`url|version`) that produced it; the BundleBuilder asks `mapsFor(resource)` when it writes a resource
 * and adds one `meta.tag` per map (`withConceptMapVersionTags`), so the re-map job
 * (src/repository/remap-jobs.ts) finds exactly the resources holding a coding of that map.
 * https://hl7.org/fhir/R4/resource.html#tag · https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { Coding } from 'fhir/r4.js';
import type { CodeMapper, CodeToMap, MappedCode, MappingSource } from '../../../core/code-mapping.js';

const keyOf = (system: string | undefined, code: string): string => `${system ?? ''}|${code}`;

/** A CodeMapper that records the maps behind each mapped coding it returns. */
export class TaggingCodeMapper implements CodeMapper {
  readonly #byCoding = new Map<string, Set<string>>();

  constructor(private readonly inner: CodeMapper) {}

  /** The wrapped mapper itself when it already records (a nested translation), else a new wrapper. */
  static wrap(mapper: CodeMapper): TaggingCodeMapper {
    return mapper instanceof TaggingCodeMapper ? mapper : new TaggingCodeMapper(mapper);
  }

  map(input: CodeToMap, from: MappingSource): MappedCode {
    const out = this.inner.map(input, from);
    if (out.mapped && out.maps.length > 0) {
      for (const c of out.codings) {
        if (c.code === undefined || (c.system === input.system && c.code === input.code)) continue;
        const k = keyOf(c.system, c.code);
        const set = this.#byCoding.get(k) ?? new Set<string>();
        for (const m of out.maps) set.add(m);
        this.#byCoding.set(k, set);
      }
    }
    return out;
  }

  /** The maps (`url|version`, first-seen order) behind the mapped codings found anywhere in `resource`. */
  mapsFor(resource: unknown): string[] {
    if (this.#byCoding.size === 0) return [];
    const found = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x);
        return;
      }
      if (typeof v !== 'object' || v === null) return;
      const o = v as Record<string, unknown>;
      if (typeof o['code'] === 'string' && (o['system'] === undefined || typeof o['system'] === 'string')) {
        const c = o as Coding;
        for (const m of this.#byCoding.get(keyOf(c.system, c.code ?? '')) ?? []) found.add(m);
      }
      for (const [k, x] of Object.entries(o)) if (k !== 'meta' && typeof x === 'object') walk(x);
    };
    walk(resource);
    return [...found];
  }
}
