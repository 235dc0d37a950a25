/**
 * `ValueSet.compose.include.filter` → a predicate over a CodeSystem's concepts. Operators: `=`, is-a,
 * descendent-of, is-not-a, regex, in, not-in, generalizes, exists.
 * https://hl7.org/fhir/R4/valueset-definitions.html#ValueSet.compose.include.filter
 */
import type { ValueSetComposeIncludeFilter } from 'fhir/r4.js';
import { badRequest } from '../../core/outcomes.js';
import type { CodeSystemIndex, ConceptNode } from './code-system-index.js';

/** A compiled filter. */
export type ConceptPredicate = (node: ConceptNode) => boolean;

/** The values of property `property` on `node` (`code`, `display`, `parent`, `child` built in), as strings. */
function propertyValues(node: ConceptNode, property: string): string[] {
  switch (property) {
    case 'code': return [node.code];
    case 'display': return node.display === undefined ? [] : [node.display];
    case 'parent': return node.parents;
    case 'child': return node.children;
    default: break;
  }
  const out: string[] = [];
  for (const p of node.properties) {
    if (p.code !== property) continue;
    const v = p.valueCode ?? p.valueString ?? p.valueCoding?.code ?? p.valueInteger ?? p.valueBoolean ?? p.valueDecimal ?? p.valueDateTime;
    if (v !== undefined) out.push(String(v));
  }
  return out;
}

/** Compiles one filter against `index`; throws 'invalid' for an unknown operator or a bad regex. */
export function compileFilter(filter: ValueSetComposeIncludeFilter, index: CodeSystemIndex): ConceptPredicate {
  const { property, value } = filter;
  const op = filter.op as string;
  switch (op) {
    case 'is-a': {
      const below = index.descendants(value);
      const root = index.get(value)?.code;
      return (n) => n.code === root || below.has(n.code);
    }
    case 'descendent-of': {
      const below = index.descendants(value);
      return (n) => below.has(n.code);
    }
    case 'is-not-a': {
      const below = index.descendants(value);
      const root = index.get(value)?.code;
      return (n) => n.code !== root && !below.has(n.code);
    }
    case 'generalizes': {
      const above = index.ancestors(value);
      const root = index.get(value)?.code;
      return (n) => n.code === root || above.has(n.code);
    }
    case '=': return (n) => propertyValues(n, property).includes(value);
    case 'in': {
      const set = new Set(value.split(',').map((v) => v.trim()));
      return (n) => propertyValues(n, property).some((v) => set.has(v));
    }
    case 'not-in': {
      const set = new Set(value.split(',').map((v) => v.trim()));
      return (n) => !propertyValues(n, property).some((v) => set.has(v));
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${value})$`, 'u');
      } catch {
        throw badRequest(`Invalid regex in ValueSet filter: ${value}`, 'ValueSet.compose.include.filter.value');
      }
      return (n) => propertyValues(n, property).some((v) => re.test(v));
    }
    case 'exists': {
      const want = value !== 'false';
      return (n) => (propertyValues(n, property).length > 0) === want;
    }
    default:
      throw badRequest(`Unsupported ValueSet filter operator: ${op}`, 'ValueSet.compose.include.filter.op');
  }
}
