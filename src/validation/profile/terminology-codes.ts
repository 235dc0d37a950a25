/**
 * A CodeValidator over a terminology service's synchronous ValueSet/$validate-code
 * (`validateInValueSetNow` of the local service). https://hl7.org/fhir/R4/valueset-operation-validate-code.html
 *
 * A `code` element carries no system: it is tried in each code system the value set includes.
 * An unknown value set or code system answers undefined (the binding is then reported as not checked).
 */
import type { ValueSet } from 'fhir/r4.js';
import type { ValidateCodeResult, ValueSetValidateRequest } from '../../ports/terminology-service.js';
import type { CodedValue, CodeValidator } from './types.js';

/** What the adapter needs of a terminology service (LocalTerminologyService has it). */
export interface SyncValueSetTerminology {
  validateInValueSetNow(req: ValueSetValidateRequest): ValidateCodeResult;
  readonly content: {
    resolve(type: 'ValueSet', canonical: string): ValueSet | undefined;
    /** Bumped on every content change; answers cached under an older generation are dropped. */
    readonly generation?: number;
  };
}

/** Most cached answers kept (codes come from the resources validated: stay bounded). */
const MAX_CACHED = 20_000;

function includedSystems(vs: ValueSet): string[] {
  const systems = new Set<string>();
  for (const inc of vs.compose?.include ?? []) if (inc.system !== undefined) systems.add(inc.system);
  for (const c of vs.expansion?.contains ?? []) if (c.system !== undefined) systems.add(c.system);
  return [...systems];
}

/** The CodeValidator of `terminology` (bindings of the profile validator go through it). */
export function codeValidatorFromTerminology(terminology: SyncValueSetTerminology): CodeValidator {
  const systems = new WeakMap<ValueSet, string[]>();
  // The same few codes (gender, telecom system, ...) come back in every resource: answers are cached
  // per content generation, so an edited ValueSet or CodeSystem is seen at once.
  const cache = new Map<string, boolean | undefined>();
  let generation = terminology.content.generation;
  return (valueSetUrl, value) => {
    const now = terminology.content.generation;
    if (now !== generation || cache.size >= MAX_CACHED) {
      cache.clear();
      generation = now;
    }
    const key = `${valueSetUrl}\n${value.system ?? ''}\n${value.code}`;
    if (cache.has(key)) return cache.get(key);
    const answer = check(valueSetUrl, value);
    cache.set(key, answer);
    return answer;
  };

  function check(valueSetUrl: string, value: CodedValue): boolean | undefined {
    let canonical = valueSetUrl;
    let vs = terminology.content.resolve('ValueSet', canonical);
    if (vs === undefined && canonical.includes('|')) {
      // Profiles pin core value sets to `|4.0.1`; the loaded copy may carry another version label.
      canonical = canonical.slice(0, canonical.indexOf('|'));
      vs = terminology.content.resolve('ValueSet', canonical);
    }
    if (vs === undefined) return undefined;
    let codings: ValueSetValidateRequest['codings'];
    if (value.system !== undefined) {
      codings = [{ system: value.system, code: value.code, ...(value.display !== undefined && { display: value.display }) }];
    } else {
      let list = systems.get(vs);
      if (list === undefined) systems.set(vs, (list = includedSystems(vs)));
      if (list.length === 0) return undefined;
      codings = list.map((system) => ({ system, code: value.code }));
    }
    try {
      return terminology.validateInValueSetNow({ valueSet: canonical, codings }).result;
    } catch {
      return undefined; // the value set cannot be expanded here (unknown code system, unsupported filter)
    }
  }
}
