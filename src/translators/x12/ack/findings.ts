/**
 * The neutral input of the TA1 / 999 builders: one finding per problem, at the level its
 * acknowledgement reports it (interchange → TA1, group → AK9, transaction → IK5, segment → IK3,
 * element → IK4), with the codes and the position the acknowledgement copies. The envelope layer's
 * findings are converted by `envelopeFindings`; SNIP 2 / 3 validators produce these directly.
 * https://x12.org/codes ; 005010X231A1 999 TR3
 */
import type { X12Issue } from '../issues.js';
import type { X12Interchange, X12TransactionSet } from '../envelope/index.js';
import type { Ak905Code, Ik304Code, Ik403Code, Ik502Code, Ta1Note } from './codes.js';

/** Which acknowledgement segment reports the finding. */
export type AckLevel = 'interchange' | 'group' | 'transaction' | 'segment' | 'element';

/** A data element's place inside its segment (999 IK401 / CTX05 composite C030). */
export interface AckElementPosition {
  /** 1-based element position in the segment. */
  readonly position: number;
  /** 1-based component position (omit for a simple element). */
  readonly component?: number;
  /** 1-based repetition (omit for a non-repeating element). */
  readonly repetition?: number;
  /** Data element reference number (IK402 / CTX06), e.g. `1028` for CLM01. */
  readonly reference?: string;
}

/** A segment's place inside its transaction set (999 IK3 / CTX02–CTX04). */
export interface AckSegmentPosition {
  /** Segment id (`CLM`). */
  readonly id: string;
  /** 1-based position in the transaction set (ST = 1). */
  readonly position: number;
  /** Loop id of the implementation guide (`2300`), when known. */
  readonly loop?: string;
}

/** A situational trigger: the data that made a situational rule apply (999 CTX "SITUATIONAL TRIGGER"). */
export interface AckTrigger {
  readonly segment: AckSegmentPosition;
  readonly element?: AckElementPosition;
}

/** Business context of a segment / element error (999 CTX business unit, e.g. `CLM01` + the claim id). */
export interface AckContextData {
  readonly businessUnit?: { readonly name: string; readonly value: string };
  readonly triggers?: readonly AckTrigger[];
}

/** One finding, as the TA1 / 999 builders read it. */
export interface AckFinding {
  readonly level: AckLevel;
  /** `error` rejects at its level; `warning` accepts with errors noted (TA104 / IK501 / AK901 = E). */
  readonly severity: 'error' | 'warning';
  /** 0-based index of the functional group in the interchange (levels below interchange). */
  readonly group?: number;
  /** 0-based index of the transaction set in its group (transaction, segment, element levels). */
  readonly transaction?: number;
  readonly ta1?: Ta1Note;
  readonly ak9?: Ak905Code;
  readonly ik5?: Ik502Code;
  /** IK304 (segment level); element-level findings put `8` on their IK3 when the segment has none. */
  readonly ik3?: Ik304Code;
  /** IK403 (element level). */
  readonly ik4?: Ik403Code;
  readonly segment?: AckSegmentPosition;
  readonly element?: AckElementPosition;
  /** The bad value as read (IK404); the serializer makes it safe. */
  readonly value?: string;
  readonly context?: AckContextData;
  /** Rule name and message, for logs and tests (never copied into the acknowledgement). */
  readonly rule?: string;
  readonly message?: string;
}

/**
 * The envelope findings of an interchange (read from its tree) as ack findings. Tokenizer findings
 * without a code that sit in a transaction set become segment-level findings at their segment.
 */
export function envelopeFindings(ic: X12Interchange): AckFinding[] {
  const out: AckFinding[] = [];
  for (const i of ic.issues) {
    out.push({ ...base(i), level: 'interchange', ...(i.ta1 === undefined ? {} : { ta1: i.ta1 }) });
  }
  ic.groups.forEach((g, group) => {
    for (const i of g.issues) out.push({ ...base(i), level: 'group', group, ...(i.ak9 === undefined ? {} : { ak9: i.ak9 }) });
    g.transactions.forEach((t, transaction) => {
      for (const i of t.issues) out.push(transactionFinding(i, t, group, transaction));
    });
  });
  return out;
}

function base(i: X12Issue): Pick<AckFinding, 'severity' | 'rule' | 'message'> {
  return { severity: i.severity === 'warning' ? 'warning' : 'error', rule: i.rule, message: i.message };
}

function transactionFinding(i: X12Issue, t: X12TransactionSet, group: number, transaction: number): AckFinding {
  if (i.ik5 !== undefined || i.place === undefined) {
    return { ...base(i), level: 'transaction', group, transaction, ...(i.ik5 === undefined ? {} : { ik5: i.ik5 }) };
  }
  const segment = { id: i.place.segmentId, position: i.place.segment - t.st.number + 1 };
  return { ...base(i), level: 'segment', group, transaction, segment };
}
