/**
 * Version ordering for "latest wins": dotted / dashed segments compared numerically when both are
 * numbers, otherwise as strings; a missing version sorts lowest. https://hl7.org/fhir/R4/resource.html#versions
 */

/** Negative when `a` is older than `b`, positive when newer, 0 when the same. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/** The latest of `items` by `version` (the later one in the list on ties), or undefined when empty. */
export function latest<T extends { readonly version?: string | undefined }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || compareVersions(item.version, best.version) >= 0) best = item;
  return best;
}
