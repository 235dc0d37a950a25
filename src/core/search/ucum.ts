/**
 * Canonical UCUM forms of quantities, through `@lhncbc/ucum-lhc` (the instance bundled with `fhirpath`,
 * so no second copy is loaded). Results per unit code are cached. https://ucum.org/ucum and
 * https://hl7.org/fhir/R4/search.html#quantity
 */
import fhirpath from 'fhirpath';

/** The UCUM code system URL. */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

interface UcumUtils {
  convertToBaseUnits(unit: string, value: number): unknown;
}
interface BaseUnitsResult {
  readonly status?: unknown;
  readonly magnitude?: unknown;
  readonly unitToExp?: unknown;
  readonly fromUnitIsSpecial?: unknown;
}

/**
 * Per unit: linear factor to the base unit, an affine map (special units such as Cel or [degF]: base =
 * value × factor + offset, checked on sample points), `special` (non-linear, e.g. pH), or not convertible.
 */
type UnitInfo =
  | { readonly kind: 'linear'; readonly factor: number; readonly code: string }
  | { readonly kind: 'affine'; readonly factor: number; readonly offset: number; readonly code: string }
  | { readonly kind: 'special'; readonly code: string }
  | { readonly kind: 'none' };

const ucum = fhirpath.ucumUtils as UcumUtils;
const cache = new Map<string, UnitInfo>();
const MAX_CACHE = 10_000;

function convert(unit: string, value: number): { magnitude: number; code: string; special: boolean } | undefined {
  let r: BaseUnitsResult;
  try {
    r = ucum.convertToBaseUnits(unit, value) as BaseUnitsResult;
  } catch {
    return undefined;
  }
  if (r.status !== 'succeeded' || typeof r.magnitude !== 'number' || typeof r.unitToExp !== 'object' || r.unitToExp === null) return undefined;
  const exps = Object.entries(r.unitToExp as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([u, e]) => (e === 1 ? u : `${u}${e}`));
  return { magnitude: r.magnitude, code: exps.length > 0 ? exps.join('.') : '1', special: r.fromUnitIsSpecial === true };
}

/** An affine map when the special unit behaves as one on sample points (the library call is slow per value). */
function specialInfo(unit: string, code: string): UnitInfo {
  const at0 = convert(unit, 0);
  const at1 = convert(unit, 1);
  if (!at0 || !at1 || at0.code !== code || at1.code !== code) return { kind: 'special', code };
  const offset = at0.magnitude;
  const factor = at1.magnitude - at0.magnitude;
  for (const x of [-40, 37, 98.6, 1000]) {
    const r = convert(unit, x);
    const expected = x * factor + offset;
    if (!r || r.code !== code || Math.abs(r.magnitude - expected) > 1e-9 * Math.max(1, Math.abs(expected))) return { kind: 'special', code };
  }
  return { kind: 'affine', factor, offset, code };
}

function unitInfo(unit: string): UnitInfo {
  let info = cache.get(unit);
  if (info) return info;
  const one = convert(unit, 1);
  info = !one ? { kind: 'none' } : one.special ? specialInfo(unit, one.code) : { kind: 'linear', factor: one.magnitude, code: one.code };
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(unit, info);
  return info;
}

/** 12 significant digits: `10*3/uL` gives 999999999999.9999 otherwise. */
function round(n: number): number {
  return Number(n.toPrecision(12));
}

/** `value` in `unit` (a UCUM code) expressed in base units, e.g. (5, 'mg') → { value: 0.005, code: 'g' }. */
export function toCanonicalUcum(value: number, unit: string): { value: number; code: string } | undefined {
  const info = unitInfo(unit);
  if (info.kind === 'none') return undefined;
  if (info.kind === 'linear') return { value: round(value * info.factor), code: info.code };
  if (info.kind === 'affine') return { value: round(value * info.factor + info.offset), code: info.code };
  const r = convert(unit, value);
  return r ? { value: round(r.magnitude), code: r.code } : undefined;
}
