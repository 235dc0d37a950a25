/**
 * Corrections applied to `fhir.schema.json` before compiling it. The schema is generated from the R4
 * definitions with a few known defects:
 * - its regular expressions use XML-Schema `\s` / `\S` (space, tab, CR, LF only); in JavaScript `\s` also
 *   matches NBSP and other Unicode spaces, so valid strings such as "a\u00a0b" were rejected;
 * - some primitive elements lack their `_element` sibling (extensions on primitives, e.g. `_baseDefinition`);
 * - Medplum adds `Reference.resource` and `OperationOutcome.issue.resource`, which are not R4.
 * https://hl7.org/fhir/R4/json.html#primitive and https://hl7.org/fhir/R4/datatypes.html#string
 */

type Definition = { properties?: Record<string, { $ref?: string; type?: string; items?: { $ref?: string } }> };

/** XML-Schema-equivalent replacements for the schema's patterns that use `\s` / `\S` (wherever they occur). */
const PATTERNS: Record<string, string> = {
  '^[ \\r\\n\\t\\S]+$': '^[\\s\\S]+$',
  '^\\S*$': '^[^ \\t\\r\\n]*$',
  '^[^\\s]+(\\s[^\\s]+)*$': '^[^ \\t\\r\\n]+([ \\t\\r\\n][^ \\t\\r\\n]+)*$',
};

/** Deep copy of `node` with every `pattern` keyword rewritten per PATTERNS. */
function fixPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixPatterns);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'pattern' && typeof v === 'string' ? (PATTERNS[v] ?? v) : fixPatterns(v);
  }
  return out;
}

const isPrimitive = (name: string): boolean => /^[a-z][A-Za-z0-9]*$/.test(name) && name !== 'xhtml';

/** Returns corrected copies of the definitions (the input is not modified). */
export function fixDefinitions(definitions: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(definitions)) {
    const def = fixPatterns(raw) as Definition;
    let fixed: Definition = def;
    if (def.properties !== undefined) {
      const props = { ...def.properties };
      for (const [prop, schema] of Object.entries(def.properties)) {
        if (prop.startsWith('_') || prop === 'id' || prop === 'resourceType' || (name === 'Extension' && prop === 'url')) continue;
        const ref = schema.$ref ?? schema.items?.$ref;
        const target = ref?.replace('#/definitions/', '');
        if (target === undefined || !isPrimitive(target) || props[`_${prop}`] !== undefined) continue;
        props[`_${prop}`] = schema.type === 'array' ? { type: 'array', items: { $ref: '#/definitions/Element' } } : { $ref: '#/definitions/Element' };
      }
      if (name === 'Reference' || name === 'OperationOutcome_Issue') delete props['resource'];
      fixed = { ...fixed, properties: props };
    }
    out[name] = fixed;
  }
  return out;
}
