/**
 * ConceptMapCodeMapper: the CodeMapper translators call for every code, answered from the ConceptMaps
 * of the local terminology service. Per-integration maps (integration-context.ts) come first: when one
 * maps the code, the shared (shipped) maps are not consulted. `target` may be a code system url or a
 * ValueSet url (a map whose `target[x]` is it, or a mapped code that is a member of it). Answers are
 * cached per (source, system, code, target) and dropped whenever the terminology content changes (every
 * ConceptMap / ValueSet write reaches it through repository/terminology-sync). Unmapped codes keep
 * their original coding and are counted in the mapping-gap report.
 * https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { Coding, ConceptMap } from 'fhir/r4.js';
import type { CodeMapper, CodeToMap, MappedCode, MappingSource } from '../../core/code-mapping.js';
import type { TranslateRequest } from '../../ports/terminology-service.js';
import type { LocalTerminologyService } from '../local/local-terminology-service.js';
import { MapCatalog } from './map-catalog.js';
import type { MappingGapTable } from './mapping-gaps.js';

/** Wiring of the mapper. */
export interface ConceptMapCodeMapperOptions {
  readonly terminology: LocalTerminologyService;
  /** Where unmapped codes are counted; absent: not counted. */
  readonly gaps?: MappingGapTable;
  /** Epoch milliseconds, for the gap report's first / last seen. */
  readonly now: () => number;
  /** Most cached answers (the cache is emptied when full). */
  readonly cacheSize?: number;
}

/** A cached mapping of one (source, target, system, code). */
interface CacheEntry {
  /** The mapped codings and the maps that produced them. */
  readonly mapped: readonly Coding[];
  readonly maps: readonly string[];
  /** Answers already built, by the display of the original coding (a few per entry; NO_DISPLAY for none). */
  readonly answers: Map<string, MappedCode>;
  /** The last answer given and its display (the common case: the same display every time). */
  last: MappedCode | undefined;
  lastDisplay: string | undefined;
}

/** Key of the answer without a display (all keys strings: mixed key types slow Map lookups in V8). */
const NO_DISPLAY = '\u0000';

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_CODINGS: readonly Coding[] = Object.freeze([]);
/** Answers kept per entry for different displays of the same code. */
const MAX_DISPLAYS = 8;

/** source → target → system → code → entry. Nested maps hash each (usually interned) string once. */
type Cache = Map<string, Map<string, Map<string, Map<string, CacheEntry>>>>;

/** The CodeMapper over ConceptMaps. Answers are frozen and shared: copy a coding before changing it. */
export class ConceptMapCodeMapper implements CodeMapper {
  private readonly terminology: LocalTerminologyService;
  private readonly gaps: MappingGapTable | undefined;
  private readonly now: () => number;
  private readonly cacheSize: number;
  private readonly catalog: MapCatalog;
  private cache: Cache = new Map();
  private size = 0;
  private gen = -1;

  constructor(options: ConceptMapCodeMapperOptions) {
    this.terminology = options.terminology;
    this.gaps = options.gaps;
    this.now = options.now;
    this.cacheSize = options.cacheSize ?? 100_000;
    this.catalog = new MapCatalog(options.terminology.content);
  }

  map(input: CodeToMap, from: MappingSource): MappedCode {
    const gen = this.terminology.content.generation;
    if (gen !== this.gen) this.invalidate(gen);
    const codes = this.codesOf(from.source, input.target ?? '', input.system);
    let entry = codes.get(input.code);
    if (entry === undefined) {
      entry = this.compute(input, from);
      if (this.size >= this.cacheSize) this.invalidate(gen);
      this.codesOf(from.source, input.target ?? '', input.system).set(input.code, entry);
      this.size++;
    }
    if (entry.mapped.length === 0) this.gaps?.record({ source: from.source, system: input.system, code: input.code, display: input.display }, this.now());
    if (entry.last !== undefined && entry.lastDisplay === input.display) return entry.last;
    const key = input.display ?? NO_DISPLAY;
    let result = entry.answers.get(key);
    if (result === undefined) {
      result = answer(entry.mapped, entry.maps, input);
      if (entry.answers.size >= MAX_DISPLAYS) entry.answers.clear();
      entry.answers.set(key, result);
    }
    entry.last = result;
    entry.lastDisplay = input.display;
    return result;
  }

  /** Drops every cached answer (also done automatically when the terminology content changes). */
  invalidate(generation = this.terminology.content.generation): void {
    this.cache = new Map();
    this.size = 0;
    this.gen = generation;
  }

  /** Number of cached (source, target, system, code) entries (tests, metrics). */
  get cached(): number {
    return this.size;
  }

  private codesOf(source: string, target: string, system: string): Map<string, CacheEntry> {
    let targets = this.cache.get(source);
    if (targets === undefined) this.cache.set(source, (targets = new Map()));
    let systems = targets.get(target);
    if (systems === undefined) targets.set(target, (systems = new Map()));
    let codes = systems.get(system);
    if (codes === undefined) systems.set(system, (codes = new Map()));
    return codes;
  }

  private compute(input: CodeToMap, from: MappingSource): CacheEntry {
    const maps = this.catalog.maps(input.system);
    if (maps !== undefined) {
      for (const tier of [maps.byIntegration.get(from.source), maps.shared]) {
        if (tier === undefined || tier.length === 0) continue;
        const found = this.translate(tier, input);
        if (found.codings.length > 0) return { mapped: Object.freeze(found.codings), maps: Object.freeze(found.maps), answers: new Map(), last: undefined, lastDisplay: undefined };
      }
    }
    return { mapped: NO_CODINGS, maps: NO_STRINGS, answers: new Map(), last: undefined, lastDisplay: undefined };
  }

  /** The codings `maps` give for `input` that fit its target (deduplicated), and the maps that gave them. */
  private translate(maps: readonly ConceptMap[], input: CodeToMap): { codings: Coding[]; maps: string[] } {
    const codings: Coding[] = [];
    const used: string[] = [];
    const seen = new Set<string>();
    for (const map of maps) {
      if (map.url === undefined) continue;
      // Built by adding properties (not by spreading): objects keep a shared hidden class in V8.
      const req: { -readonly [K in keyof TranslateRequest]: TranslateRequest[K] } = { system: input.system, code: input.code, url: map.url };
      if (map.version !== undefined) req.conceptMapVersion = map.version;
      if (input.display !== undefined) req.display = input.display;
      const result = this.terminology.translateNow(req);
      if (!result.result) continue;
      for (const m of result.matches) {
        if (m.concept === undefined || m.equivalence === 'unmatched' || m.equivalence === 'disjoint') continue;
        if (input.target !== undefined && !this.fitsTarget(m.concept, map, input.target)) continue;
        const id = `${m.concept.system ?? ''}|${m.concept.code ?? ''}`;
        if (!seen.has(id)) {
          seen.add(id);
          codings.push(Object.isFrozen(m.concept) ? m.concept : Object.freeze({ ...m.concept }));
        }
        if (!used.includes(m.source)) used.push(m.source);
      }
    }
    return { codings, maps: used };
  }

  /** True when `concept` answers for `target`: its system, the map's target ValueSet, or a member of that ValueSet. */
  private fitsTarget(concept: Coding, map: ConceptMap, target: string): boolean {
    if (concept.system === target) return true;
    const scope = map.targetUri ?? map.targetCanonical;
    if (scope !== undefined && (scope === target || scope.split('|')[0] === target)) return true;
    if (concept.system === undefined || concept.code === undefined) return false;
    if (this.terminology.content.resolve('ValueSet', target) === undefined) return false;
    try {
      return this.terminology.validateInValueSetNow({ valueSet: target, codings: [{ system: concept.system, code: concept.code }] }).result;
    } catch {
      return false; // a ValueSet that cannot be expanded here (e.g. an external code system) holds nothing we know
    }
  }
}

/** Mapped codings, then the original coding as received. */
function answer(mapped: readonly Coding[], maps: readonly string[], input: CodeToMap): MappedCode {
  const original: Coding = input.display === undefined
    ? { system: input.system, code: input.code }
    : { system: input.system, code: input.code, display: input.display };
  return Object.freeze({ codings: Object.freeze([...mapped, Object.freeze(original)]), mapped: mapped.length > 0, maps });
}
