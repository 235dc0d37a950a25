/**
 * Loop-parses every transaction set of a read envelope (segments retained): one `X12ParsedTransaction`
 * per ST … SE with its spec, loop tree and structure findings, indexed as the 999 reports them.
 * Streaming inputs use `X12LoopParser` directly (see snip/stream-validator.ts).
 */
import type { AckFinding } from '../ack/index.js';
import type { X12Envelope, X12FunctionalGroup, X12Interchange, X12TransactionSet } from '../envelope/index.js';
import { X12LoopParser, type X12LoopParserOptions } from './loop-parser.js';
import { specFor } from './registry.js';
import type { X12TransactionSpec } from './spec.js';
import type { X12Loop } from './tree.js';

/** One parsed transaction set and where it sits. */
export interface X12ParsedTransaction {
  readonly interchange: X12Interchange;
  readonly group: X12FunctionalGroup;
  readonly set: X12TransactionSet;
  /** 0-based indexes of the group in its interchange and the set in its group (999 finding address). */
  readonly groupIndex: number;
  readonly transactionIndex: number;
  /** Undefined when the transaction set / guide is not supported (IK5 1 / I6). */
  readonly spec: X12TransactionSpec | undefined;
  readonly root: X12Loop | undefined;
  readonly findings: AckFinding[];
}

/** GS01 of acknowledgement groups: never loop-parsed (never acknowledged). */
const ACK_GROUP = 'FA';

/** Parses one transaction set; `hooks` see each segment and each closed loop. */
export function parseTransactionSet(ic: X12Interchange, group: X12FunctionalGroup, set: X12TransactionSet,
  hooks: Pick<X12LoopParserOptions, 'onSegment' | 'onLoopEnd'> = {}): X12ParsedTransaction {
  const groupIndex = ic.groups.indexOf(group);
  const transactionIndex = group.transactions.indexOf(set);
  const base = { interchange: ic, group, set, groupIndex, transactionIndex };
  const spec = specFor(set.id, set.implementation || group.version);
  if (spec === undefined) {
    const known = [...new Set(['837', '835', '834', '270', '271', '276', '277', '278'])].includes(set.id);
    return {
      ...base, spec, root: undefined,
      findings: [{
        level: 'transaction', severity: 'error', group: groupIndex, transaction: transactionIndex, ik5: known ? 'I6' : '1',
        rule: 'transaction-not-supported', message: `transaction set ${set.id} ${set.implementation || group.version} is not supported`,
      }],
    };
  }
  const parser = new X12LoopParser(spec, set.st, { group: groupIndex, transaction: transactionIndex, ...hooks });
  const body = set.segments.slice(1, set.se === undefined ? undefined : -1);
  for (const s of body) parser.add(s);
  const root = parser.end(set.se === undefined ? undefined : set.se.number - set.st.number + 1);
  return { ...base, spec, root, findings: parser.findings };
}

/** Every transaction set of every non-acknowledgement group of `envelope`. */
export function parseTransactions(envelope: X12Envelope): X12ParsedTransaction[] {
  const out: X12ParsedTransaction[] = [];
  for (const ic of envelope.interchanges) {
    for (const group of ic.groups) {
      if (group.functionalId === ACK_GROUP) continue;
      for (const set of group.transactions) out.push(parseTransactionSet(ic, group, set));
    }
  }
  return out;
}
