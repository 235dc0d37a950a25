/**
 * Which acknowledgements an interchange gets: a TA1 for envelope findings or when ISA14 = 1; a 999
 * per functional group unless the TA1 rejects the interchange. Acknowledgements themselves (TA1-only
 * interchanges, FA groups) are never acknowledged. https://x12.org (TA1, 005010X231A1 999)
 */
import type { X12Interchange } from '../envelope/index.js';
import { build999 } from './build-999.js';
import type { Ak901Code, Ta1AckCode } from './codes.js';
import type { AckContext } from './context.js';
import { envelopeFindings, type AckFinding } from './findings.js';
import { buildTa1, ta1Decision, type BuiltAck } from './ta1.js';

/** The acknowledgements of one interchange. */
export interface InterchangeAcks {
  readonly ta1?: BuiltAck<Ta1AckCode>;
  /** One 999 per acknowledged functional group, in input order. */
  readonly functional: readonly BuiltAck<Ak901Code>[];
}

/** GS01 of acknowledgement groups (999 / 997 / TA1 carried in a group). */
const ACK_FUNCTIONAL_ID = 'FA';

/** True when `ic` carries only acknowledgements (FA groups, TA1 segments): it gets no answer. */
export function isAcknowledgementInterchange(ic: X12Interchange): boolean {
  const ta1Only = ic.groups.length === 0 && ic.ta1s.length > 0 && ic.stray.length === 0;
  return ta1Only || (ic.groups.length > 0 && ic.groups.every((g) => g.functionalId === ACK_FUNCTIONAL_ID));
}

/**
 * Acknowledges `ic`: its envelope findings plus `extra` (SNIP 2 / 3 findings, inbox duplicate policy),
 * with the clock and control numbers of `ctx`.
 */
export function acknowledgeInterchange(ic: X12Interchange, extra: readonly AckFinding[], ctx: AckContext): InterchangeAcks {
  if (isAcknowledgementInterchange(ic)) return { functional: [] };
  const findings = [...envelopeFindings(ic), ...extra];
  const decision = ta1Decision(ic, findings);
  const ta1 = decision === undefined ? undefined : buildTa1(ic, findings, ctx);
  if (decision?.ack === 'R') return { ...(ta1 === undefined ? {} : { ta1 }), functional: [] };
  const functional = ic.groups.filter((g) => g.functionalId !== ACK_FUNCTIONAL_ID).map((g) => build999(ic, g, findings, ctx));
  return { ...(ta1 === undefined ? {} : { ta1 }), functional };
}
