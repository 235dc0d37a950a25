/**
 * The implicit precision range of a decimal: `1.5` stands for [1.45, 1.55), `100` for [99.5, 100.5).
 * https://hl7.org/fhir/R4/search.html#number
 */

/** A decimal value with the range its written precision implies (low inclusive, high exclusive). */
export interface DecimalRange {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** Rounds away binary noise (`1.5 - 0.05` → 1.45). */
function clean(n: number): number {
  return Number(n.toPrecision(15));
}

/** Parses a decimal as written (string) or as a JSON number; `undefined` when not a finite decimal. */
export function decimalRange(input: string | number): DecimalRange | undefined {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const fractionDigits = (m[1] ?? m[2] ?? '').length;
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  const half = 0.5 * 10 ** (exponent - fractionDigits);
  // Integers (half >= 0.5) are exact in binary; only fractional bounds need the noise removed.
  return half >= 0.5 ? { value, low: value - half, high: value + half } : { value, low: clean(value - half), high: clean(value + half) };
}
