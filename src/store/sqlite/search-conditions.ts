/**
 * Conditions for one search value against one index row (alias `a`, columns of `KindColumns`), with
 * FHIR prefix and modifier semantics. Values are always bound parameters; prefix matches use ranges
 * and `:contains` / `:text` use instr(), so `%` and `_` in values are literal.
 * https://hl7.org/fhir/R4/search.html#prefix and #modifiers
 */
import { badRequest, fail } from '../../core/outcomes.js';
import { isAbsoluteReference } from '../../core/search/reference.js';
import { foldText } from '../../core/search/text-fold.js';
import type { SearchModifier, SearchParamDef, SearchPrefix, SearchValue } from '../../core/search/types.js';
import type { KindColumns } from './columns.js';
import { and, frag, type Frag, MAX_CHAR, or, TRUE } from './sql-fragment.js';

type Value<K extends SearchValue['kind']> = Extract<SearchValue, { kind: K }>;

/** A clear 400 for features this store does not implement yet. */
export function notSupported(what: string): Error {
  return fail('invalid', `Not supported: ${what}`, undefined, 'not-supported');
}

/**
 * Range comparison between the target range [tl, th] (column expressions) and the search range
 * [sl, sh]. https://hl7.org/fhir/R4/search.html#prefix
 */
export function rangeCondition(tl: string, th: string, prefix: SearchPrefix, sl: number, sh: number): Frag {
  switch (prefix) {
    case 'eq':
      return frag(`${tl} >= ? AND ${th} <= ?`, sl, sh);
    case 'ne':
      return frag(`NOT (${tl} >= ? AND ${th} <= ?)`, sl, sh);
    case 'gt':
      return frag(`${th} > ?`, sh);
    case 'lt':
      return frag(`${tl} < ?`, sl);
    case 'ge':
      return frag(`(${th} > ? OR (${tl} >= ? AND ${th} <= ?))`, sh, sl, sh);
    case 'le':
      return frag(`(${tl} < ? OR (${tl} >= ? AND ${th} <= ?))`, sl, sl, sh);
    case 'sa':
      return frag(`${tl} > ?`, sh);
    case 'eb':
      return frag(`${th} < ?`, sl);
    case 'ap': {
      // Approximately: overlaps the search range widened by 10% of its width (at least a day for dates).
      const d = Math.max((sh - sl) * 0.1, Math.abs(sl) < 1e11 ? Math.abs(sl) * 0.1 : 86_400_000);
      return frag(`${tl} <= ? AND ${th} >= ?`, sh + d, sl - d);
    }
    default:
      return prefix satisfies never;
  }
}

/** Point comparison for number and quantity values (`v` against the search value's precision range). */
export function pointCondition(v: string, prefix: SearchPrefix, value: number, low: number, high: number): Frag {
  switch (prefix) {
    // The search value's precision range is [low, high) (`100` = [99.5, 100.5)); a point range is exact.
    case 'eq':
      return low === high ? frag(`${v} = ?`, value) : frag(`${v} >= ? AND ${v} < ?`, low, high);
    case 'ne':
      return low === high ? frag(`${v} <> ?`, value) : frag(`NOT (${v} >= ? AND ${v} < ?)`, low, high);
    case 'gt':
      return frag(`${v} > ?`, value);
    case 'lt':
      return frag(`${v} < ?`, value);
    case 'ge':
      return frag(`${v} >= ?`, value);
    case 'le':
      return frag(`${v} <= ?`, value);
    case 'sa':
      return frag(`${v} > ?`, high);
    case 'eb':
      return frag(`${v} < ?`, low);
    case 'ap': {
      const d = Math.max(Math.abs(value) * 0.1, high - value);
      return frag(`${v} >= ? AND ${v} <= ?`, value - d, value + d);
    }
    default:
      return prefix satisfies never;
  }
}

/** `col` starts with `prefix` (index-friendly range; empty prefix matches anything). */
export function startsWith(col: string, prefix: string): Frag {
  return prefix === '' ? TRUE : frag(`${col} >= ? AND ${col} < ?`, prefix, prefix + MAX_CHAR);
}

function tokenCondition(a: string, c: KindColumns, v: Value<'token'>, modifier: SearchModifier | undefined): Frag {
  if (modifier === 'text') return frag(`instr(${a}.${c.text}, ?) > 0`, foldText(v.code ?? ''));
  const parts: Frag[] = [];
  if (v.code !== undefined) parts.push(frag(`${a}.${c.code} = ?`, v.code));
  if (v.system !== undefined) parts.push(frag(`${a}.${c.system} = ?`, v.system));
  else if (v.noSystem) parts.push(frag(`${a}.${c.system} = ''`));
  return and(...parts);
}

function stringCondition(a: string, c: KindColumns, value: string, modifier: SearchModifier | undefined): Frag {
  switch (modifier) {
    case 'exact':
      return frag(`${a}.${c.exact} = ?`, value);
    case 'contains':
      return frag(`instr(${a}.${c.norm}, ?) > 0`, foldText(value));
    case undefined:
      return startsWith(`${a}.${c.norm}`, foldText(value));
    default:
      throw badRequest(`Modifier :${modifier} is not valid on a string parameter`);
  }
}

function referenceCondition(a: string, c: KindColumns, param: SearchParamDef, v: Value<'reference'>, targetType: string | undefined): Frag {
  const type = v.targetType ?? targetType;
  // Only a relative value becomes `Type/id`; an absolute one is indexed (and compared) as its URL.
  const absolute = isAbsoluteReference(v.ref);
  if (!absolute && type !== undefined && v.targetId !== undefined) return frag(`${a}.${c.ref} = ?`, `${type}/${v.targetId}`);
  if (v.targetId !== undefined && v.targetType === undefined && !v.ref.includes('/')) {
    // A bare id: any of the parameter's target types.
    const refs = [v.ref, ...param.target.map((t) => `${t}/${v.targetId ?? ''}`)];
    return frag(`${a}.${c.ref} IN (${refs.map(() => '?').join(', ')})`, ...refs);
  }
  // Absolute URL or canonical: also match a versioned canonical `url|version`.
  if (!v.ref.includes('|') && absolute) {
    return or([frag(`${a}.${c.ref} = ?`, v.ref), startsWith(`${a}.${c.ref}`, `${v.ref}|`)]);
  }
  return frag(`${a}.${c.ref} = ?`, v.ref);
}

function uriCondition(a: string, c: KindColumns, value: string, modifier: SearchModifier | undefined): Frag {
  switch (modifier) {
    case 'above':
      return frag(`${a}.${c.uri} <> '' AND substr(?, 1, length(${a}.${c.uri})) = ${a}.${c.uri}`, value);
    case 'below':
      return startsWith(`${a}.${c.uri}`, value);
    case undefined:
      return frag(`${a}.${c.uri} = ?`, value);
    default:
      throw badRequest(`Modifier :${modifier} is not valid on a uri parameter`);
  }
}

function quantityCondition(a: string, c: KindColumns, v: Value<'quantity'>): Frag {
  const unit: Frag[] = [];
  if (v.code !== undefined) unit.push(frag(`${a}.${c.code} = ?`, v.code));
  if (v.system !== undefined) unit.push(frag(`${a}.${c.system} = ?`, v.system));
  const plain = and(...unit, pointCondition(`${a}.${c.value}`, v.prefix, v.value, v.low, v.high));
  if (v.canonicalCode === undefined || v.canonicalValue === undefined) return plain;
  const canonical = and(
    frag(`${a}.${c.ccode} = ?`, v.canonicalCode),
    pointCondition(`${a}.${c.cvalue}`, v.prefix, v.canonicalValue, v.canonicalLow ?? v.canonicalValue, v.canonicalHigh ?? v.canonicalValue),
  );
  return or([canonical, plain]);
}

/**
 * The condition for one non-composite, non-missing value on row alias `a`. `param` is the parameter
 * searched (for reference targets) and `modifier` / `targetType` come from the filter.
 */
export function valueCondition(
  a: string,
  c: KindColumns,
  param: SearchParamDef,
  value: SearchValue,
  modifier: SearchModifier | undefined,
  targetType: string | undefined,
): Frag {
  switch (value.kind) {
    case 'token':
      return tokenCondition(a, c, value, modifier);
    case 'of-type':
      return and(frag(`${a}.${c.code} = ?`, value.value), frag(`${a}.${c.system} = ?`, `${value.typeSystem}|${value.typeCode}`));
    case 'string':
      if (param.type === 'token' && modifier === 'text') return frag(`instr(${a}.${c.text}, ?) > 0`, foldText(value.value));
      if (param.type === 'uri') return uriCondition(a, c, value.value, modifier);
      if (param.type === 'reference') return frag(`${a}.${c.ref} = ?`, value.value);
      if (param.type === 'token') return frag(`${a}.${c.code} = ?`, value.value);
      return stringCondition(a, c, value.value, modifier);
    case 'date':
      return rangeCondition(`${a}.${c.low}`, `${a}.${c.high}`, value.prefix, value.low, value.high);
    case 'number':
      return pointCondition(`${a}.${c.value}`, value.prefix, value.value, value.low, value.high);
    case 'quantity':
      return quantityCondition(a, c, value);
    case 'reference':
      return referenceCondition(a, c, param, value, targetType);
    case 'identifier':
      // `<> ''` repeats the partial index's WHERE so the planner may use it.
      return and(
        frag(`${a}.${c.idValue} <> ''`),
        ...(value.value !== undefined ? [frag(`${a}.${c.idValue} = ?`, value.value)] : []),
        ...(value.system !== undefined ? [frag(`${a}.${c.idSystem} = ?`, value.system)] : []),
      );
    case 'uri':
      return uriCondition(a, c, value.value, modifier);
    case 'missing':
    case 'composite':
      throw badRequest(`Unexpected ${value.kind} value for ${param.code}`);
    default:
      return value satisfies never;
  }
}
