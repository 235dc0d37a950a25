/**
 * Small hand-written X12 fixtures for the tokenizer and envelope tests. `isa()` builds a fixed-width
 * (106-byte) ISA; the transaction bodies are minimal and only the envelope elements matter.
 */

/** Options of a generated ISA (defaults: `*`, `^`, `:`, `~`, control number 000000001). */
export interface IsaOptions {
  readonly element?: string;
  readonly repetition?: string;
  readonly component?: string;
  readonly segment?: string;
  readonly control?: string;
  readonly sender?: string;
}

/** A fixed-width ISA segment with its terminator. */
export function isa(o: IsaOptions = {}): string {
  const e = o.element ?? '*';
  const pad = (s: string, n: number): string => s.padEnd(n, ' ');
  const els = ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad(o.sender ?? 'SENDER', 15), 'ZZ', pad('RECEIVER', 15),
    '240115', '1230', o.repetition ?? '^', '00501', o.control ?? '000000001', '0', 'T', o.component ?? ':'];
  return els.join(e) + (o.segment ?? '~');
}

/** Joins segments (without terminators) with `term` + `sep`. */
export function segs(lines: readonly string[], term = '~', sep = ''): string {
  return lines.map((l) => l + term + sep).join('');
}

/** A clean 837 interchange: ISA, GS, ST, 3 body segments (a repetition and components), SE, GE, IEA. */
export function clean837(sep = '\n', control = '000000001'): string {
  return isa({ control }) + sep + segs([
    'GS*HC*SENDER*RECEIVER*20240115*1230*1*X*005010X222A1',
    'ST*837*0001*005010X222A1',
    'BHT*0019*00*0123*20240115*1230*CH',
    'CLM*A1*500***11:B:1*Y*A*Y*I',
    'HI*ABK:J020^ABF:R05',
    'SE*5*0001',
    'GE*1*1',
    `IEA*1*${control}`,
  ], '~', sep);
}
