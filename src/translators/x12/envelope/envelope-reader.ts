/**
 * Builds the envelope tree from segments as they come (streaming-friendly) and validates SNIP level 1
 * envelope rules: ISA13 = IEA02, IEA01 = groups, GS06 = GE02, GE01 = transaction sets, ST02 = SE02,
 * SE01 = segments ST…SE, unique control numbers, trailers present, nothing outside its envelope.
 * https://x12.org/resources/x12-basics ; WEDI SNIP level 1
 */
import { formatLocation, type Ak9ErrorCode, type Ik5ErrorCode, type Ta1NoteCode, type X12Issue, type X12Rule } from '../issues.js';
import type { X12Segment } from '../tokenizer/index.js';
import { checkIsa } from './isa-rules.js';
import type { X12Envelope, X12FunctionalGroup, X12Interchange, X12TransactionSet } from './types.js';

/** Reader options. */
export interface X12EnvelopeOptions {
  /** Keep every segment in its transaction set (default true). False for huge streamed files. */
  readonly retainSegments?: boolean;
}

type Codes = { readonly ta1: Ta1NoteCode } | { readonly ak9: Ak9ErrorCode } | { readonly ik5: Ik5ErrorCode } | object;

/** Incremental envelope reader: `add` each segment in order, then `end`. */
export class X12EnvelopeReader {
  private readonly doc: X12Envelope = { interchanges: [], outside: [], issues: [] };
  private ic: X12Interchange | undefined;
  private group: X12FunctionalGroup | undefined;
  private txn: X12TransactionSet | undefined;
  private readonly seenInterchanges = new Set<string>();
  private seenGroups = new Set<string>();
  private seenTransactions = new Set<string>();
  private outsideRun = false;
  private readonly retain: boolean;

  constructor(options: X12EnvelopeOptions = {}) {
    this.retain = options.retainSegments ?? true;
  }

  /** Adds the next segment of the input. */
  add(seg: X12Segment): void {
    const id = seg.id;
    if (seg.issues.length > 0 && id !== 'ISA') this.route(seg.issues);
    switch (id) {
      case 'ISA': return this.openInterchange(seg);
      case 'IEA': return this.closeInterchangeWith(seg);
      case 'GS': return this.openGroup(seg);
      case 'GE': return this.closeGroupWith(seg);
      case 'ST': return this.openTransaction(seg);
      case 'SE': return this.closeTransactionWith(seg);
      default: return this.body(seg);
    }
  }

  /** Closes whatever is still open and returns the tree with every finding. */
  end(): X12Envelope {
    this.closeInterchange('the end of the input');
    return this.doc;
  }

  private openInterchange(isa: X12Segment): void {
    this.closeInterchange(`ISA (seg ${isa.number})`);
    const el = (n: number): string => isa.element(n) ?? '';
    const ic: X12Interchange = {
      isa, iea: undefined, delimiters: isa.delimiters,
      sender: { qualifier: el(5), id: el(6).trim() }, receiver: { qualifier: el(7), id: el(8).trim() },
      controlNumber: el(13), version: el(12), ackRequested: el(14) === '1', usage: el(15),
      groups: [], stray: [], ta1s: [], issues: [],
    };
    this.doc.interchanges.push(ic);
    this.ic = ic;
    this.seenGroups = new Set();
    this.outsideRun = false;
    for (const i of [...isa.issues, ...checkIsa(isa)]) this.report(ic.issues, i);
    const key = `${ic.sender.qualifier}|${ic.sender.id}|${ic.controlNumber}`;
    if (this.seenInterchanges.has(key)) {
      // A warning: whether a duplicate is rejected (TA1 025) or answered again without re-applying is the inbox's policy.
      this.find(ic.issues, isa, 13, 'isa-duplicate', { ta1: '025' }, `interchange control number ${ic.controlNumber} from ${ic.sender.id} appears twice in this input`, 'warning');
    }
    this.seenInterchanges.add(key);
  }

  private closeInterchangeWith(iea: X12Segment): void {
    const ic = this.ic;
    if (ic === undefined) return this.outsideAll(iea);
    this.closeGroup(`IEA (seg ${iea.number})`);
    ic.iea = iea;
    if (iea.element(2) !== ic.controlNumber) {
      this.find(ic.issues, iea, 2, 'iea-control-number', { ta1: '001' }, `IEA02 '${iea.element(2) ?? ''}' does not match ISA13 '${ic.controlNumber}'`);
    }
    if (!countMatches(iea.element(1), ic.groups.length)) {
      this.find(ic.issues, iea, 1, 'iea-group-count', { ta1: '021' }, `IEA01 says ${iea.element(1) ?? '(nothing)'} functional groups, found ${ic.groups.length}`);
    }
    this.ic = undefined;
  }

  private closeInterchange(before: string): void {
    const ic = this.ic;
    if (ic === undefined) return;
    this.closeGroup(before);
    const eof = before === 'the end of the input';
    this.find(ic.issues, ic.isa, undefined, 'iea-missing', { ta1: eof ? '023' : '022' }, `interchange ${ic.controlNumber} has no IEA before ${before}`);
    this.ic = undefined;
  }

  private openGroup(gs: X12Segment): void {
    const ic = this.ic;
    if (ic === undefined) return this.outsideAll(gs);
    this.closeGroup(`GS (seg ${gs.number})`);
    const el = (n: number): string => gs.element(n) ?? '';
    const group: X12FunctionalGroup = {
      gs, ge: undefined, functionalId: el(1), senderCode: el(2), receiverCode: el(3), controlNumber: el(6), version: el(8),
      transactions: [], stray: [], issues: [],
    };
    ic.groups.push(group);
    this.group = group;
    this.seenTransactions = new Set();
    if (!/^\d{1,9}$/.test(group.controlNumber)) {
      this.find(group.issues, gs, 6, 'gs-control-number', { ak9: '6' }, `GS06 '${group.controlNumber}' is not 1 to 9 digits`);
    } else if (this.seenGroups.has(group.controlNumber)) {
      this.find(group.issues, gs, 6, 'gs-duplicate', { ak9: '19' }, `group control number ${group.controlNumber} appears twice in interchange ${ic.controlNumber}`);
    }
    this.seenGroups.add(group.controlNumber);
  }

  private closeGroupWith(ge: X12Segment): void {
    const group = this.group;
    if (group === undefined) return this.misplaced(ge);
    this.closeTransaction(`GE (seg ${ge.number})`);
    group.ge = ge;
    if (ge.element(2) !== group.controlNumber) {
      this.find(group.issues, ge, 2, 'ge-control-number', { ak9: '4' }, `GE02 '${ge.element(2) ?? ''}' does not match GS06 '${group.controlNumber}'`);
    }
    if (!countMatches(ge.element(1), group.transactions.length)) {
      this.find(group.issues, ge, 1, 'ge-transaction-count', { ak9: '5' }, `GE01 says ${ge.element(1) ?? '(nothing)'} transaction sets, found ${group.transactions.length}`);
    }
    this.group = undefined;
  }

  private closeGroup(before: string): void {
    const group = this.group;
    if (group === undefined) return;
    this.closeTransaction(before);
    this.find(group.issues, group.gs, undefined, 'ge-missing', { ak9: '3' }, `functional group ${group.controlNumber} has no GE before ${before}`);
    this.group = undefined;
  }

  private openTransaction(st: X12Segment): void {
    const group = this.group;
    if (group === undefined) return this.misplaced(st);
    this.closeTransaction(`ST (seg ${st.number})`);
    const txn: X12TransactionSet = {
      st, se: undefined, id: st.element(1) ?? '', controlNumber: st.element(2) ?? '', implementation: st.element(3) ?? '',
      segments: this.retain ? [st] : [], segmentCount: 1, issues: [],
    };
    group.transactions.push(txn);
    this.txn = txn;
    if (!/^\d{3}$/.test(txn.id)) {
      this.find(txn.issues, st, 1, 'st-identifier', { ik5: '6' }, `ST01 '${txn.id}' is not a transaction set identifier`);
    }
    if (!/^[^\s]{4,9}$/.test(txn.controlNumber)) {
      this.find(txn.issues, st, 2, 'st-control-number', { ik5: '7' }, `ST02 '${txn.controlNumber}' is not 4 to 9 characters`);
    } else if (this.seenTransactions.has(txn.controlNumber)) {
      this.find(txn.issues, st, 2, 'st-duplicate', { ik5: '23' }, `transaction set control number ${txn.controlNumber} appears twice in group ${group.controlNumber}`);
    }
    this.seenTransactions.add(txn.controlNumber);
  }

  private closeTransactionWith(se: X12Segment): void {
    const txn = this.txn;
    if (txn === undefined) return this.misplaced(se);
    txn.se = se;
    txn.segmentCount++;
    if (this.retain) txn.segments.push(se);
    if (se.element(2) !== txn.controlNumber) {
      this.find(txn.issues, se, 2, 'se-control-number', { ik5: '3' }, `SE02 '${se.element(2) ?? ''}' does not match ST02 '${txn.controlNumber}'`);
    }
    if (!countMatches(se.element(1), txn.segmentCount)) {
      this.find(txn.issues, se, 1, 'se-segment-count', { ik5: '4' }, `SE01 says ${se.element(1) ?? '(nothing)'} segments, found ${txn.segmentCount} from ST to SE`);
    }
    this.txn = undefined;
  }

  private closeTransaction(before: string): void {
    const txn = this.txn;
    if (txn === undefined) return;
    this.find(txn.issues, txn.st, undefined, 'se-missing', { ik5: '2' }, `transaction set ${txn.id} ${txn.controlNumber} has no SE before ${before}`);
    this.txn = undefined;
  }

  private body(seg: X12Segment): void {
    const txn = this.txn;
    if (txn !== undefined) {
      txn.segmentCount++;
      if (this.retain) txn.segments.push(seg);
      return;
    }
    this.misplaced(seg);
  }

  /** A segment inside an interchange but where it may not be: TA1 024 (invalid interchange content). */
  private misplaced(seg: X12Segment): void {
    const ic = this.ic;
    if (ic === undefined) return this.outsideAll(seg);
    // TA1 may follow the ISA before any GS (X12.5 interchange acknowledgement): content, not a fault.
    if (seg.id === 'TA1' && this.group === undefined && ic.groups.length === 0) {
      ic.ta1s.push(seg);
      return;
    }
    (this.group?.stray ?? ic.stray).push(seg);
    const where = this.group === undefined ? `interchange ${ic.controlNumber} outside any functional group` : `functional group ${this.group.controlNumber} outside any transaction set`;
    this.find(ic.issues, seg, undefined, 'unexpected-segment', { ta1: '024' }, `segment ${seg.id} in ${where}`);
  }

  /** A segment before, between or after interchanges (reported once per run of such segments). */
  private outsideAll(seg: X12Segment): void {
    this.doc.outside.push(seg);
    if (this.outsideRun) return;
    this.outsideRun = true;
    this.find([], seg, undefined, 'outside-interchange', {}, `segment ${seg.id} is outside any interchange (no ISA before it)`);
  }

  /** Tokenizer findings of a non-ISA segment go to the innermost open container. */
  private route(issues: readonly X12Issue[]): void {
    const target = this.txn?.issues ?? this.group?.issues ?? this.ic?.issues ?? [];
    for (const i of issues) this.report(target, i);
  }

  private find(target: X12Issue[], seg: X12Segment, element: number | undefined, rule: X12Rule, codes: Codes, message: string,
    severity: X12Issue['severity'] = 'error'): void {
    const pos = seg.position(element ?? 0);
    const id = seg.id;
    const place = { segment: seg.number, segmentId: id, byteOffset: pos.byteOffset, line: pos.line, column: pos.column };
    this.report(target, {
      severity, rule, message, location: formatLocation(seg.number, id, element),
      place: element === undefined ? place : { ...place, element }, ...codes,
    });
  }

  private report(target: X12Issue[], i: X12Issue): void {
    target.push(i);
    this.doc.issues.push(i);
  }
}

/** A count element (IEA01, GE01, SE01) equals `actual`. */
function countMatches(declared: string | undefined, actual: number): boolean {
  return declared !== undefined && /^\d{1,10}$/.test(declared) && Number(declared) === actual;
}
