/**
 * The loop tree of one transaction set: loops (with their TR3 loop id) holding segments and child
 * loops in input order, each segment with its position in the set (ST = 1), as the 999 reports it
 * (IK302 segment position, IK303 loop id). https://x12.org (005010X231A1 IK3)
 */
import type { X12Segment } from '../tokenizer/index.js';
import type { X12LoopSpec, X12SegmentSpec } from './spec.js';

/** A segment placed in the tree. */
export interface X12SegmentNode {
  readonly kind: 'segment';
  readonly segment: X12Segment;
  /** 1-based position in the transaction set (ST = 1). */
  readonly position: number;
  /** The loop holding it (for a loop's trigger: that loop). */
  readonly loop: X12Loop;
  /** The spec entry it matched; undefined for an unexpected segment. */
  readonly spec: X12SegmentSpec | undefined;
}

/** A loop instance. The root (id '') holds the segments between ST and SE outside any loop. */
export interface X12Loop {
  readonly kind: 'loop';
  /** TR3 loop id (`2300`), '' for the transaction's root. */
  readonly id: string;
  readonly spec: X12LoopSpec;
  readonly parent: X12Loop | undefined;
  /** Segments and child loops in input order (a loop's first item is its trigger segment). */
  readonly items: (X12SegmentNode | X12Loop)[];
  /** Position of the trigger segment (1 for the root). */
  readonly position: number;
}

/** The element `n` of a node's segment ('' when absent). */
export function el(node: X12SegmentNode | undefined, n: number): string {
  return node?.segment.element(n) ?? '';
}

/** Component `c` of repetition `r` of element `n` ('' when absent). */
export function comp(node: X12SegmentNode | undefined, n: number, c: number, r = 1): string {
  return node?.segment.component(n, c, r) ?? '';
}

/** The segments directly in `loop` with id `id` (and element 1 in `q` when given). */
export function segmentsIn(loop: X12Loop | undefined, id: string, ...q: string[]): X12SegmentNode[] {
  if (loop === undefined) return [];
  return loop.items.filter((i): i is X12SegmentNode =>
    i.kind === 'segment' && i.segment.id === id && (q.length === 0 || q.includes(i.segment.element(1) ?? '')));
}

/** The first such segment. */
export function segmentIn(loop: X12Loop | undefined, id: string, ...q: string[]): X12SegmentNode | undefined {
  return segmentsIn(loop, id, ...q)[0];
}

/** The child loops of `loop` with TR3 id `id`. */
export function loopsIn(loop: X12Loop | undefined, id: string): X12Loop[] {
  if (loop === undefined) return [];
  return loop.items.filter((i): i is X12Loop => i.kind === 'loop' && i.id === id);
}

/** The first child loop with id `id`. */
export function loopIn(loop: X12Loop | undefined, id: string): X12Loop | undefined {
  return loopsIn(loop, id)[0];
}

/** The trigger segment of a loop. */
export function triggerNode(loop: X12Loop): X12SegmentNode | undefined {
  const first = loop.items[0];
  return first?.kind === 'segment' ? first : undefined;
}

/** The nearest enclosing loop (self included) with id `id`. */
export function ancestor(loop: X12Loop | undefined, id: string): X12Loop | undefined {
  for (let l = loop; l !== undefined; l = l.parent) if (l.id === id) return l;
  return undefined;
}

/** Every loop below `loop` (depth first, input order) with id `id`. */
export function descendants(loop: X12Loop, id: string): X12Loop[] {
  const out: X12Loop[] = [];
  const visit = (l: X12Loop): void => {
    for (const i of l.items) {
      if (i.kind !== 'loop') continue;
      if (i.id === id) out.push(i);
      visit(i);
    }
  };
  visit(loop);
  return out;
}

/** Every segment node of the tree in input order. */
export function allSegments(loop: X12Loop): X12SegmentNode[] {
  const out: X12SegmentNode[] = [];
  const visit = (l: X12Loop): void => {
    for (const i of l.items) {
      if (i.kind === 'segment') out.push(i);
      else visit(i);
    }
  };
  visit(loop);
  return out.sort((a, b) => a.position - b.position);
}
