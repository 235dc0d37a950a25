/**
 * Compiles a profile's snapshot into the tree of element rules the walker checks: per element its
 * cardinality, allowed types, fixed / pattern value, binding, invariants, type profiles and slices.
 * Elements with nothing to check are left out, so a walk touches only what the profile constrains.
 * https://hl7.org/fhir/R4/profiling.html and https://hl7.org/fhir/R4/elementdefinition.html
 */
import r4 from 'fhirpath/fhir-context/r4/index.js';
import type { ElementDefinition, ElementDefinitionSlicingDiscriminator, StructureDefinition } from 'fhir/r4.js';
import { compileConstraint, skipReason } from './constraints.js';
import type { ConstraintPlan, ElementPlan, ProfilePlan, SliceMatcher, SlicePlan } from './types.js';

/** Every R4 choice suffix (`Base64Binary` … `Meta`), from the FHIRPath model's Extension.value[x]. */
export const ALL_SUFFIXES: readonly string[] = (r4.choiceTypePaths as Record<string, readonly string[] | undefined>)['Extension.value'] ?? [];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

interface Node {
  readonly el: ElementDefinition;
  readonly children: Node[];
  readonly slices: Node[];
}

type Skipped = { element: string; rule: string; reason: string }[];

/** Builds the id tree: children by parent id, slices under the element they slice. */
function tree(elements: readonly ElementDefinition[]): Node | undefined {
  const byId = new Map<string, Node>();
  let root: Node | undefined;
  for (const el of elements) {
    const id = el.id ?? el.path;
    const node: Node = { el, children: [], slices: [] };
    byId.set(id, node);
    const dot = id.lastIndexOf('.');
    if (dot < 0) {
      root ??= node;
      continue;
    }
    const last = id.slice(dot + 1);
    const colon = last.indexOf(':');
    if (colon > 0) {
      const sliced = byId.get(id.slice(0, dot + 1) + last.slice(0, colon));
      // A re-slice (`a:b/c`) or a slice of a missing element is not supported: left out.
      if (sliced !== undefined && !last.includes('/')) sliced.slices.push(node);
      continue;
    }
    byId.get(id.slice(0, dot))?.children.push(node);
  }
  return root;
}

function maxOf(max: string | undefined): number {
  return max === undefined || max === '*' ? Infinity : Number(max);
}

function valueWithPrefix(el: ElementDefinition, prefix: 'fixed' | 'pattern'): unknown {
  const rec = el as unknown as Record<string, unknown>;
  for (const k in rec) if (k.startsWith(prefix) && k.length > prefix.length && k.charCodeAt(prefix.length) < 91) return rec[k];
  return undefined;
}

class PlanCompiler {
  readonly skipped: Skipped = [];
  constructor(private readonly native: boolean) {}

  element(node: Node, fhirPath: string): ElementPlan | undefined {
    const { el } = node;
    const id = el.id ?? el.path;
    const last = el.path.slice(el.path.lastIndexOf('.') + 1);
    const choice = last.endsWith('[x]');
    const name = choice ? last.slice(0, -3) : last;
    const typeCodes = (el.type ?? []).map((t) => t.code);
    const types = choice ? typeCodes.map(capitalize) : typeCodes;
    const min = el.min ?? 0;
    const max = maxOf(el.max);
    const fixed = valueWithPrefix(el, 'fixed');
    const pattern = valueWithPrefix(el, 'pattern');
    const strength = el.binding?.strength;
    const binding = (strength === 'required' || strength === 'extensible') && el.binding?.valueSet !== undefined
      ? { strength, valueSet: el.binding.valueSet } : undefined;
    const constraints = this.constraints(el, id, fhirPath, choice ? types : undefined);
    const typeProfiles = (el.type ?? []).flatMap((t) => (t.code === 'Extension' ? t.profile ?? [] : []));
    const children = node.children
      .map((c) => this.element(c, `${fhirPath}.${c.el.path.slice(c.el.path.lastIndexOf('.') + 1).replace('[x]', '')}`))
      .filter((c): c is ElementPlan => c !== undefined);
    const slicing = this.slicing(node, fhirPath);
    const baseMax = maxOf(el.base?.max ?? el.max);
    const trivial = min === 0 && max === baseMax && !choice && fixed === undefined && pattern === undefined && binding === undefined &&
      constraints.length === 0 && typeProfiles.length === 0 && children.length === 0 && slicing === undefined;
    if (trivial && node.el.sliceName === undefined && id.includes('.')) return undefined;
    return {
      id, name, choice, min, max, types, constraints, typeProfiles, children,
      typeCode: typeCodes.length === 1 ? typeCodes[0] : undefined,
      ...(fixed !== undefined && { fixed }),
      ...(pattern !== undefined && { pattern }),
      ...(binding !== undefined && { binding }),
      ...(slicing !== undefined && { slicing }),
    };
  }

  private constraints(el: ElementDefinition, id: string, fhirPath: string, choiceSuffixes: readonly string[] | undefined): ConstraintPlan[] {
    const out: ConstraintPlan[] = [];
    for (const c of el.constraint ?? []) {
      const reason = skipReason(c);
      if (reason !== undefined) {
        if (c.key !== 'ele-1') this.skip(id, c.key, reason);
        continue;
      }
      try {
        if (choiceSuffixes === undefined) out.push(compileConstraint(c, fhirPath, this.native));
        else for (const s of choiceSuffixes) out.push({ ...compileConstraint(c, fhirPath + s, this.native), forType: s });
      } catch (e) {
        this.skip(id, c.key, `FHIRPath does not compile: ${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)}`);
      }
    }
    return out;
  }

  private slicing(node: Node, fhirPath: string): ElementPlan['slicing'] {
    const { slicing } = node.el;
    if (slicing === undefined || node.slices.length === 0) return undefined;
    const slices: SlicePlan[] = [];
    for (const s of node.slices) {
      const element = this.element(s, fhirPath);
      const matchers = (slicing.discriminator ?? []).map((d) => this.matcher(s, d));
      if (element === undefined) continue;
      if (matchers.some((m) => m === undefined) || matchers.length === 0) {
        this.skip(element.id, 'slice', 'discriminator not supported; the slice is not checked');
        continue;
      }
      slices.push({ name: s.el.sliceName ?? element.id, matchers: matchers as SliceMatcher[], element });
    }
    return slices.length === 0 && slicing.rules !== 'closed' ? undefined : { rules: slicing.rules, slices };
  }

  /** The value a slice has at a discriminator path, from its fixed / pattern values or its type profile. */
  private matcher(slice: Node, d: ElementDefinitionSlicingDiscriminator): SliceMatcher | undefined {
    if (!['value', 'pattern', 'exists'].includes(d.type)) return undefined;
    const path = d.path === '$this' ? [] : d.path.split('.');
    if (path.some((p) => !/^[A-Za-z][A-Za-z0-9]*$/.test(p))) return undefined;
    let node: Node | undefined = slice;
    for (let i = 0; node !== undefined; i++) {
      const fixed = valueWithPrefix(node.el, 'fixed');
      const pattern = valueWithPrefix(node.el, 'pattern');
      if (d.type !== 'exists' && (fixed !== undefined || pattern !== undefined)) {
        return { path: path.slice(0, i), kind: fixed !== undefined ? 'fixed' : 'pattern', value: fixed ?? pattern };
      }
      if (i === path.length) {
        if (d.type === 'exists') return { path, kind: (node.el.min ?? 0) > 0 ? 'exists' : 'absent' };
        break;
      }
      const seg = path[i];
      node = node.children.find((c) => c.el.path.slice(c.el.path.lastIndexOf('.') + 1).replace('[x]', '') === seg);
    }
    // A pattern discriminator on a slice that only has a required binding: membership decides.
    const b = slice.el.binding;
    if (d.type === 'pattern' && path.length === 0 && b?.strength === 'required' && b.valueSet !== undefined) {
      const typeCode = slice.el.type?.[0]?.code;
      return { path, kind: 'binding', value: b.valueSet, ...(typeCode !== undefined && { typeCode }) };
    }
    // Extension slices name their profile; its url is the fixed `url`.
    const profile = slice.el.type?.[0]?.profile?.[0];
    if (d.path === 'url' && slice.el.type?.[0]?.code === 'Extension' && profile !== undefined) return { path: ['url'], kind: 'fixed', value: profile };
    return undefined;
  }

  private skip(element: string, rule: string, reason: string): void {
    if (!this.skipped.some((s) => s.element === element && s.rule === rule)) this.skipped.push({ element, rule, reason });
  }
}

/**
 * Compiles a StructureDefinition with a snapshot; throws when it has none. `native` (default true) runs
 * invariants in the fhirpath-lite subset without the engine.
 */
export function compileProfile(sd: StructureDefinition, native = true): ProfilePlan {
  const elements = sd.snapshot?.element;
  const root = elements === undefined ? undefined : tree(elements);
  if (root === undefined) throw new Error(`StructureDefinition ${sd.url} has no snapshot`);
  const name = sd.id ?? sd.name;
  const compiler = new PlanCompiler(native);
  const plan = compiler.element(root, sd.type);
  if (plan === undefined) throw new Error(`StructureDefinition ${sd.url} has no root element`);
  return { url: sd.url, name, type: sd.type, root: plan, skipped: compiler.skipped };
}
