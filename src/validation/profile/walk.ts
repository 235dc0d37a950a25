/**
 * Walks a resource along a compiled profile plan and reports OperationOutcome issues with FHIRPath
 * expressions (`Patient.identifier[0].system`) and diagnostics naming the rule broken
 * (`min cardinality 1 (us-core-patient Patient.name)`, `us-core-6: ...`).
 * https://hl7.org/fhir/R4/validation.html#profile
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../../core/outcomes.js';
import { checkBinding, codedValues } from './bindings.js';
import { ALL_SUFFIXES } from './plan.js';
import { passed } from './constraints.js';
import type { CodeValidator, ElementPlan, ProfilePlan, SlicePlan } from './types.js';
import { deepEqual, isObject, matchesPattern, valuesAtPath, valuesOf } from './values.js';

/** What a walk needs besides the plan. */
export interface WalkContext {
  readonly resource: unknown;
  readonly issues: OperationOutcomeIssue[];
  readonly validateCode: CodeValidator | undefined;
  /** Plans of type profiles (extension profiles) by url; undefined when not shipped. */
  readonly planOf: (url: string) => ProfilePlan | undefined;
  /** Depth guard against profiles that reference each other. */
  depth: number;
}

/** Every R4 choice-type suffix (`Quantity`, `DateTime`, ...). */
const CHOICE_SUFFIXES: ReadonlySet<string> = new Set(ALL_SUFFIXES);

const rule = (profile: string, what: string, element: string): string => `${what} (${profile} ${element})`;

/** Validates `resource` against `plan` (the root element), appending issues to `ctx.issues`. */
export function walkProfile(plan: ProfilePlan, ctx: WalkContext): void {
  const type = isObject(ctx.resource) ? ctx.resource['resourceType'] : undefined;
  if (type !== plan.type) {
    ctx.issues.push(issue('error', 'structure', rule(plan.name, `resource type ${plan.type}`, plan.type) + `: found ${String(type)}`, String(type ?? plan.type)));
    return;
  }
  checkValue(plan.name, plan.root, ctx.resource, plan.type, undefined, ctx);
}

/** Checks one value of an element: fixed / pattern, binding, invariants, type profiles, children. */
function checkValue(profile: string, el: ElementPlan, value: unknown, path: string, suffix: string | undefined, ctx: WalkContext): void {
  if (value === undefined) return; // only `_element` (extensions of a primitive) is present
  if (el.fixed !== undefined && !deepEqual(value, el.fixed)) {
    ctx.issues.push(issue('error', 'value', `${rule(profile, 'fixed value', el.id)}: expected ${JSON.stringify(el.fixed)}`, path));
  }
  if (el.pattern !== undefined && !matchesPattern(value, el.pattern)) {
    ctx.issues.push(issue('error', 'value', `${rule(profile, 'pattern', el.id)}: expected ${JSON.stringify(el.pattern)}`, path));
  }
  if (el.binding !== undefined) {
    const problem = checkBinding(el.binding, suffix ?? el.typeCode, value, ctx.validateCode);
    if (problem !== undefined) {
      ctx.issues.push(issue(problem.severity, problem.code, `${rule(profile, problem.what, el.id)}: ${problem.detail}`, path));
    }
  }
  for (const c of el.constraints) {
    if (c.forType !== undefined && c.forType !== suffix) continue;
    if (c.needsContained && !(isObject(ctx.resource) && ctx.resource['contained'] !== undefined)) continue;
    try {
      if (!passed(c.evaluate(value, ctx.resource))) {
        ctx.issues.push(issue(c.severity, 'invariant', `${rule(profile, c.key, el.id)}: ${c.human}`, path));
      }
    } catch (e) {
      ctx.issues.push(issue('warning', 'processing', `${rule(profile, c.key, el.id)}: not evaluated (${e instanceof Error ? e.message.slice(0, 120) : 'error'})`, path));
    }
  }
  if (el.typeProfiles.length > 0 && ctx.depth < 8) {
    for (const url of el.typeProfiles) {
      const sub = ctx.planOf(url);
      if (sub === undefined) continue;
      ctx.depth++;
      checkValue(sub.name, sub.root, value, path, suffix, ctx);
      ctx.depth--;
    }
  }
  if (el.children.length > 0 && isObject(value)) for (const child of el.children) checkChild(profile, child, value, path, ctx);
}

/** Cardinality, allowed choice types and slicing of one child element of `parent`. */
function checkChild(profile: string, el: ElementPlan, parent: Record<string, unknown>, parentPath: string, ctx: WalkContext): void {
  let key = el.name;
  let suffix: string | undefined;
  if (el.choice) {
    key = '';
    const n = el.name.length;
    for (const k in parent) {
      const bare = k.charCodeAt(0) === 95 ? k.slice(1) : k; // `_valueString` carries the extensions of `valueString`
      if (bare.length <= n || !bare.startsWith(el.name)) continue;
      const s = bare.slice(n);
      if (el.types.includes(s)) {
        if (key === '') {
          key = bare;
          suffix = s;
        }
      } else if (CHOICE_SUFFIXES.has(s) && k === bare) {
        ctx.issues.push(issue('error', 'structure', `${rule(profile, `type ${el.types.join('|')}`, el.id)}: ${k} is not allowed`, `${parentPath}.${k}`));
      }
    }
  }
  const raw = key === '' ? undefined : parent[key];
  const values = key === '' ? [] : valuesOf(parent, key);
  const shadow = key === '' ? [] : valuesOf(parent, `_${key}`);
  const count = Math.max(values.length, shadow.length);
  const shown = el.choice ? `${el.name}[x]` : el.name;
  if (count < el.min) {
    ctx.issues.push(issue('error', 'required', `${rule(profile, `min cardinality ${el.min}`, el.id)}: found ${count}`, `${parentPath}.${key === '' ? shown : key}`));
  }
  if (count > el.max) {
    ctx.issues.push(issue('error', 'structure', `${rule(profile, `max cardinality ${el.max}`, el.id)}: found ${count}`, `${parentPath}.${key === '' ? shown : key}`));
  }
  if (count === 0) {
    if (el.slicing !== undefined) checkSlices(profile, el, [], [], ctx, `${parentPath}.${shown}`);
    return;
  }
  const array = Array.isArray(raw) || (raw === undefined && Array.isArray(parent[`_${key}`]));
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = array ? `${parentPath}.${key}[${i}]` : `${parentPath}.${key}`;
    paths.push(path);
    checkValue(profile, el, values[i], path, suffix, ctx);
  }
  if (el.slicing !== undefined) checkSlices(profile, el, values, paths, ctx, `${parentPath}.${key}`);
}

/** Whether `value` is in `slice`; undefined when a binding discriminator cannot be decided here (value set unknown). */
function sliceMatches(slice: SlicePlan, value: unknown, validateCode: CodeValidator | undefined): boolean | undefined {
  let undecided = false;
  for (const m of slice.matchers) {
    const found = m.path.length === 0 ? [value] : valuesAtPath(value, m.path);
    switch (m.kind) {
      case 'fixed':
        if (!found.some((v) => deepEqual(v, m.value))) return false;
        break;
      case 'pattern':
        if (!found.some((v) => matchesPattern(v, m.value))) return false;
        break;
      case 'exists':
        if (found.length === 0) return false;
        break;
      case 'absent':
        if (found.length > 0) return false;
        break;
      case 'binding': {
        const vs = String(m.value);
        const coded = codedValues(m.typeCode, value) ?? [];
        const answers = validateCode === undefined ? [] : coded.map((c) => validateCode(vs, c));
        if (answers.includes(true)) break;
        if (coded.length === 0 || !(validateCode === undefined || answers.includes(undefined))) return false;
        undecided = true;
        break;
      }
      default:
        m.kind satisfies never;
    }
  }
  return undecided ? undefined : true;
}

/** Assigns each value to its first matching slice; checks slice cardinality, closed slicing and slice rules. */
function checkSlices(profile: string, el: ElementPlan, values: readonly unknown[], paths: readonly string[], ctx: WalkContext, at: string): void {
  const slicing = el.slicing;
  if (slicing === undefined) return;
  const counts = new Array<number>(slicing.slices.length).fill(0);
  // Values that may belong to a slice whose required-binding discriminator could not be checked
  // (value set unknown to the terminology service): that slice's minimum is then not asserted.
  const undecided = new Array<number>(slicing.slices.length).fill(0);
  values.forEach((v, i) => {
    const s = slicing.slices.findIndex((slice, k) => {
      const m = sliceMatches(slice, v, ctx.validateCode);
      if (m === undefined) undecided[k] = (undecided[k] ?? 0) + 1;
      return m === true;
    });
    const path = paths[i] ?? at;
    if (s < 0) {
      if (slicing.rules === 'closed') ctx.issues.push(issue('error', 'structure', `${rule(profile, 'closed slicing', el.id)}: the value matches no slice`, path));
      return;
    }
    counts[s] = (counts[s] ?? 0) + 1;
    const slice = slicing.slices[s];
    if (slice !== undefined) checkValue(profile, slice.element, v, path, undefined, ctx);
  });
  slicing.slices.forEach((slice, s) => {
    const n = counts[s] ?? 0;
    if (n < slice.element.min && (undecided[s] ?? 0) > 0) {
      ctx.issues.push(issue('warning', 'not-supported', `${rule(profile, `min cardinality ${slice.element.min}`, slice.element.id)}: slice not checked (its value set is unknown here)`, at));
    } else if (n < slice.element.min) {
      ctx.issues.push(issue('error', 'required', `${rule(profile, `min cardinality ${slice.element.min}`, slice.element.id)}: found ${n}`, at));
    }
    if (n > slice.element.max) ctx.issues.push(issue('error', 'structure', `${rule(profile, `max cardinality ${slice.element.max}`, slice.element.id)}: found ${n}`, at));
  });
}
