/**
 * Compiles a SearchParameter FHIRPath expression into an evaluator. Simple dotted paths, `as` / `.as()`
 * on choice elements and `.where(resolve() is T)` become direct property walks (the hot path at write
 * time); anything else runs through the compiled `fhirpath` engine with the R4 model.
 * https://hl7.org/fhir/R4/fhirpath.html and https://hl7.org/fhirpath/
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { parseReference } from './reference.js';
import { splitUnion } from './registry.js';

/** Evaluates an expression against a resource (or, for relative ones, an element). */
export type Evaluator = (node: unknown) => unknown[];

const choicePaths: Readonly<Record<string, readonly string[] | undefined>> = r4.choiceTypePaths;
const IDENT = /^[A-Za-z][A-Za-z0-9]*/;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const path2Type: Readonly<Record<string, unknown>> = r4.path2Type;
const definedElsewhere: Readonly<Record<string, string | undefined>> = r4.pathsDefinedElsewhere;

/** The path to continue from after `full`: its datatype (`UsageContext`) when complex, else itself. */
function elementContext(full: string): string {
  const t = path2Type[full];
  const code = typeof t === 'string' ? t : typeof t === 'object' && t !== null ? (t as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[A-Z]/.test(code) && code !== 'BackboneElement' && code !== 'Element') return code;
  return definedElsewhere[full] ?? full;
}

/** One step of a direct walk. */
type Step =
  | { readonly kind: 'props'; readonly keys: readonly string[] }
  | { readonly kind: 'eq'; readonly key: string; readonly value: string }
  | { readonly kind: 'refType'; readonly type: string };

/**
 * Parses the FHIRPath subset walked directly: `[(]Type.a.b[ as T)]` followed by `.c`, `.as(T)`,
 * `.ofType(T)` on choice elements, `.where(x='lit')` and `.where(resolve() is T)`. `undefined` when
 * the expression needs the engine.
 */
export function parseDirectPath(part: string, resourceType: string, rel: Relative | undefined): Step[] | undefined {
  let rest = part.trim();
  let wrapped = false;
  if (rest.startsWith('(')) {
    wrapped = true;
    rest = rest.slice(1);
  }
  const steps: Step[] = [];
  let path = rel ? rel.context : resourceType;
  const first = IDENT.exec(rest)?.[0];
  if (first === undefined) return undefined;
  if (!rel && /^[A-Z]/.test(first)) rest = rest.slice(first.length);
  else rest = '.' + rest;
  /** Appends a property step, expanding choice elements (`value` → `valueQuantity`, ...). */
  const prop = (name: string): void => {
    const full = path === undefined ? undefined : `${path}.${name}`;
    const choices = full === undefined ? undefined : choicePaths[full];
    steps.push({ kind: 'props', keys: choices ? choices.map((t) => name + t) : [name] });
    path = full === undefined ? undefined : elementContext(full);
  };
  /** Narrows the last step to one choice type; false when it was not a choice element. */
  const asType = (type: string): boolean => {
    const last = steps[steps.length - 1];
    if (last?.kind !== 'props') return false;
    if (path === undefined) {
      // Unknown context (a relative composite component): in R4 `as` is only used on choice elements.
      if (last.keys.length !== 1 || last.keys[0] === undefined) return false;
      steps[steps.length - 1] = { kind: 'props', keys: [last.keys[0] + capitalize(type)] };
      path = type;
      return true;
    }
    const name = path.slice(path.lastIndexOf('.') + 1);
    if (last.keys.length < 2) return false;
    const key = name + capitalize(type);
    if (!last.keys.includes(key)) return false;
    steps[steps.length - 1] = { kind: 'props', keys: [key] };
    path = type;
    return true;
  };
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if (wrapped && (m = /^ as ([A-Za-z]+)\)/.exec(rest))) {
      if (!asType(m[1] ?? '')) return undefined;
      wrapped = false;
    } else if ((m = /^\.(?:as|ofType)\(([A-Za-z]+)\)/.exec(rest))) {
      if (!asType(m[1] ?? '')) return undefined;
    } else if ((m = /^\.where\(resolve\(\) is ([A-Z][A-Za-z]+)\)/.exec(rest))) {
      steps.push({ kind: 'refType', type: m[1] ?? '' });
    } else if ((m = /^\.where\(([a-z][A-Za-z]*) ?= ?'([^'\\]*)'\)/.exec(rest))) {
      steps.push({ kind: 'eq', key: m[1] ?? '', value: m[2] ?? '' });
    } else if ((m = /^\.([a-z][A-Za-z0-9]*)/.exec(rest))) {
      prop(m[1] ?? '');
    } else return undefined;
    rest = rest.slice(m[0].length);
  }
  return wrapped ? undefined : steps;
}

function applyStep(step: Step, nodes: readonly unknown[]): unknown[] {
  const next: unknown[] = [];
  for (const n of nodes) {
    if (typeof n !== 'object' || n === null) continue;
    const rec = n as Record<string, unknown>;
    if (step.kind === 'eq') {
      if (rec[step.key] === step.value) next.push(n);
    } else if (step.kind === 'refType') {
      if (referencesType(rec, step.type)) next.push(n);
    } else {
      for (const k of step.keys) {
        const v = rec[k];
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) {
          for (const x of v) if (x !== undefined && x !== null) next.push(x);
        } else next.push(v);
      }
    }
  }
  return next;
}

function walker(steps: readonly Step[]): Evaluator {
  if (steps.length === 0) return (node) => [node]; // `Observation` itself (combo composites)
  return (root) => {
    let nodes: unknown[] = [root];
    for (const step of steps) {
      nodes = applyStep(step, nodes);
      if (nodes.length === 0) break;
    }
    return nodes;
  };
}

function fhirpathEvaluator(expression: string, base: string | undefined): Evaluator {
  const compiled = fhirpath.compile(base === undefined ? expression : { base, expression }, r4);
  return (node) => {
    const result: unknown = compiled(node);
    return Array.isArray(result) ? (result as unknown[]) : [];
  };
}

/** Where a relative expression starts: the FHIR path of its node, when known (for choice elements). */
export interface Relative {
  readonly context: string | undefined;
}

/** True when an expression alternative becomes a direct walk rather than a FHIRPath evaluation. */
export function isDirectPath(part: string, resourceType: string): boolean {
  return parseDirectPath(part, resourceType, undefined) !== undefined;
}

/** Hand-written equivalents of the few R4 expressions outside the direct subset that sit on hot types. */
const OVERRIDES: Readonly<Record<string, Evaluator>> = {
  'Patient.deceased.exists() and Patient.deceased != false': (node) => {
    const p = node as { deceasedBoolean?: unknown; deceasedDateTime?: unknown };
    return [p.deceasedBoolean === true || typeof p.deceasedDateTime === 'string'];
  },
};

function compilePart(part: string, resourceType: string, rel: Relative | undefined): Evaluator {
  const override = rel ? undefined : OVERRIDES[part];
  if (override) return override;
  const steps = parseDirectPath(part, resourceType, rel);
  return steps ? walker(steps) : fhirpathEvaluator(part, rel ? rel.context : undefined);
}

/** True when a Reference (or resolved resource) points at a resource of `type`. */
function referencesType(value: unknown, type: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.reference === 'string') return parseReference(v.reference).targetType === type;
  return v.type === type;
}

/**
 * Compiles `expression` (alternatives separated by `|`) for resources of `resourceType`. With `relative`
 * the expression runs on an element whose FHIR path is `relative.context` (e.g. `Observation.component`).
 */
export function compileExpression(expression: string, resourceType: string, relative?: Relative): Evaluator {
  const parts = splitUnion(expression).map((p) => compilePart(p, resourceType, relative));
  if (parts.length === 1 && parts[0]) return parts[0];
  return (node) => parts.flatMap((p) => p(node));
}
