/**
 * The StructureDefinition profile validator: knows a set of profiles (by canonical url), compiles each
 * snapshot once on first use and validates resources against it.
 * https://hl7.org/fhir/R4/validation.html#profile and https://hl7.org/fhir/R4/profiling.html
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationOutcomeIssue, StructureDefinition } from 'fhir/r4.js';
import { issue } from '../../core/outcomes.js';
import { compileProfile } from './plan.js';
import type { CodeValidator, ProfilePlan, ProfileValidator } from './types.js';
import { walkProfile } from './walk.js';

/** Options of `createProfileValidator`. */
export interface ProfileValidatorOptions {
  /** StructureDefinitions with snapshots (constraint profiles and extension definitions). */
  readonly profiles: readonly StructureDefinition[];
  /** Value-set membership for required / extensible bindings; absent: bindings are not checked (warnings). */
  readonly validateCode?: CodeValidator;
  /** Run invariants in the fhirpath-lite subset natively (default true; false: all on the fhirpath engine). */
  readonly nativeFhirPath?: boolean;
}

/** Reads every StructureDefinition with a snapshot from `dir` (`*.json`, not recursive). */
export function loadProfileDefinitions(dir: string): StructureDefinition[] {
  const out: StructureDefinition[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const parsed: unknown = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const sd = parsed as Partial<StructureDefinition>;
    if (sd.resourceType === 'StructureDefinition' && typeof sd.url === 'string' && sd.snapshot !== undefined) out.push(sd as StructureDefinition);
  }
  return out;
}

/** Strips `|version` from a canonical. */
const unversioned = (url: string): string => {
  const bar = url.indexOf('|');
  return bar < 0 ? url : url.slice(0, bar);
};

/** Creates the validator over `options.profiles`. */
export function createProfileValidator(options: ProfileValidatorOptions): ProfileValidator & { plan(url: string): ProfilePlan | undefined } {
  const definitions = new Map(options.profiles.map((sd) => [sd.url, sd]));
  const plans = new Map<string, ProfilePlan>();
  const plan = (url: string): ProfilePlan | undefined => {
    const key = unversioned(url);
    let p = plans.get(key);
    if (p === undefined) {
      const sd = definitions.get(key);
      if (sd === undefined) return undefined;
      p = compileProfile(sd, options.nativeFhirPath ?? true);
      plans.set(key, p);
    }
    return p;
  };
  return {
    profiles: [...definitions.keys()],
    has: (url) => definitions.has(unversioned(url)),
    plan,
    validate(resource, url): OperationOutcomeIssue[] {
      const p = plan(url);
      if (p === undefined) {
        return [issue('warning', 'not-supported', `Profile ${url} is not known here; validated against the base R4 definitions only`)];
      }
      const issues: OperationOutcomeIssue[] = [];
      walkProfile(p, { resource, issues, validateCode: options.validateCode, planOf: plan, depth: 0 });
      return dedupe(issues);
    },
  };
}

/** Drops repeated issues (a slice re-checks the rules of the element it slices). */
function dedupe(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  if (issues.length < 2) return issues;
  const seen = new Set<string>();
  return issues.filter((i) => {
    const d = i.diagnostics ?? '';
    const open = d.indexOf(' (');
    const close = open < 0 ? -1 : d.indexOf(')', open);
    const key = `${i.severity}|${i.expression?.[0] ?? ''}|${close < 0 ? d : d.slice(0, open) + d.slice(close + 1)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
