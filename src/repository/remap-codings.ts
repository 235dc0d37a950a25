/**
 * Re-mapping one stored resource with a newer version of a ConceptMap: in every CodeableConcept that
 * still holds an original coding (a coding in one of the map's source systems, kept by the CodeMapper),
 * the codings in the map's target systems are replaced by a fresh translation of the original(s), and
 * the `meta.tag` recording the map version is moved to the new version. Codings elsewhere, and plain
 * `code` / `Coding` elements (which cannot keep their original), are left as they are.
 * https://hl7.org/fhir/R4/datatypes.html#CodeableConcept
 */
import type { Coding, ConceptMap, Resource } from 'fhir/r4.js';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM } from '../core/code-mapping.js';

/** What re-mapping with one map version needs to know. */
export interface RemapPlan {
  readonly url: string;
  /** `url|version` (or `url` for a map without version): the tag code written. */
  readonly label: string;
  /** True when the map has a version: resources tagged with `label` already are up to date. */
  readonly versioned: boolean;
  /** `group.source` systems: their codings are originals. */
  readonly sources: ReadonlySet<string>;
  /** `group.target` systems (not also sources): their codings were produced by the map. */
  readonly targets: ReadonlySet<string>;
}

/** The plan for the current version of `map`. */
export function remapPlan(map: ConceptMap & { url: string }): RemapPlan {
  const sources = new Set<string>();
  const targets = new Set<string>();
  for (const g of map.group ?? []) {
    if (g.source !== undefined) sources.add(g.source);
    if (g.target !== undefined) targets.add(g.target);
  }
  for (const s of sources) targets.delete(s);
  return {
    url: map.url,
    label: map.version === undefined ? map.url : `${map.url}|${map.version}`,
    versioned: map.version !== undefined,
    sources,
    targets,
  };
}

/** True when `code` (a version tag code) names a version of the plan's map. */
function isTagOf(plan: RemapPlan, code: string | undefined): boolean {
  return code !== undefined && (code === plan.url || code.startsWith(`${plan.url}|`));
}

/** True when `resource` carries a version tag of the plan's map other than the current one. */
export function needsRemap(resource: Resource, plan: RemapPlan): boolean {
  return (resource.meta?.tag ?? []).some((t) => t.system === CONCEPT_MAP_VERSION_TAG_SYSTEM && isTagOf(plan, t.code) && (!plan.versioned || t.code !== plan.label));
}

/** Translates one original code with the plan's map (mapped codings only). */
export type RemapTranslate = (system: string, code: string) => Promise<readonly Coding[]>;

/** A copy of `resource` re-mapped per `plan`, its version tag moved to `plan.label`. */
export async function remapResource(resource: Resource, plan: RemapPlan, translate: RemapTranslate): Promise<Resource> {
  const copy = structuredClone(resource);
  await walk(copy, plan, translate);
  const tags = (copy.meta?.tag ?? []).filter((t) => !(t.system === CONCEPT_MAP_VERSION_TAG_SYSTEM && isTagOf(plan, t.code)));
  copy.meta = { ...copy.meta, tag: [...tags, { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: plan.label }] };
  return copy;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

async function walk(node: unknown, plan: RemapPlan, translate: RemapTranslate): Promise<void> {
  if (Array.isArray(node)) {
    for (const item of node) await walk(item, plan, translate);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'meta') continue;
    if (key === 'coding' && Array.isArray(value)) node[key] = await remapCodings(value, plan, translate);
    else await walk(value, plan, translate);
  }
}

const systemOf = (c: unknown): string | undefined => (isRecord(c) && typeof c['system'] === 'string' ? c['system'] : undefined);

/** `codings` of one CodeableConcept: fresh mapped codings first, then the others (originals included). */
async function remapCodings(codings: unknown[], plan: RemapPlan, translate: RemapTranslate): Promise<unknown[]> {
  const originals = codings.filter((c): c is Json & { system: string; code: string } =>
    isRecord(c) && typeof c['code'] === 'string' && plan.sources.has(systemOf(c) ?? ''));
  if (originals.length === 0) return codings;
  const mapped: Coding[] = [];
  const seen = new Set<string>();
  for (const o of originals) {
    for (const m of await translate(o.system, o.code)) {
      const id = `${m.system ?? ''}|${m.code ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      mapped.push({ ...m });
    }
  }
  return [...mapped, ...codings.filter((c) => !plan.targets.has(systemOf(c) ?? ''))];
}
