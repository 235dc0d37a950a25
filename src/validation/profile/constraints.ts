/**
 * Invariants (ElementDefinition.constraint) compiled once with the `fhirpath` engine and the R4 model.
 * https://hl7.org/fhir/R4/conformance-rules.html#constraints
 *
 * Not evaluated (recorded in the plan's `skipped`): `ele-1` (the JSON schema already rejects empty
 * elements), expressions using functions the engine cannot run synchronously (`conformsTo`, `memberOf`,
 * `resolve`), and the `dom-3` form of `%resource.descendants().as(...)`, which the engine rejects
 * ("Expected singleton on left side of 'as'"). `ext-1` is checked natively (it runs on every extension), and so are expressions in the subset of
 * `fhirpath-lite.ts` (paths, exists / empty / not / where, = and !=, boolean logic) unless `native` is false.
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import type { ElementDefinitionConstraint } from 'fhir/r4.js';
import { compileLite } from './fhirpath-lite.js';
import type { ConstraintPlan } from './types.js';
import { isObject, valuesAtPath } from './values.js';

const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
  [/\bconformsTo\s*\(/, 'conformsTo() is not implemented by the fhirpath engine'],
  [/\bmemberOf\s*\(/, 'memberOf() needs an asynchronous terminology call; bindings are checked instead'],
  [/\bresolve\s*\(\s*\)/, 'resolve() needs the referenced resources'],
  [/%resource\.descendants\(\)\.as\(/, "the fhirpath engine rejects descendants().as(type) on a collection (dom-3)"],
];

/** Keys not evaluated at all (covered elsewhere). */
const COVERED: ReadonlyMap<string, string> = new Map([['ele-1', 'covered by the JSON schema (no empty elements)']]);

/** Why a constraint is not evaluated, or undefined when it is. */
export function skipReason(c: ElementDefinitionConstraint): string | undefined {
  const covered = COVERED.get(c.key);
  if (covered !== undefined) return covered;
  if (c.expression === undefined || c.expression.trim() === '') return 'no FHIRPath expression';
  return UNSUPPORTED.find(([re]) => re.test(c.expression ?? ''))?.[1];
}

/** `ext-1`: "Must have either extensions or value[x], not both". */
function ext1(value: unknown): unknown[] {
  if (!isObject(value)) return [true];
  const hasExtension = Array.isArray(value['extension']) && value['extension'].length > 0;
  let hasValue = false;
  for (const k in value) {
    if (k.length > 5 && k.startsWith('value') && k.charCodeAt(5) < 91) {
      hasValue = true;
      break;
    }
  }
  return [hasExtension !== hasValue];
}

/** `a.b.exists()` / `a.b.empty()` over plain properties (dom-6 and the like): walked without the engine. */
const SIMPLE = /^((?:`?[a-z][A-Za-z0-9]*`?)(?:\.`?[a-z][A-Za-z0-9]*`?)*)\.(exists|empty)\(\)$/;

function simplePath(expression: string): ((value: unknown) => unknown[]) | undefined {
  const m = SIMPLE.exec(expression.trim());
  if (m === null || m[1] === undefined) return undefined;
  const path = m[1].replaceAll('`', '').split('.');
  const exists = m[2] === 'exists';
  return (value) => [(valuesAtPath(value, path).length > 0) === exists];
}

type Compiled = (value: unknown, env: Record<string, unknown>) => unknown[];
const model = r4 as unknown as Parameters<typeof fhirpath.compile>[1];

/**
 * Compiles `c` for elements at `path` (FHIRPath base path of the value, e.g. `Patient.name` or
 * `Observation.effectiveDateTime` for one type of a choice).
 */
export function compileConstraint(c: ElementDefinitionConstraint, path: string, native = true): ConstraintPlan {
  const expression = c.expression ?? '';
  const base = { key: c.key, severity: c.severity, human: c.human, expression };
  if (c.key === 'ext-1' && expression.replace(/\s+/g, ' ') === 'extension.exists() != value.exists()') {
    return { ...base, evaluate: ext1, needsContained: false };
  }
  const simple = native ? simplePath(expression) ?? compileLite(expression) : undefined;
  const needsContained = /^\s*contained\b/.test(expression) && !/\bor\b|\bimplies\b/.test(expression);
  if (simple !== undefined) return { ...base, evaluate: simple, needsContained };
  const fn = fhirpath.compile({ base: path, expression }, model, { resolveInternalTypes: false }) as unknown as Compiled;
  return {
    ...base,
    evaluate: (value, resource) => fn(value, { resource, rootResource: resource }),
    needsContained,
  };
}

/** A constraint result passes unless it is exactly `false` (an empty result is not a failure). */
export function passed(result: readonly unknown[]): boolean {
  if (result.length !== 1) return true;
  const v = result[0];
  return !(v === false || (isObject(v) && 'data' in v && v['data'] === false));
}
