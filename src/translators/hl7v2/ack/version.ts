/**
 * HL7 version ids (MSH-12.1, table 0104) compared numerically: `2.5.1` >= `2.5`, `2.10` > `2.9`.
 * An unreadable or missing version counts as the newest, so the modern segment layout is used.
 */

function parts(version: string): number[] | undefined {
  const m = /^\s*(\d+(?:\.\d+)*)/.exec(version);
  return m?.[1]?.split('.').map(Number);
}

/** True when `version` is at least `target` (e.g. `versionAtLeast('2.3.1', '2.5')` is false). */
export function versionAtLeast(version: string | null | undefined, target: string): boolean {
  const a = version === null || version === undefined ? undefined : parts(version);
  const b = parts(target) ?? [];
  if (a === undefined) return true;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
