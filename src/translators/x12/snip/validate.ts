/**
 * The X12 validator: SNIP level 1 (envelope, from the envelope reader), level 2 (loop structure from
 * the loop parser, element rules) and level 3 (balancing), plus any trading-partner rules, as 999 /
 * TA1 findings. Errors inside an 837 claim carry its CLM01 as the 999 CTX business unit.
 * https://www.wedi.org (SNIP types) ; https://x12.org (005010X231A1 CTX)
 */
import { envelopeFindings, type AckFinding } from '../ack/index.js';
import type { X12Envelope, X12FunctionalGroup, X12Interchange, X12TransactionSet } from '../envelope/index.js';
import { parseX12, type ParsedX12 } from '../parse.js';
import { parseTransactionSet, specFor, triggerNode, el, type X12Loop, type X12ParsedTransaction, type X12SegmentNode } from '../transactions/index.js';
import { snip3ClaimBalanceRule, snip3RemittanceBalanceRule } from './balancing.js';
import { snip2ElementRule, snip2HierarchyRule } from './element-rules.js';
import { toAckFinding, type X12RuleFinding, type X12RuleRun, type X12ValidationRule } from './rule.js';

/** The rules run by default: SNIP 2 elements and hierarchy, SNIP 3 balancing. */
export const DEFAULT_X12_RULES: readonly X12ValidationRule[] = [snip2ElementRule, snip2HierarchyRule, snip3ClaimBalanceRule, snip3RemittanceBalanceRule];

/** Validation options. */
export interface X12ValidateOptions {
  /** Replaces the default rules (pass `[...DEFAULT_X12_RULES, ...partnerRules]` to add some). */
  readonly rules?: readonly X12ValidationRule[];
}

/** A validated input: envelope, parsed transactions and every finding (envelope ones first). */
export interface X12Validated extends ParsedX12 {
  readonly transactions: readonly X12ParsedTransaction[];
  /** Findings per interchange (same order as `envelope.interchanges`), ready for `acknowledgeInterchange`. */
  readonly findings: readonly AckFinding[][];
}

/** Business unit range of one claim: segment positions and CLM01 (999 CTX). */
interface UnitRange { readonly from: number; to: number; readonly name: string; readonly value: string }

/** Rule runs of one transaction set, dispatching hooks and collecting findings. */
export class X12RuleDriver {
  readonly ruleFindings: X12RuleFinding[] = [];
  private readonly runs: X12RuleRun[];
  private readonly units: UnitRange[] = [];

  constructor(spec: X12ParsedTransaction['spec'], rules: readonly X12ValidationRule[]) {
    this.runs = spec === undefined ? [] : rules.filter((r) => r.appliesTo?.(spec) ?? true).flatMap((r) => (r.start === undefined ? [] : [r.start(spec)]));
  }

  private readonly report = (f: X12RuleFinding): void => {
    this.ruleFindings.push(f);
  };

  onSegment = (node: X12SegmentNode): void => {
    for (const r of this.runs) r.onSegment?.(node, this.report);
  };

  onLoopEnd = (loop: X12Loop): void => {
    for (const r of this.runs) r.onLoopEnd?.(loop, this.report);
    if (loop.id === '2300') {
      const clm = triggerNode(loop);
      const last = lastPosition(loop);
      if (clm !== undefined) this.units.push({ from: loop.position, to: last, name: 'CLM01', value: el(clm, 1) });
    }
  };

  /** Ends the set: transaction-level rules, then every finding (structure + rules) with its CTX. */
  finish(root: X12Loop | undefined, structure: readonly AckFinding[], group: number, transaction: number): AckFinding[] {
    if (root !== undefined) for (const r of this.runs) r.onTransactionEnd?.(root, this.report);
    return this.flush(structure, group, transaction);
  }

  /** The findings so far (structure + rules) with their CTX, sorted by position; rule findings are cleared. */
  flush(structure: readonly AckFinding[], group: number, transaction: number): AckFinding[] {
    const all = [...structure, ...this.ruleFindings.map((f) => toAckFinding(f, group, transaction))];
    this.ruleFindings.length = 0;
    return all.map((f) => this.withContext(f)).sort((a, b) => (a.segment?.position ?? 0) - (b.segment?.position ?? 0));
  }

  /** Drops claim ranges before `position` (streaming: keeps the list short). */
  forgetBefore(position: number): void {
    while ((this.units[0]?.to ?? Infinity) < position) this.units.shift();
  }

  private withContext(f: AckFinding): AckFinding {
    const position = f.segment?.position;
    if (position === undefined || f.context !== undefined) return f;
    const unit = this.units.find((u) => position >= u.from && position <= u.to);
    return unit === undefined ? f : { ...f, context: { businessUnit: { name: unit.name, value: unit.value } } };
  }
}

function lastPosition(loop: X12Loop): number {
  let last = loop.position;
  for (const i of loop.items) last = Math.max(last, i.kind === 'segment' ? i.position : lastPosition(i));
  return last;
}

/** Validates one transaction set of a read envelope (segments retained). */
export function validateTransactionSet(ic: X12Interchange, group: X12FunctionalGroup, set: X12TransactionSet,
  rules: readonly X12ValidationRule[] = DEFAULT_X12_RULES): X12ParsedTransaction {
  const driver = new X12RuleDriver(specFor(set.id, set.implementation || group.version), rules);
  const hooks = { onSegment: driver.onSegment, onLoopEnd: driver.onLoopEnd };
  const parsed = parseTransactionSet(ic, group, set, hooks);
  return { ...parsed, findings: driver.finish(parsed.root, parsed.findings, parsed.groupIndex, parsed.transactionIndex) };
}

/** Validates every transaction set of `envelope`; findings grouped per interchange (envelope ones first). */
export function validateEnvelope(envelope: X12Envelope, options: X12ValidateOptions = {}): Pick<X12Validated, 'transactions' | 'findings'> {
  const rules = options.rules ?? DEFAULT_X12_RULES;
  const transactions: X12ParsedTransaction[] = [];
  const findings = envelope.interchanges.map((ic) => {
    const out = envelopeFindings(ic);
    for (const group of ic.groups) {
      if (group.functionalId === 'FA') continue;
      for (const set of group.transactions) {
        const t = validateTransactionSet(ic, group, set, rules);
        transactions.push(t);
        out.push(...t.findings);
      }
    }
    return out;
  });
  return { transactions, findings };
}

/** Tokenizes, reads the envelopes, loop-parses and validates a whole input. Never throws for bad input. */
export function validateX12(input: Uint8Array | string, options: X12ValidateOptions = {}): X12Validated {
  const parsed = parseX12(input);
  return { ...parsed, ...validateEnvelope(parsed.envelope, options) };
}
