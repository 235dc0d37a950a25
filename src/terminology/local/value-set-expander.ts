/**
 * ValueSetExpander: `ValueSet.compose` → the full list of member codes (include / exclude with concept
 * lists, whole systems, filters, imported ValueSets), cached per ValueSet until the content changes.
 * https://hl7.org/fhir/R4/valueset.html#expansion
 */
import type { CodeSystem, ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from 'fhir/r4.js';
import { notFound, unprocessable } from '../../core/outcomes.js';
import type { ConceptDesignation } from '../../ports/terminology-service.js';
import { CodeSystemIndex } from './code-system-index.js';
import { compileFilter } from './concept-filter.js';
import { Resumable, type Steps } from './resumable.js';
import type { TerminologyContent } from './content-registry.js';
import { searchText } from './text-match.js';
import { WordIndex } from './word-index.js';

/** One member of an expansion. */
export interface ExpansionItem {
  readonly system: string;
  readonly version: string | undefined;
  readonly code: string;
  readonly display: string | undefined;
  readonly designations: readonly ConceptDesignation[];
  readonly inactive: boolean;
  readonly abstract: boolean;
  /** Folded display and designations for the text filter (filled on first use). */
  text?: string;
}

/** A full expansion: members in order and by system, then code. */
export class Expansion {
  private bySystem: Map<string, Map<string, ExpansionItem>> | undefined;
  /** `words`: the word index of `items` when one is at hand (a whole code system's). */
  constructor(readonly valueSet: ValueSet, readonly items: readonly ExpansionItem[], private words?: WordIndex) {}

  /** The member `system|code`, or undefined. */
  get(system: string, code: string): ExpansionItem | undefined {
    if (this.bySystem === undefined) {
      // Made on first use: $expand never needs it, and a whole LOINC is 100,000 entries.
      const bySystem = new Map<string, Map<string, ExpansionItem>>();
      for (const i of this.items) {
        let codes = bySystem.get(i.system);
        if (codes === undefined) bySystem.set(i.system, (codes = new Map()));
        codes.set(i.code, i);
      }
      this.bySystem = bySystem;
    }
    return this.bySystem.get(system)?.get(code);
  }

  /** The word index of the items' displays and designations (made on first use). */
  wordIndex(): WordIndex {
    this.words ??= WordIndex.build(this.items.map(itemText));
    return this.words;
  }
}

/** The folded search text of an item (computed once). */
export function itemText(item: ExpansionItem): string {
  item.text ??= item.designations.length === 0 ? searchText([item.display ?? '']) : searchText([item.display ?? '', ...item.designations.map((d) => d.value)]);
  return item.text;
}

const memberKey = (system: string, code: string): string => system + '|' + code;

/** Expands ValueSets over a content registry, with a cache invalidated by content edits. */
export class ValueSetExpander {
  private readonly byUrl = new Map<string, { gen: number; exp: Expansion }>();
  private readonly inline = new WeakMap<ValueSet, { gen: number; exp: Expansion }>();

  constructor(private readonly content: TerminologyContent) {}

  /** The full expansion of a ValueSet url (`url|version` allowed) or resource. */
  expansionOf(valueSet: string | ValueSet, version?: string, stack: readonly string[] = []): Expansion {
    const gen = this.content.generation;
    if (typeof valueSet !== 'string') {
      const hit = this.inline.get(valueSet);
      if (hit?.gen === gen) return hit.exp;
      const exp = this.expandResource(valueSet, stack);
      this.inline.set(valueSet, { gen, exp });
      return exp;
    }
    const key = version === undefined ? valueSet : `${valueSet}|${version}`;
    const hit = this.byUrl.get(key);
    if (hit?.gen === gen) return hit.exp;
    const vs = this.content.resolve('ValueSet', valueSet, version);
    if (vs === undefined) throw notFound(`ValueSet ${key} not found`);
    const exp = this.expandResource(vs, stack);
    this.byUrl.set(key, { gen, exp });
    return exp;
  }

  private expandResource(vs: ValueSet, stack: readonly string[]): Expansion {
    const id = vs.url ?? vs.id ?? '(inline)';
    if (stack.includes(id)) throw unprocessable(`ValueSet import cycle: ${[...stack, id].join(' → ')}`);
    const inner = [...stack, id];
    const compose = vs.compose;
    if (compose === undefined) return new Expansion(vs, flatten(vs.expansion?.contains ?? []));
    const whole = this.wholeSystemOnly(vs);
    if (whole !== undefined) return new Expansion(vs, whole.items, whole.words);
    const members = new Map<string, ExpansionItem>();
    for (const inc of compose.include) for (const i of this.includeItems(inc, inner)) {
      const k = memberKey(i.system, i.code);
      if (!members.has(k)) members.set(k, i);
    }
    for (const exc of compose.exclude ?? []) for (const i of this.includeItems(exc, inner)) members.delete(memberKey(i.system, i.code));
    const items = [...members.values()];
    return new Expansion(vs, compose.inactive === false ? items.filter((i) => !i.inactive) : items);
  }

  /** The members of a ValueSet that is exactly one whole code system (shared by every such ValueSet). */
  private wholeSystemOnly(vs: ValueSet): WholeSystem | undefined {
    const compose = vs.compose;
    const inc = compose?.include[0];
    if (compose === undefined || compose.include.length !== 1 || inc?.system === undefined || (compose.exclude?.length ?? 0) > 0 || compose.inactive === false) return undefined;
    if (inc.concept !== undefined || (inc.filter?.length ?? 0) > 0 || (inc.valueSet?.length ?? 0) > 0) return undefined;
    const cs = this.content.resolve('CodeSystem', inc.system, inc.version) ?? (inc.version === undefined ? undefined : this.content.resolve('CodeSystem', inc.system));
    if (cs === undefined || cs.url !== inc.system || (inc.version !== undefined && inc.version !== cs.version)) return undefined;
    return wholeSystem(cs).finish();
  }

  private includeItems(inc: ValueSetComposeInclude, stack: readonly string[]): readonly ExpansionItem[] {
    let items: readonly ExpansionItem[] | undefined = inc.system === undefined ? undefined : this.systemItems(inc.system, inc);
    for (const url of inc.valueSet ?? []) {
      const other = this.expansionOf(url, undefined, stack);
      items = items === undefined ? other.items : items.filter((i) => other.get(i.system, i.code) !== undefined);
    }
    return items ?? [];
  }

  private systemItems(system: string, inc: ValueSetComposeInclude): ExpansionItem[] {
    // A pinned version we do not hold falls back to the latest (THO ValueSets pin older CodeSystem versions).
    const cs = this.content.resolve('CodeSystem', system, inc.version) ?? (inc.version === undefined ? undefined : this.content.resolve('CodeSystem', system));
    const index = cs === undefined ? undefined : CodeSystemIndex.of(cs);
    const version = cs?.version ?? inc.version;
    const predicates = index === undefined ? [] : (inc.filter ?? []).map((f) => compileFilter(f, index));
    if (inc.concept !== undefined) {
      const out: ExpansionItem[] = [];
      for (const c of inc.concept) {
        const node = index?.get(c.code);
        if (index !== undefined && node === undefined && cs?.content === 'complete') continue;
        if (node !== undefined && !predicates.every((p) => p(node))) continue;
        const own = (c.designation ?? []).map((d) => ({ value: d.value, ...(d.language !== undefined && { language: d.language }), ...(d.use !== undefined && { use: d.use }) }));
        out.push({
          system, version, code: node?.code ?? c.code, display: c.display ?? node?.display,
          designations: [...own, ...(node?.designations ?? [])], inactive: node?.inactive ?? false, abstract: node?.abstract ?? false,
        });
      }
      return out;
    }
    if (index === undefined) throw notFound(`CodeSystem ${system}${inc.version === undefined ? '' : '|' + inc.version} not found`);
    const out: ExpansionItem[] = [];
    for (const n of index.concepts.values()) {
      if (!predicates.every((p) => p(n))) continue;
      out.push({ system, version, code: n.code, display: n.display, designations: n.designations, inactive: n.inactive, abstract: n.abstract });
    }
    return out;
  }
}

function flatten(contains: readonly ValueSetExpansionContains[]): ExpansionItem[] {
  const out: ExpansionItem[] = [];
  for (const c of contains) {
    if (c.system !== undefined && c.code !== undefined) {
      out.push({
        system: c.system, version: c.version, code: c.code, display: c.display, inactive: c.inactive ?? false, abstract: c.abstract ?? false,
        designations: (c.designation ?? []).map((d) => ({ value: d.value, ...(d.language !== undefined && { language: d.language }), ...(d.use !== undefined && { use: d.use }) })),
      });
    }
    out.push(...flatten(c.contains ?? []));
  }
  return out;
}

/** Every concept of one CodeSystem as expansion members, with their word index. */
export interface WholeSystem {
  readonly items: readonly ExpansionItem[];
  readonly words: WordIndex;
}

const wholeSystems = new WeakMap<CodeSystem, Resumable<WholeSystem>>();

/**
 * The members and word index of a whole CodeSystem (one build per resource): what `$expand` of an
 * implicit `?fhir_vs` ValueSet needs. A warm-up steps it in the background; a request finishes it.
 */
export function wholeSystem(cs: CodeSystem): Resumable<WholeSystem> {
  let b = wholeSystems.get(cs);
  if (b === undefined) {
    b = new Resumable(wholeSystemSteps(cs));
    wholeSystems.set(cs, b);
  }
  return b;
}

function* wholeSystemSteps(cs: CodeSystem): Steps<WholeSystem> {
  const index = yield* CodeSystemIndex.build(cs).steps();
  const system = cs.url ?? '';
  const items: ExpansionItem[] = [];
  let n = 0;
  for (const c of index.concepts.values()) {
    items.push({ system, version: cs.version, code: c.code, display: c.display, designations: c.designations, inactive: c.inactive, abstract: c.abstract });
    if ((++n & 1023) === 0) yield;
  }
  const words = yield* WordIndex.steps(items.length, (i) => itemText(items[i] as ExpansionItem));
  return { items, words };
}
