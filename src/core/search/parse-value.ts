/**
 * Parsing one search value (one item of a comma list) by parameter type and modifier into the AST.
 * https://hl7.org/fhir/R4/search.html#ptypes
 */
import { parseFhirDate } from '../fhir-date.js';
import { badRequest } from '../outcomes.js';
import { decimalRange } from './decimal-range.js';
import { splitEscaped, unescapeValue } from './parse-escape.js';
import { parseReference } from './reference.js';
import { foldText } from './text-fold.js';
import type { SearchModifier, SearchParamDef, SearchParamType, SearchPrefix, SearchValue } from './types.js';
import { toCanonicalUcum, UCUM_SYSTEM } from './ucum.js';

const PREFIX_RE = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=[-+.\d])/;

/** What a value parser needs besides the text. */
export interface ValueContext {
  /** The parameter name as written, for error locations. */
  readonly name: string;
  readonly def: SearchParamDef;
  readonly modifier: SearchModifier | undefined;
  /** For `:[type]` on a reference: the type. */
  readonly targetType: string | undefined;
  /** Resolves a composite component's definition. */
  readonly component: (code: string) => SearchParamDef | undefined;
}

function prefixed(text: string): { prefix: SearchPrefix; rest: string } {
  const m = PREFIX_RE.exec(text);
  return m?.[1] ? { prefix: m[1] as SearchPrefix, rest: text.slice(2) } : { prefix: 'eq', rest: text };
}

function orUndefined(s: string | undefined): string | undefined {
  return s === undefined || s.length === 0 ? undefined : unescapeValue(s);
}

/** Parses one value (escapes still in place) for `ctx.def`. */
export function parseValue(raw: string, ctx: ValueContext): SearchValue {
  if (ctx.modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badRequest(`${ctx.name}: :missing takes true or false, not '${raw}'`, ctx.name);
    return { kind: 'missing', missing: raw === 'true' };
  }
  return parseTyped(raw, ctx.def.type, ctx);
}

function parseTyped(raw: string, type: SearchParamType, ctx: ValueContext): SearchValue {
  const fail = (what: string): never => {
    throw badRequest(`${ctx.name}: invalid ${what} '${unescapeValue(raw)}'`, ctx.name);
  };
  switch (type) {
    case 'string':
      return { kind: 'string', value: ctx.modifier === 'exact' ? unescapeValue(raw) : foldText(unescapeValue(raw)) };
    case 'uri':
      return { kind: 'uri', value: unescapeValue(raw) };
    case 'token':
      return parseToken(raw, ctx, fail);
    case 'date': {
      const { prefix, rest } = prefixed(raw);
      const range = parseFhirDate(rest, { allowMinutes: true });
      return range ? { kind: 'date', prefix, low: range.low, high: range.high } : fail('date');
    }
    case 'number': {
      const { prefix, rest } = prefixed(raw);
      const range = decimalRange(rest);
      return range ? { kind: 'number', prefix, ...range } : fail('number');
    }
    case 'quantity':
      return parseQuantity(raw, fail);
    case 'reference':
      return parseReferenceValue(raw, ctx, fail);
    case 'composite':
      return parseComposite(raw, ctx, fail);
    case 'special':
      throw badRequest(`${ctx.name}: parameter is not supported`, ctx.name);
    default:
      return type satisfies never;
  }
}

function parseToken(raw: string, ctx: ValueContext, fail: (what: string) => never): SearchValue {
  switch (ctx.modifier) {
    case 'text':
      return { kind: 'string', value: foldText(unescapeValue(raw)) };
    case 'in':
    case 'not-in':
      return { kind: 'uri', value: unescapeValue(raw) };
    case 'of-type': {
      const parts = splitEscaped(raw, '|');
      const [typeSystem, typeCode, value] = parts.map(unescapeValue);
      if (parts.length !== 3 || !typeSystem || !typeCode || !value) return fail('of-type value (expected system|code|value)');
      return { kind: 'of-type', typeSystem, typeCode, value };
    }
    default: {
      const parts = splitEscaped(raw, '|');
      if (parts.length === 1) return { kind: 'token', system: undefined, code: orUndefined(parts[0]), noSystem: false };
      if (parts.length !== 2) return fail('token (expected [system]|[code])');
      const system = orUndefined(parts[0]);
      const code = orUndefined(parts[1]);
      if (system === undefined && code === undefined) return fail('token');
      return { kind: 'token', system, code, noSystem: system === undefined };
    }
  }
}

function parseQuantity(raw: string, fail: (what: string) => never): SearchValue {
  const parts = splitEscaped(raw, '|');
  if (parts.length !== 1 && parts.length !== 3) return fail('quantity (expected number[|system|code])');
  const { prefix, rest } = prefixed(parts[0] ?? '');
  const range = decimalRange(rest);
  if (!range) return fail('quantity');
  const system = orUndefined(parts[1]);
  const code = orUndefined(parts[2]);
  const ucum = code !== undefined && (system === undefined || system === UCUM_SYSTEM);
  const canonical = ucum ? toCanonicalUcum(range.value, code) : undefined;
  const low = canonical && code ? toCanonicalUcum(range.low, code) : undefined;
  const high = canonical && code ? toCanonicalUcum(range.high, code) : undefined;
  return {
    kind: 'quantity', prefix, ...range, system, code,
    canonicalValue: canonical?.value, canonicalLow: low?.value, canonicalHigh: high?.value, canonicalCode: canonical?.code,
  };
}

function parseReferenceValue(raw: string, ctx: ValueContext, fail: (what: string) => never): SearchValue {
  const text = unescapeValue(raw);
  if (text.length === 0) return fail('reference');
  if (ctx.modifier === 'identifier') {
    const parts = splitEscaped(raw, '|');
    if (parts.length > 2) return fail('identifier (expected [system|]value)');
    return parts.length === 1
      ? { kind: 'identifier', system: undefined, value: orUndefined(parts[0]) }
      : { kind: 'identifier', system: orUndefined(parts[0]), value: orUndefined(parts[1]) };
  }
  if (ctx.modifier === 'above' || ctx.modifier === 'below') return { kind: 'uri', value: text };
  if (!text.includes('/')) {
    // A bare id: typed by the `:[type]` modifier, or by the param's only target.
    const type = ctx.targetType ?? (ctx.def.target.length === 1 ? ctx.def.target[0] : undefined);
    return type ? { kind: 'reference', ref: `${type}/${text}`, targetType: type, targetId: text } : { kind: 'reference', ref: text, targetType: undefined, targetId: text };
  }
  const parsed = parseReference(text);
  if (ctx.targetType !== undefined && parsed.targetType !== undefined && parsed.targetType !== ctx.targetType) {
    return fail(`reference for :${ctx.targetType}`);
  }
  return { kind: 'reference', ...parsed };
}

function parseComposite(raw: string, ctx: ValueContext, fail: (what: string) => never): SearchValue {
  const parts = splitEscaped(raw, '$');
  const components = ctx.def.components;
  if (parts.length !== components.length) return fail(`composite value (expected ${components.length} parts separated by $)`);
  return {
    kind: 'composite',
    components: components.map((c, i) => {
      const def = ctx.component(c.param);
      if (!def || def.type === 'composite') return fail('composite definition');
      return parseTyped(parts[i] ?? '', def.type, { ...ctx, def, modifier: undefined, targetType: undefined });
    }),
  };
}
