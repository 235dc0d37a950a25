/**
 * Minimal originals for the ACK tests; each names the fields that matter.
 */
import { parseHl7Message, type Hl7Message } from '../parser/index.js';

const seg = (...lines: string[]): string => lines.join('\r') + '\r';

/** Matters: v2.5.1, HD with 3 components in MSH-3 and subcomponents in MSH-4, MSH-10 `MSG001`, MSH-11 `P^T`. */
export const V251 = seg(
  'MSH|^~\\&|SEND^1.2.3^ISO|SFAC^2.16.840.1&x^ISO|RECV^9.9^DNS|RFAC|20240115123000-0500||ADT^A01^ADT_A01|MSG001|P^T|2.5.1',
  'PID|1||123^^^HOSP^MR||DOE^JOHN',
);

/** Matters: v2.3 (no MSH-9.3, ERR-1 only), MSH-11 `T`, MSH-18 `8859/1`. */
export const V23 = seg('MSH|^~\\&|LAB|HOSP|GW|GWFAC|202401151230||ORU^R01|X9|T|2.3||||||8859/1', 'PID|1||1');

/** Matters: custom delimiters `#` `$%!@`, MSH-3 HD `APP$9.9$ISO`. */
export const CUSTOM = seg('MSH#$%!@#APP$9.9$ISO#FAC#R#F#20240101##ADT$A04#C2#P#2.5', 'PID#1');

/** Matters: enhanced mode, MSH-15 `AL`, MSH-16 `ER`. */
export const ENHANCED = seg('MSH|^~\\&|A|B|C|D|20240101||ADT^A08^ADT_A01|E1|P|2.5.1|||AL|ER', 'PID|1');

/** Matters: v2.7 with a truncation character `#` in MSH-2. */
export const V27 = seg('MSH|^~\\&#|A|B|C|D|20240101||ADT^A08|T7|P|2.7', 'PID|1');

/** Parses a fixture (they are all well-formed). */
export const parse = (text: string): Hl7Message => parseHl7Message(text);

/** Injected dependencies with a fixed clock (2024-03-05T06:07:08Z) and a counter for ids. */
export function deps(offset = 0): { clock: () => Date; controlId: () => string; utcOffsetMinutes: number } {
  let n = 0;
  return { clock: () => new Date('2024-03-05T06:07:08Z'), controlId: () => `ACK${++n}`, utcOffsetMinutes: offset };
}
