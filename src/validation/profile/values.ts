/**
 * Value helpers of the profile validator: JSON navigation, fixed[x] (exact) and pattern[x]
 * (contains) matching. https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.pattern_x_
 */

/** A JSON object (not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The values of `obj[key]` as a list (an absent key is empty, a single value a list of one). */
export function valuesOf(obj: unknown, key: string): readonly unknown[] {
  if (!isObject(obj)) return [];
  const v = obj[key];
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Every value reached from `value` along `path` (JSON property names), arrays flattened. */
export function valuesAtPath(value: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [value];
  for (const key of path) {
    const next: unknown[] = [];
    for (const c of current) for (const v of valuesOf(c, key)) next.push(v);
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Exact equality of two JSON values (fixed[x]). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Pattern matching (pattern[x]): every property of the pattern is in the value with a matching value;
 * each item of a pattern array matches some item of the value's array.
 */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    const items = Array.isArray(value) ? value : [value];
    return pattern.every((p) => items.some((v) => matchesPattern(v, p)));
  }
  if (isObject(pattern)) {
    if (!isObject(value)) return false;
    for (const k of Object.keys(pattern)) if (!matchesPattern(value[k], pattern[k])) return false;
    return true;
  }
  return value === pattern;
}
