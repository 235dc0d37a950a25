/**
 * `_include` and `_revinclude` (with `:iterate` and `*`), done generically over the store: forward
 * includes read the targets of the extractor's reference entries; reverse includes search the source type
 * by its reference parameter. https://hl7.org/fhir/R4/search.html#include
 */
import type { Resource } from 'fhir/r4.js';
import type { IncludeSpec, ParamFilter, SearchParamDef, SearchRequest, SearchValue } from '../core/search/types.js';
import type { FhirStoreReader } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { canRead } from './compartment.js';
import { localTarget } from './references.js';

/** Resources added by includes, and whether the cap (`maxIncludes`) cut the list short. */
export interface IncludeResult {
  readonly included: Resource[];
  readonly truncated: boolean;
}

const keyOf = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;
/** At most this many iterate rounds (cycles stop earlier since nothing new is found). */
const MAX_ROUNDS = 10;
/** Reverse-include reference values per store query. */
const REV_CHUNK = 100;

/** Local `Type/id` targets of `spec` in `source`. */
function forwardTargets(deps: RepoDeps, ctx: RequestContext, spec: IncludeSpec, source: Resource): { type: string; id: string }[] {
  const out: { type: string; id: string }[] = [];
  for (const entry of deps.extractor.extract(source).entries) {
    if (entry.value.kind !== 'reference') continue;
    if (spec.param !== undefined ? entry.param !== spec.param.code : deps.registry.get(source.resourceType, entry.param)?.type !== 'reference') continue;
    const ref = entry.value.ref;
    const target = ref === undefined ? undefined : localTarget(ref, ctx.baseUrl, deps.config.localBaseUrls);
    if (target === undefined) continue;
    if (spec.targetType !== undefined && target.type !== spec.targetType) continue;
    out.push(target);
  }
  return out;
}

function referenceParams(deps: RepoDeps, spec: IncludeSpec): SearchParamDef[] {
  if (spec.param !== undefined) return [spec.param];
  return deps.registry.forType(spec.sourceType).filter((p) => p.type === 'reference');
}

/** Resolves every include for one page of `matches`. */
export async function resolveIncludes(
  deps: RepoDeps,
  ctx: RequestContext,
  reader: FhirStoreReader,
  request: SearchRequest,
  matches: readonly Resource[],
): Promise<IncludeResult> {
  if (request.include.length === 0 && request.revinclude.length === 0) return { included: [], truncated: false };
  const seen = new Set(matches.map(keyOf));
  const included: Resource[] = [];
  let truncated = false;
  const cap = deps.config.maxIncludes;
  const add = (r: Resource): boolean => {
    if (seen.has(keyOf(r)) || !canRead(deps, ctx, r)) return false;
    if (included.length >= cap) {
      truncated = true;
      return false;
    }
    seen.add(keyOf(r));
    included.push(r);
    return true;
  };

  let sources: readonly Resource[] = matches;
  for (let round = 0; round < MAX_ROUNDS && sources.length > 0 && !truncated; round++) {
    const found: Resource[] = [];
    const includes = request.include.filter((s) => round === 0 || s.iterate);
    const revincludes = request.revinclude.filter((s) => round === 0 || s.iterate);
    for (const spec of includes) {
      for (const source of sources) {
        if (spec.sourceType !== '*' && source.resourceType !== spec.sourceType) continue;
        for (const target of forwardTargets(deps, ctx, spec, source)) {
          if (seen.has(`${target.type}/${target.id}`)) continue;
          const version = await reader.read(target.type, target.id);
          if (version?.resource !== undefined && !version.deleted && add(version.resource)) found.push(version.resource);
        }
      }
    }
    for (const spec of revincludes) {
      for (const param of referenceParams(deps, spec)) {
        const targets = sources.filter((s) => (spec.targetType === undefined || s.resourceType === spec.targetType) && (param.target.length === 0 || param.target.includes(s.resourceType)));
        for (let i = 0; i < targets.length && !truncated; i += REV_CHUNK) {
          const values: SearchValue[] = targets.slice(i, i + REV_CHUNK).map((t) => ({
            kind: 'reference', ref: keyOf(t), targetType: t.resourceType, targetId: t.id ?? '',
          }));
          const filter: ParamFilter = { kind: 'param', param, modifier: undefined, targetType: undefined, values };
          const page = await reader.search(revincludeRequest(deps, ctx, spec.sourceType, filter, cap - included.length + 1));
          for (const r of page.resources) if (add(r)) found.push(r);
          if (page.nextCursor !== undefined) truncated = true;
        }
      }
    }
    sources = found;
  }
  return { included, truncated };
}

function revincludeRequest(deps: RepoDeps, ctx: RequestContext, sourceType: string, filter: ParamFilter, count: number): SearchRequest {
  const compartment = ctx.patientCompartment !== undefined && deps.compartmentTypes.has(sourceType) ? ctx.patientCompartment : undefined;
  return {
    resourceTypes: [sourceType], filters: [filter], compartment, sort: [], count: Math.max(1, Math.min(count, deps.config.maxCount)),
    cursor: undefined, total: 'none', summary: undefined, elements: undefined, include: [], revinclude: [], selfParams: [],
  };
}
