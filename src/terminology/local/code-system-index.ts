/**
 * CodeSystemIndex: a CodeSystem's concepts by code with their hierarchy (nested `concept` and the
 * `parent` / `child` properties), built once per resource object on first use.
 * https://hl7.org/fhir/R4/codesystem.html#hierarchy
 */
import type { CodeSystem, CodeSystemConcept, CodeSystemConceptDesignation, CodeSystemConceptProperty, Coding } from 'fhir/r4.js';
import type { ConceptDesignation } from '../../ports/terminology-service.js';
import { Resumable, type Steps } from './resumable.js';

/** One concept with its links. */
export interface ConceptNode {
  readonly code: string;
  readonly display: string | undefined;
  readonly definition: string | undefined;
  readonly designations: readonly ConceptDesignation[];
  readonly properties: readonly CodeSystemConceptProperty[];
  readonly parents: string[];
  readonly children: string[];
  readonly abstract: boolean;
  readonly inactive: boolean;
}

const INACTIVE_STATUS = new Set(['retired', 'deprecated', 'inactive']);
const NONE: readonly never[] = Object.freeze([]);
const cache = new WeakMap<CodeSystem, CodeSystemIndex>();
/** Builds under way (started by a background warm-up), finished by the first `of`. */
const building = new WeakMap<CodeSystem, Resumable<CodeSystemIndex>>();
/** Concepts indexed between two yields of a resumable build. */
const STEP = 1024;

/** The concept index of one CodeSystem resource. */
export class CodeSystemIndex {
  readonly concepts = new Map<string, ConceptNode>();
  private folded: Map<string, ConceptNode> | undefined;
  private readonly descendantCache = new Map<string, ReadonlySet<string>>();

  /** The (cached) index of `cs`; finishes a build a warm-up started. */
  static of(cs: CodeSystem): CodeSystemIndex {
    return cache.get(cs) ?? CodeSystemIndex.build(cs).finish();
  }

  /** The build of the index of `cs` (one per resource), to step in the background or finish. */
  static build(cs: CodeSystem): Resumable<CodeSystemIndex> {
    const built = cache.get(cs);
    if (built !== undefined) return Resumable.finished(built);
    let b = building.get(cs);
    if (b === undefined) {
      b = new Resumable(CodeSystemIndex.steps(cs));
      building.set(cs, b);
    }
    return b;
  }

  private static *steps(cs: CodeSystem): Steps<CodeSystemIndex> {
    const idx = new CodeSystemIndex(cs);
    yield* idx.fill();
    cache.set(cs, idx);
    building.delete(cs);
    return idx;
  }

  private constructor(readonly codeSystem: CodeSystem) {}

  private *fill(): Steps<void> {
    const codeSystem = this.codeSystem;
    const seen = new Set<string>();
    const link = (parent: string, child: string): void => {
      const p = this.concepts.get(parent);
      const c = this.concepts.get(child);
      const key = parent + '\u0000' + child;
      if (p === undefined || c === undefined || seen.has(key)) return;
      seen.add(key);
      p.children.push(child);
      c.parents.push(parent);
    };
    let n = 0;
    const visit = function* (self: CodeSystemIndex, list: readonly CodeSystemConcept[] | undefined, parent: string | undefined): Steps<void> {
      for (const c of list ?? []) {
        const node = self.node(c);
        if (parent !== undefined) link(parent, node.code);
        if (c.concept !== undefined) yield* visit(self, c.concept, c.code);
        if (++n % STEP === 0) yield;
      }
    };
    yield* visit(this, codeSystem.concept, undefined);
    for (const node of this.concepts.values()) {
      if (++n % STEP === 0) yield;
      for (const p of node.properties) {
        if (p.code === 'parent' && p.valueCode !== undefined) link(p.valueCode, node.code);
        if (p.code === 'child' && p.valueCode !== undefined) link(node.code, p.valueCode);
      }
    }
    if (codeSystem.caseSensitive === false) this.folded = new Map([...this.concepts].map(([k, v]) => [k.toLowerCase(), v]));
  }

  /** The concept with `code` (case-insensitively when the system says so). */
  get(code: string): ConceptNode | undefined {
    return this.concepts.get(code) ?? this.folded?.get(code.toLowerCase());
  }

  /** Every code below `code` (not itself). */
  descendants(code: string): ReadonlySet<string> {
    let set = this.descendantCache.get(code);
    if (set === undefined) {
      const out = new Set<string>();
      const stack = [...(this.get(code)?.children ?? [])];
      for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
        if (out.has(c)) continue;
        out.add(c);
        stack.push(...(this.concepts.get(c)?.children ?? []));
      }
      set = out;
      this.descendantCache.set(code, set);
    }
    return set;
  }

  /** Every code above `code` (not itself). */
  ancestors(code: string): ReadonlySet<string> {
    const out = new Set<string>();
    const stack = [...(this.get(code)?.parents ?? [])];
    for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
      if (out.has(c)) continue;
      out.add(c);
      stack.push(...(this.concepts.get(c)?.parents ?? []));
    }
    return out;
  }

  /** True when `code` is `ancestor` or below it. */
  isA(code: string, ancestor: string): boolean {
    const a = this.get(ancestor)?.code;
    const c = this.get(code)?.code;
    return a !== undefined && c !== undefined && (a === c || this.ancestors(c).has(a));
  }

  private node(c: CodeSystemConcept): ConceptNode {
    const properties = c.property ?? NONE;
    let abstract = false;
    let inactive = false;
    for (const p of properties) {
      if (p.valueBoolean === true && (p.code === 'notSelectable' || p.code === 'abstract')) abstract = true;
      else if (p.valueBoolean === true && (p.code === 'inactive' || p.code === 'deprecated')) inactive = true;
      else if (p.code === 'status' && p.valueCode !== undefined && INACTIVE_STATUS.has(p.valueCode)) inactive = true;
    }
    const node: ConceptNode = {
      code: c.code,
      display: c.display,
      definition: c.definition,
      designations: c.designation === undefined ? NONE : c.designation.every(plain) ? (c.designation as readonly ConceptDesignation[]) /* parsed JSON: no explicit undefined */ : c.designation.map((d) => {
        const out: { value: string; language?: string; use?: Coding } = { value: d.value };
        if (d.language !== undefined) out.language = d.language;
        if (d.use !== undefined) out.use = d.use;
        return out;
      }),
      properties,
      parents: [],
      children: [],
      abstract,
      inactive,
    };
    this.concepts.set(c.code, node);
    return node;
  }
}

/** A designation with nothing but value, language and use (kept as it is instead of copied). */
function plain(d: CodeSystemConceptDesignation): boolean {
  return d.id === undefined && d.extension === undefined && d.modifierExtension === undefined;
}
