/**
 * Token search modifiers that need terminology: `:in` / `:not-in` (a ValueSet url) and `:below` /
 * `:above` (a `system|code`, by subsumption) are rewritten, before the store sees the request, into
 * plain token OR-lists: the ValueSet's expansion, or the code with its descendants (is-a) / ancestors
 * (generalizes). `:not-in` becomes `:not` over the expansion, so both store adapters answer alike.
 * More than `maxCodes` codes is a 400 `too-costly`. https://hl7.org/fhir/R4/search.html#token
 */
import type { ValueSet } from 'fhir/r4.js';
import { badRequest, fail, isOperationOutcomeError } from '../core/outcomes.js';
import type { ParamFilter, SearchFilter, SearchRequest, SearchValue } from '../core/search/types.js';
import type { TerminologyService } from '../ports/terminology-service.js';

/** Most codes one modifier may expand to. */
export const MAX_MODIFIER_CODES = 1000;

type TokenValue = Extract<SearchValue, { kind: 'token' }>;

/** A token no resource carries: an `:in` over an empty expansion matches nothing. */
const NO_MATCH: TokenValue = { kind: 'token', system: 'urn:lyfeai:no-match', code: '-', noSystem: false };

const REWRITTEN = new Set(['in', 'not-in', 'below', 'above']);

/** True when a filter (or a chained / `_has` inner filter) uses a terminology modifier on a token. */
function needsTerminology(f: SearchFilter): boolean {
  if (f.kind === 'param') return f.param.type === 'token' && f.modifier !== undefined && REWRITTEN.has(f.modifier);
  return needsTerminology(f.filter);
}

/**
 * `request` with every terminology modifier on a token parameter replaced by a token OR-list (left as
 * is without a terminology service: the store then refuses it with a 400).
 */
export async function expandTerminologyModifiers(
  terminology: TerminologyService | undefined,
  request: SearchRequest,
  maxCodes = MAX_MODIFIER_CODES,
): Promise<SearchRequest> {
  if (terminology === undefined || !request.filters.some(needsTerminology)) return request;
  const filters: SearchFilter[] = [];
  for (const f of request.filters) {
    const rewritten = await rewrite(terminology, f, maxCodes);
    if (rewritten !== undefined) filters.push(rewritten);
  }
  return { ...request, filters };
}

/** The rewritten filter; undefined when it selects everything (`:not-in` an empty set). */
async function rewrite(terminology: TerminologyService, f: SearchFilter, maxCodes: number): Promise<SearchFilter | undefined> {
  if (!needsTerminology(f)) return f;
  if (f.kind !== 'param') {
    const inner = await rewrite(terminology, f.filter, maxCodes);
    // A `:not-in` of nothing inside a chain still requires the chained resource to exist: keep an always-true form.
    return { ...f, filter: inner ?? { ...(f.filter as ParamFilter), modifier: 'not', values: [NO_MATCH] } };
  }
  const tokens = new Map<string, TokenValue>();
  for (const v of f.values) {
    for (const t of await codesOf(terminology, f, v, maxCodes)) tokens.set(`${t.system ?? ''}|${t.code ?? ''}`, t);
  }
  if (tokens.size > maxCodes) throw tooCostly(f, maxCodes);
  if (f.modifier === 'not-in') return tokens.size === 0 ? undefined : { ...f, modifier: 'not', values: [...tokens.values()] };
  return { ...f, modifier: undefined, values: tokens.size === 0 ? [NO_MATCH] : [...tokens.values()] };
}

/** The codes one value stands for. */
async function codesOf(terminology: TerminologyService, f: ParamFilter, v: SearchValue, maxCodes: number): Promise<TokenValue[]> {
  const name = `${f.param.code}:${f.modifier ?? ''}`;
  let valueSet: string | ValueSet;
  if (f.modifier === 'in' || f.modifier === 'not-in') {
    if (v.kind !== 'uri' || v.value === '') throw badRequest(`${name} takes a ValueSet url`, name);
    valueSet = v.value;
  } else {
    if (v.kind !== 'token' || v.system === undefined || v.code === undefined) throw badRequest(`${name} takes system|code`, name);
    valueSet = {
      resourceType: 'ValueSet', status: 'active',
      compose: { include: [{ system: v.system, filter: [{ property: 'concept', op: f.modifier === 'below' ? 'is-a' : 'generalizes', value: v.code }] }] },
    };
  }
  let expansion: ValueSet;
  try {
    expansion = await terminology.expand({ valueSet, count: maxCodes + 1 });
  } catch (e) {
    // An unknown ValueSet or code system is a bad search value here, not a missing resource.
    if (isOperationOutcomeError(e) && e.category === 'not-found') throw badRequest(`${name}: ${e.outcome.issue[0]?.diagnostics ?? 'not found'}`, name);
    throw e;
  }
  const total = expansion.expansion?.total ?? expansion.expansion?.contains?.length ?? 0;
  if (total > maxCodes) throw tooCostly(f, maxCodes);
  const out: TokenValue[] = [];
  for (const c of expansion.expansion?.contains ?? []) {
    if (c.code !== undefined) out.push({ kind: 'token', system: c.system, code: c.code, noSystem: c.system === undefined });
  }
  return out;
}

function tooCostly(f: ParamFilter, maxCodes: number): Error {
  const name = `${f.param.code}:${f.modifier ?? ''}`;
  return fail('invalid', `${name} stands for more than ${maxCodes} codes; narrow the search`, name, 'too-costly');
}
