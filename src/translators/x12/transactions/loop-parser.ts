/**
 * Streaming loop-aware parser of one transaction set, driven by a compiled TR3 loop spec. Segments
 * are added one at a time (ST excluded, SE not added); each is placed in the innermost open loop
 * where it fits: a segment of that loop at or after the loop's current entry, or the trigger of a
 * child loop; otherwise loops are closed outwards until one fits. Structure findings (SNIP level 2)
 * come out as 999 IK3 findings: 1 unrecognized segment, 2 unexpected, 3 required segment / loop
 * missing, 4 loop over its maximum, 5 segment over its maximum use, 7 out of sequence.
 * Memory stays bounded when `retain` drops closed loops (e.g. each 2300 claim after `onLoopEnd`).
 * https://x12.org (005010X231A1 IK3; TR3 loop tables)
 */
import type { AckFinding, Ik304Code } from '../ack/index.js';
import type { X12Segment } from '../tokenizer/index.js';
import { matchesSegment, type X12Entry, type X12LoopSpec, type X12TransactionSpec } from './spec.js';
import type { X12Loop, X12SegmentNode } from './tree.js';

/** Parser options: hooks and the finding location (group / transaction index in the interchange). */
export interface X12LoopParserOptions {
  readonly group?: number;
  readonly transaction?: number;
  /** Called for each placed segment (after its loop was opened). */
  readonly onSegment?: (node: X12SegmentNode) => void;
  /** Called when a loop closes (children first), with the segment position that closed it. */
  readonly onLoopEnd?: (loop: X12Loop) => void;
  /** Keep a closed loop in its parent? Default: keep everything. */
  readonly retain?: (loop: X12Loop) => boolean;
}

interface Frame {
  readonly loop: X12Loop;
  /** Index of the spec entry reached. */
  cursor: number;
  /** Uses per entry index. */
  readonly counts: number[];
}

type Pass = 'forward' | 'backward';

/** See the module comment. */
export class X12LoopParser {
  readonly root: X12Loop;
  readonly findings: AckFinding[] = [];
  private readonly stack: Frame[];
  private lastPosition: number;

  constructor(readonly spec: X12TransactionSpec, st: X12Segment, private readonly options: X12LoopParserOptions = {}) {
    const root: X12Loop = { kind: 'loop', id: '', spec: spec.root, parent: undefined, items: [], position: 1 };
    root.items.push({ kind: 'segment', segment: st, position: 1, loop: root, spec: undefined });
    this.root = root;
    this.stack = [{ loop: root, cursor: 0, counts: [1] }];
    this.lastPosition = 1;
    this.stNumber = st.number;
  }

  private readonly stNumber: number;

  /** Places the next segment of the set. */
  add(segment: X12Segment): X12SegmentNode {
    const position = segment.number - this.stNumber + 1;
    this.lastPosition = position;
    const id = segment.id;
    const found = this.locate(id, segment, true) ?? this.locate(id, segment, false);
    if (found === undefined) {
      const top = this.top();
      const node: X12SegmentNode = { kind: 'segment', segment, position, loop: top.loop, spec: undefined };
      top.loop.items.push(node);
      const known = this.spec.segmentIds.has(id);
      this.segmentFinding(known ? '2' : '1', id, position, top.loop.id, known ? `segment ${id} is not expected here` : `segment ${id} is not part of ${this.spec.name}`);
      this.options.onSegment?.(node);
      return node;
    }
    const { depth, index, pass, qualified } = found;
    this.closeTo(depth, position);
    const frame = this.top();
    const entry = frame.loop.spec.entries[index] as X12Entry;
    const uses = (frame.counts[index] ?? 0) + 1;
    frame.counts[index] = uses;
    if (pass === 'backward') this.segmentFinding('7', id, position, frame.loop.id, `segment ${id} is out of sequence in loop ${frame.loop.id || 'header'}`);
    else {
      this.checkRequired(frame, frame.cursor + 1, index, position);
      frame.cursor = index;
    }
    let node: X12SegmentNode;
    if (entry.kind === 'loop') {
      if (uses > entry.max) this.segmentFinding('4', id, position, entry.id, `loop ${entry.id} occurs more than ${entry.max} times`);
      const loop: X12Loop = { kind: 'loop', id: entry.id, spec: entry, parent: frame.loop, items: [], position };
      frame.loop.items.push(loop);
      node = { kind: 'segment', segment, position, loop, spec: entry.entries[0]?.kind === 'segment' ? entry.entries[0] : undefined };
      loop.items.push(node);
      this.stack.push({ loop, cursor: 0, counts: [1] });
    } else {
      if (uses > entry.max) this.segmentFinding('5', id, position, frame.loop.id, `segment ${id} occurs more than ${entry.max} times`);
      node = { kind: 'segment', segment, position, loop: frame.loop, spec: entry };
      frame.loop.items.push(node);
    }
    if (!qualified && node.spec?.qualifier !== undefined) {
      const q = node.spec.qualifier;
      this.findings.push({
        level: 'element', severity: 'error', ...this.where(), ik4: '7', rule: 'code-value', value: segment.element(q.element) ?? '',
        segment: { id, position, loop: node.loop.id }, element: { position: q.element },
        message: `${id}${String(q.element).padStart(2, '0')} '${segment.element(q.element) ?? ''}' is not one of ${[...q.values].join(', ')}`,
      });
    }
    this.options.onSegment?.(node);
    return node;
  }

  /** Closes every open loop (at SE); `sePosition` is where a missing segment was expected. */
  end(sePosition = this.lastPosition + 1): X12Loop {
    this.closeTo(-1, sePosition);
    return this.root;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  private where(): Pick<AckFinding, 'group' | 'transaction'> {
    return {
      ...(this.options.group === undefined ? {} : { group: this.options.group }),
      ...(this.options.transaction === undefined ? {} : { transaction: this.options.transaction }),
    };
  }

  /** Where the segment fits: forward matches from the innermost loop out, then out-of-sequence ones. */
  private locate(id: string, segment: X12Segment, qualified: boolean):
    { depth: number; index: number; pass: Pass; qualified: boolean } | undefined {
    for (const pass of ['forward', 'backward'] as const) {
      for (let depth = this.stack.length - 1; depth >= 0; depth--) {
        const frame = this.stack[depth] as Frame;
        const entries = frame.loop.spec.entries;
        const from = pass === 'forward' ? Math.max(frame.cursor, 1) : 1;
        const to = pass === 'forward' ? entries.length : frame.cursor;
        for (let index = from; index < to; index++) {
          const e = entries[index] as X12Entry;
          const seg = e.kind === 'loop' ? e.entries[0] : e;
          if (seg?.kind === 'segment' && matchesSegment(seg, id, segment, qualified)) {
            // A loop is only re-entered forward; a backward pass places plain segments only.
            if (pass === 'backward' && e.kind === 'loop') continue;
            return { depth, index, pass, qualified };
          }
        }
      }
    }
    return undefined;
  }

  /** Closes loops above `depth` (all with -1, the root included), checking required entries. */
  private closeTo(depth: number, position: number): void {
    while (this.stack.length - 1 > depth) {
      const frame = this.stack.pop() as Frame;
      this.checkRequired(frame, frame.cursor + 1, frame.loop.spec.entries.length, position);
      const loop = frame.loop;
      this.options.onLoopEnd?.(loop);
      const parent = loop.parent;
      if (parent !== undefined && this.options.retain !== undefined && !this.options.retain(loop)) {
        const i = parent.items.lastIndexOf(loop);
        if (i >= 0) parent.items.splice(i, 1);
      }
    }
  }

  /** Reports the required entries `from` … `to - 1` of `frame` that were never used (passed over). */
  private checkRequired(frame: Frame, from: number, to: number, position: number): void {
    const entries = frame.loop.spec.entries;
    for (let index = Math.max(from, 1); index < Math.min(to, entries.length); index++) {
      const e = entries[index] as X12Entry;
      if (e.usage !== 'R' || (frame.counts[index] ?? 0) > 0) continue;
      const id = e.kind === 'loop' ? (e.entries[0]?.kind === 'segment' ? e.entries[0].id : '') : e.id;
      const what = e.kind === 'loop' ? `loop ${e.id} (${id})` : `segment ${id}`;
      this.segmentFinding('3', id, position, e.kind === 'loop' ? e.id : frame.loop.id, `required ${what} is missing in loop ${frame.loop.id || 'header'}`);
    }
  }

  private segmentFinding(code: Ik304Code, id: string, position: number, loop: string, message: string): void {
    this.findings.push({
      level: 'segment', severity: 'error', ...this.where(), ik3: code, rule: `segment-${code}`, message,
      segment: { id, position, ...(loop === '' ? {} : { loop }) },
    });
  }
}

/** The loop spec entry list of a loop spec (exported for spec tests). */
export function loopIds(spec: X12LoopSpec): string[] {
  return spec.entries.flatMap((e) => (e.kind === 'loop' ? [e.id, ...loopIds(e)] : []));
}
