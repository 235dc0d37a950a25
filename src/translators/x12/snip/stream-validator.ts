/**
 * Streaming X12 validation with bounded memory: chunks in, TA1 / 999 findings out, for inputs of any
 * size. Tokenizer → envelope reader (segments not retained) → per transaction set a loop parser that
 * drops each closed business unit (837 2300 claim and its 2000B / 2000C, 835 2100, 834 2000) after the
 * rules and the `onUnit` hook saw it → SNIP 2 / 3 rules. Findings are capped per set (a 999 cannot carry
 * millions of errors anyway); the count of dropped ones is kept. https://www.wedi.org (SNIP)
 */
import type { AckFinding } from '../ack/index.js';
import { X12EnvelopeReader, type X12Envelope } from '../envelope/index.js';
import { X12Tokenizer, type X12Segment } from '../tokenizer/index.js';
import { specFor, X12LoopParser, type X12Loop, type X12TransactionSpec } from '../transactions/index.js';
import type { X12ValidationRule } from './rule.js';
import { DEFAULT_X12_RULES, X12RuleDriver } from './validate.js';

/** Loops dropped after they closed (their hooks ran), per transaction set. */
const DROPPED = new Set(['2300', '2000B', '2000C', '2100', '2000']);
const DEFAULT_MAX_FINDINGS = 1000;

/** Where a transaction set is: interchange index, group index in it (FA groups counted), set index in the group. */
export interface X12SetPlace {
  readonly interchange: number;
  readonly group: number;
  readonly transaction: number;
}

/** Options of the streaming validator. */
export interface X12StreamOptions {
  readonly rules?: readonly X12ValidationRule[];
  /** Called with each business unit loop (2300, 2100, 834 2000) when it closes, its ancestors still in the tree. */
  readonly onUnit?: (unit: X12Loop, spec: X12TransactionSpec, place: X12SetPlace) => void;
  /** Called when a parsed transaction set closes (SE, or the next envelope segment), with what is left of its tree. */
  readonly onSetEnd?: (root: X12Loop, spec: X12TransactionSpec, place: X12SetPlace) => void;
  /** Findings kept per transaction set (default 1000). */
  readonly maxFindingsPerSet?: number;
}

/** What the stream validator returns at the end. */
export interface X12StreamResult {
  readonly envelope: X12Envelope;
  /** Envelope-independent findings (SNIP 2 / 3) per interchange index; pass with the envelope ones to the 999 builder. */
  readonly findings: ReadonlyMap<number, AckFinding[]>;
  readonly segments: number;
  readonly droppedFindings: number;
}

interface OpenSet {
  readonly parser: X12LoopParser | undefined;
  readonly interchange: number;
  readonly driver: X12RuleDriver;
  readonly group: number;
  readonly transaction: number;
  readonly findings: AckFinding[];
}

/** Push chunks, then `end()`. */
export class X12StreamValidator {
  private readonly tokenizer = new X12Tokenizer();
  private readonly envelope = new X12EnvelopeReader({ retainSegments: false });
  private readonly findings = new Map<number, AckFinding[]>();
  private interchange = -1;
  private group = -1;
  private transaction = -1;
  private inGroup = false;
  private groupVersion = '';
  private functionalId = '';
  private open: OpenSet | undefined;
  private segments = 0;
  private dropped = 0;
  private readonly rules: readonly X12ValidationRule[];
  private readonly max: number;

  constructor(private readonly options: X12StreamOptions = {}) {
    this.rules = options.rules ?? DEFAULT_X12_RULES;
    this.max = options.maxFindingsPerSet ?? DEFAULT_MAX_FINDINGS;
  }

  /** Adds a chunk of the input. */
  push(chunk: Uint8Array | string): void {
    for (const s of this.tokenizer.push(chunk)) this.add(s);
  }

  /** Flushes the input and returns the envelope and the findings. */
  end(): X12StreamResult {
    for (const s of this.tokenizer.end().segments) this.add(s);
    this.closeSet(undefined);
    return { envelope: this.envelope.end(), findings: this.findings, segments: this.segments, droppedFindings: this.dropped };
  }

  private add(s: X12Segment): void {
    this.segments++;
    this.envelope.add(s);
    switch (s.id) {
      case 'ISA': this.closeSet(undefined); this.interchange++; this.group = -1; this.inGroup = false; return;
      case 'GS': this.closeSet(undefined); this.group++; this.transaction = -1; this.inGroup = true; this.groupVersion = s.element(8) ?? ''; this.functionalId = s.element(1) ?? ''; return;
      case 'GE': this.closeSet(undefined); this.inGroup = false; return;
      case 'IEA': this.closeSet(undefined); this.inGroup = false; return;
      case 'ST': this.closeSet(undefined); if (this.inGroup) this.openSet(s); return;
      case 'SE': this.closeSet(s); return;
      default: this.open?.parser?.add(s);
    }
  }

  private openSet(st: X12Segment): void {
    this.transaction++;
    const spec = this.functionalId === 'FA' ? undefined : specFor(st.element(1) ?? '', st.element(3) || this.groupVersion);
    const driver = new X12RuleDriver(spec, this.rules);
    const set: OpenSet = { parser: undefined, driver, interchange: this.interchange, group: this.group, transaction: this.transaction, findings: [] };
    const place: X12SetPlace = { interchange: this.interchange, group: this.group, transaction: this.transaction };
    const parser = spec === undefined ? undefined : new X12LoopParser(spec, st, {
      group: this.group, transaction: this.transaction,
      onSegment: driver.onSegment,
      onLoopEnd: (loop) => {
        driver.onLoopEnd(loop);
        if (loop.id === '2300' || loop.id === '2100' || (loop.id === '2000' && spec.name === '834')) {
          this.options.onUnit?.(loop, spec, place);
          this.keep(set, driver.flush(parser?.findings.splice(0) ?? [], set.group, set.transaction));
          driver.forgetBefore(loop.position);
        }
      },
      retain: (loop) => !DROPPED.has(loop.id),
    });
    this.open = { ...set, parser };
  }

  private keep(set: OpenSet, found: readonly AckFinding[]): void {
    const room = Math.max(0, this.max - set.findings.length);
    set.findings.push(...found.slice(0, room));
    this.dropped += Math.max(0, found.length - room);
  }

  private closeSet(se: X12Segment | undefined): void {
    const set = this.open;
    if (set === undefined) return;
    this.open = undefined;
    const st = set.parser?.root.items[0];
    const sePosition = se === undefined || st?.kind !== 'segment' ? undefined : se.number - st.segment.number + 1;
    const root = set.parser?.end(sePosition);
    this.keep(set, set.driver.finish(root, set.parser?.findings ?? [], set.group, set.transaction));
    if (root !== undefined && set.parser !== undefined) {
      this.options.onSetEnd?.(root, set.parser.spec, { interchange: set.interchange, group: set.group, transaction: set.transaction });
    }
    const list = this.findings.get(this.interchange) ?? [];
    list.push(...set.findings);
    this.findings.set(this.interchange, list);
  }
}
