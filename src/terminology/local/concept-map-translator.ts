/**
 * ConceptMap/$translate over the content registry: forward (source → target) and reverse, with
 * equivalence, `dependsOn` conditions, `product`, and each group's `unmapped` rule (provided, fixed,
 * other-map). https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { ConceptMap, ConceptMapGroupElementTarget } from 'fhir/r4.js';
import { notFound } from '../../core/outcomes.js';
import type { TranslateMatch, TranslateRequest, TranslateResult } from '../../ports/terminology-service.js';
import { ConceptMapIndex, coding, match } from './concept-map-index.js';
import type { TerminologyContent } from './content-registry.js';
const MAX_OTHER_MAP_DEPTH = 5;

/** Translates codes through the ConceptMaps of a content registry. */
export class ConceptMapTranslator {
  private gen = -1;
  private readonly bySource = new Map<string, ConceptMapIndex[]>();
  private readonly byTarget = new Map<string, ConceptMapIndex[]>();

  constructor(private readonly content: TerminologyContent) {}

  /** The $translate answer for `req`. */
  translate(req: TranslateRequest, depth = 0): TranslateResult {
    const matches: TranslateMatch[] = [];
    for (const idx of this.candidates(req)) {
      if (req.reverse === true) this.reverse(idx, req, matches);
      else this.forward(idx, req, matches, depth);
    }
    let result = false;
    for (const m of matches) if (m.equivalence !== 'unmatched' && m.equivalence !== 'disjoint') result = true;
    return result ? { result, matches } : { result, matches, message: `No mapping found for ${req.system}|${req.code}` };
  }

  private candidates(req: TranslateRequest): readonly ConceptMapIndex[] {
    if (req.url !== undefined) {
      const map = this.content.resolve('ConceptMap', req.url, req.conceptMapVersion);
      if (map === undefined) throw notFound(`ConceptMap ${req.url} not found`);
      return [ConceptMapIndex.of(map)];
    }
    this.refresh();
    const list = (req.reverse === true ? this.byTarget : this.bySource).get(req.system) ?? [];
    if (req.source === undefined && req.target === undefined) return list;
    const [src, tgt] = req.reverse === true ? [req.target, req.source] : [req.source, req.target];
    return list.filter((i) => (src === undefined || scope(i.map, 'source') === src) && (tgt === undefined || scope(i.map, 'target') === tgt));
  }

  private forward(idx: ConceptMapIndex, req: TranslateRequest, out: TranslateMatch[], depth: number): void {
    let found = false;
    for (const edge of idx.from(req.system, req.code)) {
      if (edge.target.dependsOn !== undefined && !dependsOnMet(edge.target, req)) continue;
      if (req.targetSystem !== undefined && edge.group.target !== req.targetSystem) continue;
      found = true;
      out.push(edge.forward);
    }
    if (found) return;
    for (const { group, unmapped } of idx.unmappedRules(req.system)) {
      if (req.targetSystem !== undefined && group.target !== req.targetSystem) continue;
      if (unmapped.mode === 'provided') out.push(match('equal', idx.label, coding(group.target, group.targetVersion, req.code, req.display)));
      else if (unmapped.mode === 'fixed' && unmapped.code !== undefined) {
        out.push(match('inexact', idx.label, coding(group.target, group.targetVersion, unmapped.code, unmapped.display)));
      } else if (unmapped.mode === 'other-map' && unmapped.url !== undefined && depth < MAX_OTHER_MAP_DEPTH) {
        out.push(...this.translate({ ...req, url: unmapped.url }, depth + 1).matches);
      }
    }
  }

  private reverse(idx: ConceptMapIndex, req: TranslateRequest, out: TranslateMatch[]): void {
    for (const edge of idx.into(req.system, req.code)) {
      if (edge.reverse === undefined) continue;
      if (req.targetSystem !== undefined && edge.group.source !== req.targetSystem) continue;
      out.push(edge.reverse);
    }
  }

  private refresh(): void {
    if (this.gen === this.content.generation) return;
    this.bySource.clear();
    this.byTarget.clear();
    for (const map of this.content.all('ConceptMap')) {
      const idx = ConceptMapIndex.of(map);
      for (const s of idx.sourceSystems) add(this.bySource, s, idx);
      for (const t of idx.targetSystems) add(this.byTarget, t, idx);
    }
    this.gen = this.content.generation;
  }
}

function add(map: Map<string, ConceptMapIndex[]>, key: string, idx: ConceptMapIndex): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [idx]);
  else list.push(idx);
}

function scope(map: ConceptMap, side: 'source' | 'target'): string | undefined {
  return side === 'source' ? map.sourceUri ?? map.sourceCanonical : map.targetUri ?? map.targetCanonical;
}

function dependsOnMet(target: ConceptMapGroupElementTarget, req: TranslateRequest): boolean {
  if (target.dependsOn === undefined) return true;
  const given = req.dependsOn ?? [];
  return target.dependsOn.every((d) => given.some((g) =>
    g.property === d.property && g.value === d.value && (d.system === undefined || g.system === undefined || g.system === d.system)));
}
