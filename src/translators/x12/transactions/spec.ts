/**
 * Loop specifications of the HIPAA 5010 implementation guides (TR3s), written as a compact text
 * notation and compiled once. One line per segment; a line starting with `+LOOPID` opens a loop whose
 * trigger is that line's segment, and the lines indented under it are the rest of the loop.
 *
 *   SEG[q1|q2] U MAX rules…     segment; qualifier values of element 1 (or `SEG[3=20]` for HL03)
 *   +2300 CLM U MAX rules…      loop 2300 triggered by CLM; children indented by two more spaces
 *
 * U is `R` (required) or `S` (situational); MAX is a number or `>1` (unbounded). Rules: `r=1,2,5`
 * required elements; `c5.3=1|7|8` code list of element 5 component 3; `n=2,3` decimal (type R)
 * elements; `d=2` CCYYMMDD date elements. https://x12.org/products/technical-reports (TR3 loop tables)
 */
import { fail } from '../../../core/outcomes.js';

/** Required or situational (the TR3 usage; "not used" segments are simply not listed). */
export type X12Usage = 'R' | 'S';

/** Values an element (or one of its components) must take. */
export interface X12CodeRule {
  readonly element: number;
  /** 0 = the whole element (first component of a composite). */
  readonly component: number;
  readonly values: ReadonlySet<string>;
}

/** What identifies a segment in its loop: its id and, optionally, the values of one element. */
export interface X12SegmentSpec {
  readonly kind: 'segment';
  readonly id: string;
  readonly qualifier?: { readonly element: number; readonly values: ReadonlySet<string> };
  readonly usage: X12Usage;
  /** Maximum use; `Infinity` for `>1`. */
  readonly max: number;
  readonly required: readonly number[];
  readonly codes: readonly X12CodeRule[];
  readonly decimals: readonly number[];
  readonly dates: readonly number[];
}

/** A loop: its trigger segment (entry 0) and the ordered entries after it. */
export interface X12LoopSpec {
  readonly kind: 'loop';
  readonly id: string;
  readonly usage: X12Usage;
  readonly max: number;
  /** entries[0] is the trigger segment. */
  readonly entries: readonly X12Entry[];
}

/** One entry of a loop: a segment or a child loop. */
export type X12Entry = X12SegmentSpec | X12LoopSpec;

/** A transaction set's specification: the header/detail/trailer body as one root loop. */
export interface X12TransactionSpec {
  /** `837P`, `835`, `277CA`, … */
  readonly name: string;
  /** ST01. */
  readonly transactionSet: string;
  /** ST03 / GS08 implementation guide (`005010X222A1`); other errata of the same guide also match. */
  readonly implementation: string;
  /** Root loop (id ''): the segments between ST and SE. */
  readonly root: X12LoopSpec;
  /** Every segment id the spec knows (unknown ids are IK304 = 1). */
  readonly segmentIds: ReadonlySet<string>;
}

const LINE = /^( *)(\+(\w+) )?([A-Z0-9]{2,3})(?:\[(?:(\d+)=)?([^\]]+)\])? ([RS]) (>1|\d+)((?: \S+)*)$/;

interface Parsed {
  readonly indent: number;
  readonly loop: string | undefined;
  readonly segment: X12SegmentSpec;
  readonly loopUsage: X12Usage;
  readonly loopMax: number;
}

function numbers(text: string): number[] {
  return text.split(',').map(Number);
}

function parseLine(line: string, n: number, name: string): Parsed {
  const m = LINE.exec(line);
  if (m === null) throw fail('internal', `${name} spec line ${n}: cannot read '${line}'`);
  const [, indent = '', , loop, id = '', qElement, qValues, usage = 'S', maxText = '1', rulesText = ''] = m;
  const max = maxText === '>1' ? Infinity : Number(maxText);
  const required: number[] = [];
  const codes: X12CodeRule[] = [];
  const decimals: number[] = [];
  const dates: number[] = [];
  for (const rule of rulesText.trim().split(' ').filter((r) => r !== '')) {
    const [key = '', value = ''] = rule.split('=');
    if (key === 'r') required.push(...numbers(value));
    else if (key === 'n') decimals.push(...numbers(value));
    else if (key === 'd') dates.push(...numbers(value));
    else if (key.startsWith('c')) {
      const [el = '0', comp = '0'] = key.slice(1).split('.');
      codes.push({ element: Number(el), component: Number(comp), values: new Set(value.split('|')) });
    } else throw fail('internal', `${name} spec line ${n}: unknown rule '${rule}'`);
  }
  const segment: X12SegmentSpec = {
    kind: 'segment', id, usage: loop === undefined ? (usage as X12Usage) : 'R', max: loop === undefined ? max : 1,
    required, codes, decimals, dates,
    ...(qValues === undefined ? {} : { qualifier: { element: qElement === undefined ? 1 : Number(qElement), values: new Set(qValues.split('|')) } }),
  };
  return { indent: indent.length, loop, segment, loopUsage: usage as X12Usage, loopMax: max };
}

/** Compiles a spec written in the notation above (a programming error throws at module load). */
export function compileSpec(name: string, transactionSet: string, implementation: string, text: string): X12TransactionSpec {
  const lines = text.split('\n').map((l) => l.replace(/\s+#.*$/, '').trimEnd()).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const ids = new Set<string>();
  let i = 0;
  const block = (indent: number): X12Entry[] => {
    const entries: X12Entry[] = [];
    while (i < lines.length) {
      const p = parseLine(lines[i] ?? '', i + 1, name);
      if (p.indent < indent) break;
      if (p.indent > indent) throw fail('internal', `${name} spec line ${i + 1}: unexpected indentation`);
      i++;
      ids.add(p.segment.id);
      if (p.loop === undefined) entries.push(p.segment);
      else entries.push({ kind: 'loop', id: p.loop, usage: p.loopUsage, max: p.loopMax, entries: [p.segment, ...block(indent + 2)] });
    }
    return entries;
  };
  const entries = block(0);
  if (i < lines.length) throw fail('internal', `${name} spec line ${i + 1}: bad indentation`);
  // The root's entry 0 stands for ST (handled by the envelope layer).
  const st: X12SegmentSpec = { kind: 'segment', id: 'ST', usage: 'R', max: 1, required: [], codes: [], decimals: [], dates: [] };
  return { name, transactionSet, implementation, root: { kind: 'loop', id: '', usage: 'R', max: 1, entries: [st, ...entries] }, segmentIds: ids };
}

/** Indents a shared block (e.g. the 837 claim loop) for inclusion at a deeper level. */
export function indent(block: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return block.split('\n').map((l) => (l.trim() === '' ? l : pad + l)).join('\n');
}

/** True when `spec` matches `segment` (whose id is `id`) by id and qualifier. */
export function matchesSegment(spec: X12SegmentSpec, id: string, segment: { element(n: number): string | undefined }, withQualifier = true): boolean {
  if (spec.id !== id) return false;
  if (!withQualifier || spec.qualifier === undefined) return true;
  const v = segment.element(spec.qualifier.element);
  return v !== undefined && spec.qualifier.values.has(v);
}

/** The trigger segment of a loop. */
export function triggerOf(loop: X12LoopSpec): X12SegmentSpec {
  const t = loop.entries[0];
  if (t === undefined || t.kind !== 'segment') throw fail('internal', `loop ${loop.id} has no trigger segment`);
  return t;
}
