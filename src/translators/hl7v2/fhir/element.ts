/**
 * A view of one composite HL7 v2 value (a field repetition, or a component holding subcomponents) so a
 * datatype mapper reads `component(n)` without knowing where the value sits in the segment. CX.4 (an HD
 * inside a CX) is read through `child(4)`, whose components are the subcomponents of CX.4.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.5.3)
 */
import type { Hl7Segment } from '../parser/index.js';
import { formatPath, type Hl7Path } from '../parser/index.js';

/** One composite value. */
export interface V2Element {
  /** Decoded text of component (or subcomponent) `n`, 1-based; undefined when empty or explicit null. */
  get(n: number): string | undefined;
  /** True when the whole element is the explicit null `""` (meaning "delete" in updates). */
  readonly isNull: boolean;
  /** True when no component has a value. */
  readonly isEmpty: boolean;
  /** Component `n` as an element whose parts are its subcomponents. */
  child(n: number): V2Element;
  /** Issue location, e.g. `PID-3[1]` or `PID-3[1].4`. */
  readonly location: string;
  /** The segment the element sits in. */
  readonly segment: Hl7Segment;
}

function text(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || v === '' ? undefined : v;
}

class PathElement implements V2Element {
  readonly #base: Hl7Path;

  /**
   * `component` undefined: the element is a field repetition (parts are components); else it is that
   * component (parts are subcomponents). Paths are built as literals: spread objects are much slower here.
   */
  constructor(
    readonly segment: Hl7Segment,
    private readonly field: number,
    private readonly repetition: number,
    private readonly component: number | undefined,
  ) {
    this.#base = component === undefined
      ? { occurrence: segment.occurrence, field, repetition }
      : { occurrence: segment.occurrence, field, repetition, component };
  }

  get location(): string {
    return formatPath(this.#base, this.segment.name);
  }

  get(n: number): string | undefined {
    const p: Hl7Path = this.component === undefined
      ? { occurrence: 1, field: this.field, repetition: this.repetition, component: n, subcomponent: 1 }
      : { occurrence: 1, field: this.field, repetition: this.repetition, component: this.component, subcomponent: n };
    return text(this.segment.get(p));
  }

  get isNull(): boolean {
    return this.segment.rawAt(this.#base) === '""';
  }

  get isEmpty(): boolean {
    const raw = this.segment.rawAt(this.#base);
    if (raw === undefined || raw === '' || raw === '""') return true;
    const d = this.segment.delimiters;
    for (const c of raw) if (c !== d.component && c !== d.subcomponent) return false;
    return true;
  }

  child(n: number): V2Element {
    // Below a component there is only one more level (subcomponents): a component's child is itself a leaf.
    return new PathElement(this.segment, this.field, this.repetition, this.component ?? n);
  }
}

/** Repetition `rep` (1-based) of field `field` of `segment`. */
export function fieldElement(segment: Hl7Segment, field: number, rep = 1): V2Element {
  return new PathElement(segment, field, rep, undefined);
}

/** Every non-empty repetition of field `field`. */
export function fieldElements(segment: Hl7Segment, field: number): V2Element[] {
  const out: V2Element[] = [];
  const count = segment.repetitionCount(field);
  for (let r = 1; r <= count; r++) {
    const el = fieldElement(segment, field, r);
    if (!el.isEmpty) out.push(el);
  }
  return out;
}

/** Field presence as the update semantics need it: absent/empty (no change), `""` (delete), or a value. */
export function fieldState(segment: Hl7Segment, field: number): 'absent' | 'null' | 'present' {
  const raw = segment.rawField(field);
  if (raw === undefined || raw === '') return 'absent';
  if (raw === '""') return 'null';
  return 'present';
}

/** Decoded text of a simple field (first repetition, first component). */
export function fieldText(segment: Hl7Segment, field: number): string | undefined {
  return text(segment.get({ occurrence: 1, field, repetition: 1, component: 1, subcomponent: 1 }));
}
