/**
 * TA1 Interchange Acknowledgment in its own interchange (ISA, TA1, IEA*0). Sent for envelope faults
 * and whenever the original asked for one (ISA14 = 1). TA101–TA103 copy ISA13 / ISA09 / ISA10.
 * X12 00501 TA1; HIPAA 5010 TR3 Appendix C
 */
import type { X12Interchange } from '../envelope/index.js';
import type { Ta1AckCode, Ta1Note } from './codes.js';
import type { AckContext } from './context.js';
import { answerIsa, iea } from './envelope-out.js';
import type { AckFinding } from './findings.js';
import { ackDelimiters, serializeAck, type AckSegment } from './serialize.js';

/** A built acknowledgement: its text, its segments and the interchange control number used. */
export interface BuiltAck<Code extends string> {
  readonly text: string;
  readonly segments: readonly AckSegment[];
  /** ISA13 of the acknowledgement's own interchange. */
  readonly controlNumber: string;
  /** TA104 or AK901. */
  readonly code: Code;
}

/** TA104 / TA105 for `ic`, or undefined when no TA1 is due (no interchange finding, no ISA14 = 1). */
export function ta1Decision(ic: X12Interchange, findings: readonly AckFinding[]): { ack: Ta1AckCode; note: Ta1Note } | undefined {
  const own = findings.filter((f) => f.level === 'interchange');
  const error = own.find((f) => f.severity === 'error');
  if (error !== undefined) return { ack: 'R', note: error.ta1 ?? firstCoded(own) ?? '022' };
  const warning = own.find((f) => f.ta1 !== undefined);
  if (warning?.ta1 !== undefined) return { ack: 'E', note: warning.ta1 };
  return ic.ackRequested ? { ack: 'A', note: '000' } : undefined;
}

function firstCoded(findings: readonly AckFinding[]): Ta1Note | undefined {
  return findings.find((f) => f.severity === 'error' && f.ta1 !== undefined)?.ta1;
}

/**
 * The TA1 answering `ic`: from `ta1Decision` over `findings` (interchange-level ones), or TA104 = A /
 * TA105 = 000 when nothing is wrong. Uses the original's delimiters when usable.
 */
export function buildTa1(ic: X12Interchange, findings: readonly AckFinding[], ctx: AckContext): BuiltAck<Ta1AckCode> {
  const decision = ta1Decision(ic, findings) ?? { ack: 'A', note: '000' };
  const d = ackDelimiters(ic.delimiters);
  const { isa, control } = answerIsa(ic, d, ctx);
  const el = (n: number): string => ic.isa.element(n) ?? '';
  const segments: AckSegment[] = [
    isa,
    { id: 'TA1', elements: [el(13), el(9), el(10), decision.ack, decision.note] },
    iea(0, control),
  ];
  return { text: serializeAck(segments, d, ctx.lineBreak), segments, controlNumber: control, code: decision.ack };
}
