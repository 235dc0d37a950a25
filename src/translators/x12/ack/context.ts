/**
 * What the acknowledgement builders need from outside: the clock and the control numbers (injected,
 * so the builders stay pure and tests deterministic), plus output options.
 * https://x12.org/resources/x12-basics (ISA09/ISA10, GS04/GS05, ISA13, GS06)
 */

/** The parties of an outgoing interchange (`ISA05:ISA06` → `ISA07:ISA08`) or group (GS02 → GS03). */
export interface X12PartyPair {
  readonly sender: string;
  readonly receiver: string;
}

/**
 * Source of new control numbers (the caller keeps them unique per sender / receiver; builders pass
 * the parties of what they write so a source can keep one counter per pair).
 */
export interface AckControlNumbers {
  /** Next ISA13 / IEA02 (1 to 999999999; written as 9 digits). */
  interchange(parties?: X12PartyPair): number;
  /** Next GS06 / GE02 (1 to 999999999). */
  group(parties?: X12PartyPair): number;
}

/** Context of one acknowledgement build. */
export interface AckContext {
  readonly clock: () => Date;
  readonly controlNumbers: AckControlNumbers;
  /** Written after each segment terminator (default none; `'\n'` for readable files). */
  readonly lineBreak?: string;
}

/** Date / time parts of `clock()` in UTC: `YYMMDD`, `CCYYMMDD`, `HHMM`. */
export function stamp(ctx: AckContext): { readonly yymmdd: string; readonly ccyymmdd: string; readonly hhmm: string } {
  const d = ctx.clock();
  const two = (n: number): string => String(n).padStart(2, '0');
  const ccyymmdd = `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
  return { yymmdd: ccyymmdd.slice(2), ccyymmdd, hhmm: `${two(d.getUTCHours())}${two(d.getUTCMinutes())}` };
}

/** A control number from `next` as 1–9 digits; a programming error (not bad input) when out of range. */
export function controlNumber(next: () => number, width: number): string {
  const n = next();
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999) throw new RangeError(`control number ${n} is not 1 to 999999999`);
  return String(n).padStart(width, '0');
}
