/**
 * `_summary` and `_elements`: pure projections of a resource. Subsetted results carry the SUBSETTED tag.
 * https://hl7.org/fhir/R4/search.html#summary and https://hl7.org/fhir/R4/search.html#elements
 */
import type { Coding, Resource } from 'fhir/r4.js';

/** Per resource type: top-level element names (choice types as `value[x]`) that are summary / mandatory. */
export interface ElementDefinitions {
  readonly summary: ReadonlySet<string>;
  readonly mandatory: ReadonlySet<string>;
}

/** Resource type → its element definitions. */
export type SummaryDefinitions = ReadonlyMap<string, ElementDefinitions>;

/** The tag marking a resource as incomplete. https://hl7.org/fhir/R4/v3/ObservationValue/cs.html */
export const SUBSETTED_TAG: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

/** The `_summary` modes that change a resource (`count` is handled by the search itself). */
export type ResourceSummaryMode = 'true' | 'text' | 'data' | 'false';

/** Top-level JSON key → element name (`valueQuantity` → `value[x]` when that is a choice element). */
function elementNameOf(key: string, names: ReadonlySet<string>): string {
  const name = key.startsWith('_') ? key.slice(1) : key;
  if (names.has(name)) return name;
  // `effectiveDateTime` → `effective[x]`: try each prefix ending before an upper-case letter.
  for (let i = 1; i < name.length; i++) {
    const ch = name.charAt(i);
    if (ch >= 'A' && ch <= 'Z' && names.has(`${name.slice(0, i)}[x]`)) return `${name.slice(0, i)}[x]`;
  }
  return name;
}

/** Keeps `resourceType` and the top-level keys for which `keep(elementName)` holds. */
function project(resource: Resource, names: ReadonlySet<string>, keep: (name: string) => boolean): Resource {
  const out: Record<string, unknown> = { resourceType: resource.resourceType };
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'resourceType') continue;
    if (keep(elementNameOf(key, names))) out[key] = value;
  }
  return out as unknown as Resource;
}

/** Adds the SUBSETTED tag (once) to `meta.tag`. */
export function markSubsetted(resource: Resource): Resource {
  const tags = resource.meta?.tag ?? [];
  if (tags.some((t) => t.system === SUBSETTED_TAG.system && t.code === SUBSETTED_TAG.code)) return resource;
  return { ...resource, meta: { ...resource.meta, tag: [...tags, SUBSETTED_TAG] } };
}

/** Applies `_summary` (true | text | data | false) to one resource. */
export function applySummary(resource: Resource, mode: ResourceSummaryMode, defs: SummaryDefinitions): Resource {
  if (mode === 'false') return resource;
  const def = defs.get(resource.resourceType);
  const all = new Set([...(def?.summary ?? []), ...(def?.mandatory ?? [])]);
  let out: Resource;
  switch (mode) {
    case 'true':
      out = project(resource, all, (n) => n === 'id' || n === 'meta' || (def?.summary.has(n) ?? false));
      break;
    case 'text':
      out = project(resource, all, (n) => n === 'id' || n === 'meta' || n === 'text' || (def?.mandatory.has(n) ?? false));
      break;
    case 'data':
      out = project(resource, all, (n) => n !== 'text');
      break;
    default:
      mode satisfies never;
      return resource;
  }
  return markSubsetted(out);
}

/** Applies `_elements` (top-level names, optionally `Type.name`): keeps those plus id, meta and mandatory ones. */
export function applyElements(resource: Resource, elements: readonly string[], defs: SummaryDefinitions): Resource {
  const def = defs.get(resource.resourceType);
  const wanted = new Set<string>();
  for (const e of elements) {
    const name = e.startsWith(`${resource.resourceType}.`) ? e.slice(resource.resourceType.length + 1) : e;
    if (name.includes('.')) continue; // nested paths are not required by R4; ignored
    wanted.add(name);
  }
  const names = new Set([...(def?.summary ?? []), ...(def?.mandatory ?? [])]);
  const keep = (n: string): boolean =>
    n === 'id' || n === 'meta' || wanted.has(n) || wanted.has(n.replace('[x]', '')) || (def?.mandatory.has(n) ?? false);
  return markSubsetted(project(resource, names, keep));
}

/** A StructureDefinition as far as summary extraction needs it. */
export interface StructureDefinitionLike {
  readonly kind?: string;
  readonly abstract?: boolean;
  readonly type?: string;
  readonly snapshot?: { readonly element?: readonly { readonly path?: string; readonly isSummary?: boolean; readonly min?: number }[] };
}

/** Builds the summary definitions from resource StructureDefinitions (top-level elements only). */
export function buildSummaryDefinitions(structureDefinitions: Iterable<StructureDefinitionLike>): SummaryDefinitions {
  const out = new Map<string, ElementDefinitions>();
  for (const sd of structureDefinitions) {
    if (sd.kind !== 'resource' || sd.type === undefined) continue;
    const summary = new Set<string>();
    const mandatory = new Set<string>();
    for (const el of sd.snapshot?.element ?? []) {
      const parts = el.path?.split('.') ?? [];
      if (parts.length !== 2 || parts[1] === undefined) continue;
      if (el.isSummary === true) summary.add(parts[1]);
      if ((el.min ?? 0) > 0) mandatory.add(parts[1]);
    }
    out.set(sd.type, { summary, mandatory });
  }
  return out;
}
