/**
 * Turning one `name[:modifier][.chain...]=values` or `_has:Type:param:name=values` pair into a filter.
 * https://hl7.org/fhir/R4/search.html#modifiers, #chaining and #has
 */
import { badRequest } from '../outcomes.js';
import { splitEscaped } from './parse-escape.js';
import { parseValue } from './parse-value.js';
import type { SearchFilter, SearchModifier, SearchParamDef, SearchParamRegistry, SearchParamType } from './types.js';

/** Modifiers each parameter type accepts (`type` is the `:[type]` modifier). */
const ALLOWED_MODIFIERS: Record<SearchParamType, readonly SearchModifier[]> = {
  string: ['missing', 'exact', 'contains'],
  token: ['missing', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type'],
  reference: ['missing', 'type', 'identifier', 'above', 'below'],
  uri: ['missing', 'above', 'below'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  composite: ['missing'],
  special: [],
};
const MODIFIER_NAMES = new Set<string>(['missing', 'exact', 'contains', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type', 'identifier']);
const UNIVERSAL = new Set(['Resource', 'DomainResource']);

/**
 * The definition of `code` on every type in `types` (the first one is returned); on a system search
 * without `_type` (`types` empty) only the parameters of every resource qualify.
 */
export function lookupParam(registry: SearchParamRegistry, types: readonly string[], code: string, name: string): SearchParamDef {
  const missing = (): never => {
    throw badRequest(`Unknown search parameter '${code}'${types.length === 1 ? ` for ${types[0]}` : ''}`, name);
  };
  if (types.length === 0) {
    const def = registry.get(registry.resourceTypes()[0] ?? 'Resource', code);
    return def && def.base.some((b) => UNIVERSAL.has(b)) ? def : missing();
  }
  let first: SearchParamDef | undefined;
  for (const type of types) {
    const def = registry.get(type, code);
    if (!def) return missing();
    first ??= def;
  }
  return first ?? missing();
}

/** Fails when a parameter exists but cannot be searched (no expression, `special`, ...). */
function ensureSupported(def: SearchParamDef, name: string): void {
  if (def.expression === undefined || def.type === 'special') throw badRequest(`Search parameter '${def.code}' is not supported`, name);
}

/** Splits `code[:modifier]` and validates the modifier for the parameter's type. */
function withModifier(registry: SearchParamRegistry, types: readonly string[], link: string, name: string):
  { def: SearchParamDef; modifier: SearchModifier | undefined; targetType: string | undefined } {
  const colon = link.indexOf(':');
  const code = colon < 0 ? link : link.slice(0, colon);
  const mod = colon < 0 ? undefined : link.slice(colon + 1);
  const def = lookupParam(registry, types, code, name);
  ensureSupported(def, name);
  if (mod === undefined) return { def, modifier: undefined, targetType: undefined };
  let modifier: SearchModifier | undefined;
  let targetType: string | undefined;
  if (MODIFIER_NAMES.has(mod)) modifier = mod as SearchModifier;
  else if (def.type === 'reference' && registry.resourceTypes().includes(mod) && (def.target.length === 0 || def.target.includes(mod))) {
    modifier = 'type';
    targetType = mod;
  }
  const allowed = def.modifiers.length > 0 ? [...def.modifiers, 'missing'] : ALLOWED_MODIFIERS[def.type];
  if (modifier === undefined || !allowed.includes(modifier)) throw badRequest(`Unsupported modifier ':${mod}' for search parameter '${code}'`, name);
  return { def, modifier, targetType };
}

/** The type a chain continues on: the `:[type]` modifier, else the only target carrying the next parameter. */
function chainTarget(registry: SearchParamRegistry, def: SearchParamDef, typed: string | undefined, nextCode: string, name: string): string {
  if (typed !== undefined) return typed;
  const targets = def.target.length > 0 ? def.target : registry.resourceTypes();
  const candidates = targets.filter((t) => registry.get(t, nextCode) !== undefined);
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  throw badRequest(candidates.length === 0
    ? `Chained parameter '${nextCode}' does not exist on the targets of '${def.code}'`
    : `Ambiguous chain on '${def.code}': name the target type, e.g. '${def.code}:${candidates[0] ?? 'Patient'}.${nextCode}'`, name);
}

/**
 * Parses one filter `key=raw` for resources of `types`. Returns undefined when every value is empty
 * (such parameters are ignored, https://hl7.org/fhir/R4/search.html#errors).
 */
export function parseFilter(registry: SearchParamRegistry, types: readonly string[], key: string, raw: string, name = key): SearchFilter | undefined {
  if (key.startsWith('_has:')) return parseHas(registry, types, key, raw, name);
  const dot = key.indexOf('.');
  if (dot >= 0) {
    const { def, modifier, targetType } = withModifier(registry, types, key.slice(0, dot), name);
    if (def.type !== 'reference' || (modifier !== undefined && modifier !== 'type')) throw badRequest(`Only reference parameters can be chained ('${def.code}')`, name);
    const rest = key.slice(dot + 1);
    const nextCode = /^[^.:]*/.exec(rest)?.[0] ?? '';
    const target = chainTarget(registry, def, targetType, nextCode, name);
    const filter = parseFilter(registry, [target], rest, raw, name);
    return filter ? { kind: 'chain', param: def, targetType: target, filter } : undefined;
  }
  const { def, modifier, targetType } = withModifier(registry, types, key, name);
  const items = splitEscaped(raw, ',').filter((v) => v.length > 0);
  if (items.length === 0) return undefined;
  const ctx = { name, def, modifier, targetType, component: (code: string) => registry.get(types[0] ?? def.base[0] ?? '', code) };
  return { kind: 'param', param: def, modifier, targetType, values: items.map((v) => parseValue(v, ctx)) };
}

/** `_has:Observation:patient:code=x` (the rest may itself be `_has:...` or a chain). */
function parseHas(registry: SearchParamRegistry, types: readonly string[], key: string, raw: string, name: string): SearchFilter | undefined {
  const parts = key.split(':');
  const [, sourceType, refCode] = parts;
  const rest = parts.slice(3).join(':');
  if (sourceType === undefined || refCode === undefined || rest.length === 0) throw badRequest(`Malformed _has parameter (expected _has:Type:reference:parameter)`, name);
  if (!registry.resourceTypes().includes(sourceType)) throw badRequest(`Unknown resource type '${sourceType}' in _has`, name);
  const referenceParam = lookupParam(registry, [sourceType], refCode, name);
  if (referenceParam.type !== 'reference') throw badRequest(`'${refCode}' is not a reference parameter of ${sourceType}`, name);
  if (types.length > 0 && referenceParam.target.length > 0 && !types.some((t) => referenceParam.target.includes(t))) {
    throw badRequest(`${sourceType}.${refCode} cannot refer to ${types.join(', ')}`, name);
  }
  const filter = parseFilter(registry, [sourceType], rest, raw, name);
  return filter ? { kind: 'has', sourceType, referenceParam, filter } : undefined;
}
