/**
 * Per-value conditions of the MongoDB search compiler: one search value becomes the conditions an index
 * array entry must meet inside `$elemMatch` (without its `p`). Search values only ever appear as literal
 * operands (`{ c: value }`, `{ $gt: value }`, `{ $in: [...] }`) or inside an escaped regex, never as keys
 * or operator objects. https://hl7.org/fhir/R4/search.html#prefix
 */
import type { Document } from 'mongodb';
import { badRequest, fail } from '../../core/outcomes.js';
import { isAbsoluteReference } from '../../core/search/reference.js';
import { foldText } from '../../core/search/text-fold.js';
import type { SearchModifier, SearchParamDef, SearchPrefix, SearchValue } from '../../core/search/types.js';

/** A clear 400 for features the store does not (yet) offer. */
export const notSupported = (what: string) => fail('invalid', `Not supported: ${what}`, undefined, 'not-supported');

/** Escapes every regex metacharacter so a search value is matched literally. */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp) && Object.keys(v).every((k) => k.startsWith('$'));

/** AND of conditions, merged into one document when fields do not clash (keeps filters index-friendly). */
export function allOf(conds: readonly Document[]): Document {
  const parts = conds.filter((c) => Object.keys(c).length > 0);
  if (parts.length <= 1) return parts[0] ?? {};
  const out: Document = {};
  for (const c of parts) {
    for (const [k, v] of Object.entries(c)) {
      const cur: unknown = out[k];
      if (cur === undefined) out[k] = v;
      else if (!k.startsWith('$') && isOperatorObject(cur) && isOperatorObject(v) && Object.keys(v).every((op) => !(op in cur))) {
        out[k] = { ...cur, ...v };
      } else return { $and: parts };
    }
  }
  return out;
}

/** OR of conditions. */
export const anyOf = (conds: readonly Document[]): Document => (conds.length === 1 && conds[0] ? conds[0] : { $or: [...conds] });

/**
 * FHIR range semantics for a search range [sl, sh] against a stored range [lo, hi] (date, or a
 * number's value when `lo` and `hi` name the same field). https://hl7.org/fhir/R4/search.html#prefix
 */
export function rangeCondition(prefix: SearchPrefix, sl: number, sh: number, lo: string, hi: string): Document {
  const contained = allOf([{ [lo]: { $gte: sl } }, { [hi]: { $lte: sh } }]);
  switch (prefix) {
    case 'eq': return contained;
    case 'ne': return { $or: [{ [lo]: { $lt: sl } }, { [hi]: { $gt: sh } }] };
    case 'gt': return { [hi]: { $gt: sh } };
    case 'lt': return { [lo]: { $lt: sl } };
    case 'ge': return { $or: [{ [hi]: { $gt: sh } }, contained] };
    case 'le': return { $or: [{ [lo]: { $lt: sl } }, contained] };
    case 'sa': return { [lo]: { $gt: sh } };
    case 'eb': return { [hi]: { $lt: sl } };
    case 'ap': {
      // Approximately: overlaps the search range widened by 10% of its width (at least a day for dates).
      const w = Math.max((sh - sl) * 0.1, Math.abs(sl) < 1e11 ? Math.abs(sl) * 0.1 : 86_400_000);
      return allOf([{ [lo]: { $lte: sh + w } }, { [hi]: { $gte: sl - w } }]);
    }
    default: return prefix satisfies never;
  }
}

/**
 * Number / quantity semantics on a single stored value: `value` against the search value's implicit
 * precision range [sl, sh) (`100` = [99.5, 100.5); a point range is exact).
 */
export function numberCondition(prefix: SearchPrefix, value: number, sl: number, sh: number, field: string): Document {
  switch (prefix) {
    case 'eq': return sl === sh ? { [field]: value } : { [field]: { $gte: sl, $lt: sh } };
    case 'ne': return sl === sh ? { [field]: { $ne: value } } : { $or: [{ [field]: { $lt: sl } }, { [field]: { $gte: sh } }] };
    case 'gt': return { [field]: { $gt: value } };
    case 'lt': return { [field]: { $lt: value } };
    case 'ge': return { [field]: { $gte: value } };
    case 'le': return { [field]: { $lte: value } };
    case 'sa': return { [field]: { $gt: sh } };
    case 'eb': return { [field]: { $lt: sl } };
    case 'ap': {
      const d = Math.max(Math.abs(value) * 0.1, sh - value);
      return { [field]: { $gte: value - d, $lte: value + d } };
    }
    default: return prefix satisfies never;
  }
}

type QuantityValue = Extract<SearchValue, { kind: 'quantity' }>;

function quantityCondition(v: QuantityValue): Document {
  const unit: Document = {};
  if (v.code !== undefined) unit['c'] = v.code;
  if (v.system !== undefined) unit['s'] = v.system;
  const raw = allOf([numberCondition(v.prefix, v.value, v.low, v.high, 'v'), unit]);
  if (v.canonicalCode === undefined || v.canonicalValue === undefined) return raw;
  const canonical = allOf([
    { cc: v.canonicalCode },
    numberCondition(v.prefix, v.canonicalValue, v.canonicalLow ?? v.canonicalValue, v.canonicalHigh ?? v.canonicalValue, 'cv'),
  ]);
  return { $or: [canonical, raw] };
}

/** Every prefix of a URI, itself included (uri `:above`: the stored URI is a prefix of the search value). */
export function uriPrefixes(uri: string): string[] {
  const out: string[] = [];
  for (let n = uri.length; n > 0; n--) out.push(uri.slice(0, n));
  return out;
}

function tokenCondition(v: Extract<SearchValue, { kind: 'token' }>): Document {
  const c: Document = {};
  if (v.system !== undefined) c['s'] = v.system;
  else if (v.noSystem) c['s'] = null; // `|code`: no system (null matches an absent field)
  if (v.code !== undefined) c['c'] = v.code;
  return c;
}

function referenceCondition(param: SearchParamDef, v: Extract<SearchValue, { kind: 'reference' }>, targetType: string | undefined): Document {
  const type = v.targetType ?? targetType;
  // Only a relative value becomes `Type/id`; an absolute one is indexed (and compared) as its URL.
  const absolute = isAbsoluteReference(v.ref);
  if (!absolute && type !== undefined && v.targetId !== undefined) return { r: `${type}/${v.targetId}` };
  if (v.targetId !== undefined && v.targetType === undefined && !v.ref.includes('/')) {
    // A bare id: any of the parameter's target types.
    return { r: { $in: [v.ref, ...param.target.map((t) => `${t}/${v.targetId ?? ''}`)] } };
  }
  // Absolute URL or canonical: also match a versioned canonical `url|version`.
  if (!v.ref.includes('|') && absolute) return { $or: [{ r: v.ref }, { r: { $regex: `^${escapeRegex(v.ref)}\\|` } }] };
  return { r: v.ref };
}

const contains = (text: string): Document => ({ $regex: escapeRegex(foldText(text)) });

function uriCondition(value: string, modifier: SearchModifier | undefined): Document {
  if (modifier === 'below') return { v: { $regex: `^${escapeRegex(value)}` } };
  if (modifier === 'above') return { v: { $in: uriPrefixes(value) } };
  if (modifier !== undefined) throw badRequest(`Modifier :${modifier} is not valid on a uri parameter`);
  return { v: value };
}

function stringCondition(param: SearchParamDef, value: string, modifier: SearchModifier | undefined): Document {
  if (param.type === 'token') return modifier === 'text' ? { t: contains(value) } : { c: value };
  if (param.type === 'uri') return uriCondition(value, modifier);
  if (param.type === 'reference') return { r: value };
  switch (modifier) {
    case 'exact': return { e: value };
    case 'contains': return { n: contains(value) };
    case undefined: return { n: { $regex: `^${escapeRegex(foldText(value))}` } };
    default: throw badRequest(`Modifier :${modifier} is not valid on a string parameter`);
  }
}

/** Resolves the definitions of a composite's components (by code, on the composite's base). */
export type ComponentResolver = (composite: SearchParamDef, index: number) => SearchParamDef | undefined;

/**
 * Conditions on one index entry of `param` for `value` under `modifier` (`:missing` and `:not` are
 * handled by the caller). `targetType` is the `:[type]` modifier's type.
 */
export function valueCondition(
  param: SearchParamDef, value: SearchValue, modifier: SearchModifier | undefined, targetType: string | undefined, components: ComponentResolver,
): Document {
  switch (value.kind) {
    case 'token':
      if (modifier === 'text') return { t: contains(value.code ?? '') };
      return tokenCondition(value);
    case 'of-type': return { y: `${value.typeSystem}|${value.typeCode}`, c: value.value };
    case 'string': return stringCondition(param, value.value, modifier);
    case 'date': return rangeCondition(value.prefix, value.low, value.high, 'lo', 'hi');
    case 'number': return numberCondition(value.prefix, value.value, value.low, value.high, 'v');
    case 'quantity': return quantityCondition(value);
    case 'reference': return referenceCondition(param, value, targetType);
    case 'identifier': {
      const c: Document = { iv: value.value ?? { $ne: null } };
      if (value.system !== undefined) c['is'] = value.system;
      return c;
    }
    case 'uri': return uriCondition(value.value, modifier);
    case 'composite': {
      if (value.components.length !== param.components.length) {
        throw badRequest(`Composite parameter ${param.code} needs ${param.components.length} components`);
      }
      return allOf(value.components.map((c, i) => prefixFields(valueCondition(components(param, i) ?? param, c, undefined, undefined, components), `c${i}`)));
    }
    case 'missing': throw badRequest(`Unexpected :missing value for ${param.code}`);
    default: return value satisfies never;
  }
}

/** Prefixes every field of a condition with `prefix.` (through `$and` / `$or` / `$nor`). */
export function prefixFields(cond: Document, prefix: string): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(cond)) {
    if (k === '$and' || k === '$or' || k === '$nor') out[k] = (v as Document[]).map((c) => prefixFields(c, prefix));
    else out[`${prefix}.${k}`] = v;
  }
  return out;
}
