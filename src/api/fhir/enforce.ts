/**
 * Resource-server enforcement beyond "is the scope there": SMART v2 granular restrictions
 * (`patient/Observation.rs?category=laboratory`) on reads, searches, includes, history and writes, and the
 * search features refused to a compartment-confined token. The Patient compartment itself is enforced
 * by the repository (`RequestContext.patientCompartment`, set by `requestCtx` from the decisions).
 * See docs/authorization.md. https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import type { Response } from 'express';
import type { Bundle, BundleEntry, Resource } from 'fhir/r4.js';
import type { Decision } from '../../auth/policy/access-policy.js';
import { constraintSearchParams, satisfies } from '../../auth/policy/constraint-match.js';
import { createIndexExtractor } from '../../core/search/extract.js';
import { patientCompartmentParams } from '../../core/search/registry.js';
import type { IndexExtractor, SearchParamRegistry } from '../../core/search/types.js';
import { accessOf, insufficientScope } from '../middleware/authenticate.js';

type Allowed = Decision & { allowed: true };

const extractors = new WeakMap<SearchParamRegistry, IndexExtractor>();

function extractorFor(registry: SearchParamRegistry): IndexExtractor {
  let e = extractors.get(registry);
  if (e === undefined) {
    e = createIndexExtractor(registry);
    extractors.set(registry, e);
  }
  return e;
}

let compartmentTypes: ReadonlySet<string> | undefined;

/** Resource types of the Patient compartment definition. */
export function isCompartmentType(type: string): boolean {
  compartmentTypes ??= new Set([...patientCompartmentParams()].filter(([, p]) => p.length > 0).map(([t]) => t));
  return compartmentTypes.has(type);
}

/** 403 unless `resource` satisfies the decision's granular restriction. */
export function assertSatisfies(res: Response, registry: SearchParamRegistry, d: Allowed, resource: unknown): void {
  if (d.constraints === undefined) return;
  const r = resource as Resource;
  if (typeof resource !== 'object' || resource === null || !satisfies(extractorFor(registry), r, d.constraints)) {
    insufficientScope(res, `The access token's scope restricts ${r.resourceType ?? 'this type'} to resources matching ${d.constraints.map(String).join(' or ')}`);
  }
}

/** 403 for interactions a granular (restricted) scope cannot be checked for (conditional writes, patch). */
export function refuseRestricted(res: Response, d: Allowed, what: string): void {
  if (d.constraints !== undefined) insufficientScope(res, `${what} is not allowed under a restricted (?param=) scope`);
}

/**
 * Narrows a search to the decision's restriction: the restriction's parameters are added to the query
 * when they express it exactly (one restriction, or one parameter's alternatives); otherwise the page
 * is filtered afterwards by `filterBundle` (and its `total` dropped).
 */
export function narrowSearch(params: URLSearchParams, d: Allowed): { exact: boolean } {
  if (d.constraints === undefined) return { exact: true };
  const extra = constraintSearchParams(d.constraints);
  if (extra === undefined) return { exact: false };
  for (const [k, v] of extra) params.append(k, v);
  return { exact: true };
}

/**
 * Refuses, for a compartment-confined request, search features that could reach into other patients'
 * data through a type outside the compartment: chained parameters and `_has` on such a type.
 */
export function guardConfinedSearch(res: Response, type: string | undefined, params: URLSearchParams): void {
  if (accessOf(res)?.compartment === undefined) return;
  const types = type !== undefined ? [type] : params.getAll('_type').flatMap((t) => t.split(',')).filter((t) => t !== '');
  if (types.length > 0 && types.every(isCompartmentType)) return;
  for (const k of params.keys()) {
    if (k.startsWith('_has:') || (!k.startsWith('_') && k.split(':')[0]?.includes('.') === true)) {
      insufficientScope(res, `A patient-confined token may not use chained or _has parameters on ${types.join(',') || 'a system-wide search'}`);
    }
  }
}

/** Whether the token's scopes (granular restrictions included) cover `r` in a response. */
export function entryVisible(res: Response, registry: SearchParamRegistry, r: Resource): boolean {
  const access = accessOf(res);
  if (access === undefined) return false;
  if (r.resourceType === 'OperationOutcome') return true;
  let d = access.policy.decide(r.resourceType, 'r');
  if (!d.allowed) d = access.policy.decide(r.resourceType, 's');
  return d.allowed && satisfies(extractorFor(registry), r, d.constraints);
}

/**
 * Drops from a searchset / history bundle the entries the token's scopes do not cover: granular
 * restrictions, and for a confined request the types it may not see (history deletions of restricted
 * types included: they cannot be checked). No-op for unconfined tokens without restricted scopes.
 * Answers whether anything was dropped.
 */
export function filterBundle(res: Response, registry: SearchParamRegistry, bundle: Bundle): boolean {
  const access = accessOf(res);
  if (access === undefined || (access.compartment === undefined && !access.policy.rules.some((r) => r.constraint !== undefined))) return false;
  const before = bundle.entry?.length ?? 0;
  const keep = (e: BundleEntry): boolean => {
    if (e.resource !== undefined) return entryVisible(res, registry, e.resource);
    const type = /^([A-Z][A-Za-z]+)\//.exec(e.request?.url ?? '')?.[1];
    const d = type === undefined ? undefined : access.policy.decide(type, 'r');
    return d?.allowed === true && d.constraints === undefined;
  };
  if (bundle.entry !== undefined) bundle.entry = bundle.entry.filter(keep);
  return (bundle.entry?.length ?? 0) !== before;
}
