/**
 * A small snapshot generator for constraint profiles: applies a differential to its base snapshot.
 * Used at build time (`scripts/build-profiles.ts`) for profiles we ship only as a differential.
 * https://hl7.org/fhir/R4/profiling.html#snapshot
 *
 * Covers what constraint profiles do: tighten existing elements (merged by id), add slices (a copy of
 * the sliced element and its children), and constrain children of complex datatypes (the datatype's
 * elements are expanded under the element first). It does not do type re-slicing of `[x]` elements
 * by profile, nor contentReference expansion.
 */
import type { ElementDefinition } from 'fhir/r4.js';

/** Finds the snapshot of a complex datatype by name (`Identifier`, `CodeableConcept`, ...). */
export type DatatypeSnapshots = (type: string) => readonly ElementDefinition[] | undefined;

/** `Observation.category:lab.coding` → `Observation.category.coding`. */
export function pathOfId(id: string): string {
  return id.split('.').map((s) => s.split(':')[0]).join('.');
}

function parentId(id: string): string {
  return id.slice(0, id.lastIndexOf('.'));
}

function lastIndexUnder(out: readonly ElementDefinition[], id: string): number {
  let last = -1;
  out.forEach((e, i) => {
    const eid = e.id ?? '';
    if (eid === id || eid.startsWith(`${id}.`) || eid.startsWith(`${id}:`)) last = i;
  });
  return last;
}

/** A copy of `e` re-rooted: ids and paths starting with `from` start with `to` / `toPath` instead. */
function rebase(e: ElementDefinition, from: string, to: string, toPath: string): ElementDefinition {
  const copy = structuredClone(e);
  const id = e.id ?? e.path;
  copy.id = to + id.slice(from.length);
  copy.path = toPath + e.path.slice(pathOfId(from).length);
  return copy;
}

/** Applies a differential element's properties onto a snapshot element. */
function merge(target: ElementDefinition, diff: ElementDefinition): void {
  const t = target as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(diff)) {
    if (k === 'id' || k === 'path') continue;
    if (k === 'constraint') {
      const keys = new Set((target.constraint ?? []).map((c) => c.key));
      target.constraint = [...(target.constraint ?? []), ...(v as ElementDefinition['constraint'] ?? []).filter((c) => !keys.has(c.key))];
    } else if (/^(fixed|pattern)[A-Z]/.test(k)) {
      // One fixed[x] / pattern[x] per element: the differential's replaces the base's.
      for (const old of Object.keys(t)) if (/^(fixed|pattern)[A-Z]/.test(old)) t[old] = undefined;
      t[k] = structuredClone(v);
    } else {
      t[k] = structuredClone(v);
    }
  }
}

/**
 * The snapshot of a profile: `base` (the base definition's snapshot) with `differential` applied.
 * Differential elements need an `id`; `path` is derived from it when absent.
 */
export function generateSnapshot(
  base: readonly ElementDefinition[],
  differential: readonly ElementDefinition[],
  datatypes: DatatypeSnapshots,
): ElementDefinition[] {
  const out: ElementDefinition[] = base.map((e) => ({ ...structuredClone(e), id: e.id ?? e.path }));
  const indexOf = (id: string): number => out.findIndex((e) => e.id === id);

  /** Makes sure the element `id` exists (creating slices and expanding datatype children as needed). */
  const ensure = (id: string): number => {
    const at = indexOf(id);
    if (at >= 0) return at;
    const segments = id.split('.');
    const last = segments[segments.length - 1] ?? '';
    const colon = last.indexOf(':');
    if (colon > 0 && !last.endsWith('[x]')) {
      // A new slice: a copy of the sliced element and its children, after the last existing slice.
      const sliced = [...segments.slice(0, -1), last.slice(0, colon)].join('.');
      const slicedAt = ensure(sliced);
      const slicedEl = out[slicedAt];
      if (slicedEl === undefined) throw new Error(`no element ${sliced}`);
      const family = out.filter((e) => e.id === sliced || (e.id ?? '').startsWith(`${sliced}.`));
      const copies = family.map((e) => rebase(e, sliced, id, slicedEl.path));
      const root = copies[0];
      if (root !== undefined) {
        delete root.slicing;
        root.sliceName = last.slice(colon + 1);
      }
      out.splice(lastIndexUnder(out, sliced) + 1, 0, ...copies);
      return indexOf(id);
    }
    // A child of a complex datatype: expand the datatype's elements under the parent.
    const parent = parentId(id);
    if (parent === '') throw new Error(`no element ${id}`);
    const parentAt = ensure(parent);
    const parentEl = out[parentAt];
    const types = parentEl?.type ?? [];
    const typeCode = types.length === 1 ? types[0]?.code : undefined;
    const dt = typeCode === undefined ? undefined : datatypes(typeCode);
    if (parentEl === undefined || dt === undefined || out.some((e) => (e.id ?? '').startsWith(`${parent}.`))) {
      throw new Error(`cannot place ${id}: ${parent} has no expandable datatype`);
    }
    const children = dt.slice(1).map((e) => rebase(e, dt[0]?.id ?? typeCode ?? '', parent, parentEl.path));
    out.splice(parentAt + 1, 0, ...children);
    const now = indexOf(id);
    if (now < 0) throw new Error(`${typeCode ?? '?'} has no element for ${id}`);
    return now;
  };

  for (const d of differential) {
    const id = d.id ?? d.path;
    const at = ensure(id);
    const target = out[at];
    if (target !== undefined) merge(target, d);
  }
  return out;
}
