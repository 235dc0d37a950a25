/**
 * `Patient/[id]/$everything`: the Patient, every resource in its compartment, and the resources they
 * reference outside the compartment (Practitioner, Organization, Location, Medication, ...), as a
 * searchset Bundle paged by keyset cursors. Parameters: `_since` (instant), `_type` (comma list),
 * `_count`, and `start` / `end`: the care date range, applied to clinical resources by their clinical date
 * (care-dates.ts; Patient and resources without a clinical date stay in; pages may then hold fewer than
 * `_count` entries and `total` is left out). The caller's patient-compartment restriction applies as on
 * every read and search.
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
import type { Bundle, BundleEntry, Resource } from 'fhir/r4.js';
import { badRequest, issue, outcome } from '../core/outcomes.js';
import type { FhirStoreReader } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { canRead } from './compartment.js';
import { careDateFilter, parseCareDateRange, type CareDateRange } from './care-dates.js';
import { fullUrlOf, pageLinks } from './links.js';
import { readResource } from './read.js';
import { findReferences, localTarget } from './references.js';
import { asFhirResource } from './resource-utils.js';
import { parseSearch } from './search.js';

/** The parameters `$everything` accepts (besides `_cursor`, which its own next links carry). */
const ACCEPTED = new Set(['_since', '_type', '_count', '_cursor', 'start', 'end']);
/** Rounds of following references from referenced resources (Medication → Organization ...). */
const MAX_ROUNDS = 3;
/** FHIR `instant` (and `dateTime` down to the day, which we accept as its start). */
const SINCE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Types outside the R4 compartment definition that still point at one patient through a search
 * parameter (US Core implantable devices): returned on the first page with `search.mode` `include`.
 */
const PATIENT_LINKED: Readonly<Record<string, string>> = { Device: 'patient' };

const keyOf = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;

/** The validated operation parameters. */
interface EverythingParams {
  readonly since: string | undefined;
  /** Undefined: every type. */
  readonly types: ReadonlySet<string> | undefined;
  readonly count: string | undefined;
  readonly cursor: string | undefined;
  /** `start` / `end` as given (for the page links) and parsed. */
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly care: CareDateRange | undefined;
}

function parseParams(deps: RepoDeps, ctx: RequestContext, params: URLSearchParams): EverythingParams {
  for (const key of new Set(params.keys())) {
    if (ACCEPTED.has(key) || ctx.lenient) continue;
    throw badRequest(`Unknown $everything parameter '${key.slice(0, 80)}'`, key);
  }
  const since = params.get('_since') ?? undefined;
  if (since !== undefined && (!SINCE_RE.test(since) || Number.isNaN(Date.parse(since)))) {
    throw badRequest(`_since must be an instant like 2024-01-01T00:00:00Z, got '${since.slice(0, 40)}'`, '_since');
  }
  const typeList = params.getAll('_type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const t of typeList) if (!deps.resourceTypes.has(t)) throw badRequest(`Unknown resource type '${t.slice(0, 80)}' in _type`, '_type');
  const start = params.get('start') ?? undefined;
  const end = params.get('end') ?? undefined;
  return {
    since, start, end, care: parseCareDateRange(start, end),
    types: typeList.length === 0 ? undefined : new Set(typeList),
    count: params.get('_count') ?? undefined,
    cursor: params.get('_cursor') ?? undefined,
  };
}

/**
 * Local targets of `sources`' references, of types outside the compartment definition (compartment
 * types are reached by the compartment search itself), not yet in `seen`.
 */
function outsideTargets(deps: RepoDeps, ctx: RequestContext, sources: readonly Resource[], seen: ReadonlySet<string>): { type: string; id: string }[] {
  const out = new Map<string, { type: string; id: string }>();
  for (const source of sources) {
    for (const { reference } of findReferences(source)) {
      const target = localTarget(reference, ctx.baseUrl, deps.config.localBaseUrls);
      if (target === undefined || deps.compartmentTypes.has(target.type) || !deps.resourceTypes.has(target.type)) continue;
      const key = `${target.type}/${target.id}`;
      if (!seen.has(key)) out.set(key, target);
    }
  }
  return [...out.values()];
}

/** Reads the resources referenced from `matches` (and from those, a few rounds deep); capped by `maxIncludes`. */
async function referenced(deps: RepoDeps, ctx: RequestContext, reader: FhirStoreReader, matches: readonly Resource[]): Promise<{ included: Resource[]; truncated: boolean }> {
  const seen = new Set(matches.map(keyOf));
  const included: Resource[] = [];
  let sources: readonly Resource[] = matches;
  for (let round = 0; round < MAX_ROUNDS && sources.length > 0; round++) {
    const found: Resource[] = [];
    for (const target of outsideTargets(deps, ctx, sources, seen)) {
      seen.add(`${target.type}/${target.id}`);
      const version = await reader.read(target.type, target.id);
      if (version?.resource === undefined || version.deleted || !canRead(deps, ctx, version.resource)) continue;
      if (included.length >= deps.config.maxIncludes) return { included, truncated: true };
      included.push(version.resource);
      found.push(version.resource);
    }
    sources = found;
  }
  return { included, truncated: false };
}

/** The `PATIENT_LINKED` resources of the patient (up to `maxIncludes` of each type). */
async function patientLinked(deps: RepoDeps, ctx: RequestContext, reader: FhirStoreReader, compartment: string, p: EverythingParams, wanted: (type: string) => boolean): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const [type, param] of Object.entries(PATIENT_LINKED)) {
    if (!wanted(type) || !deps.resourceTypes.has(type) || deps.registry.get(type, param) === undefined) continue;
    const query = new URLSearchParams([[param, compartment], ['_count', String(deps.config.maxIncludes)]]);
    if (p.since !== undefined) query.append('_lastUpdated', `ge${p.since}`);
    const request = parseSearch(deps, { ...ctx, lenient: false }, type, query, undefined);
    out.push(...(await reader.search({ ...request, total: 'none' })).resources.filter((r) => canRead(deps, ctx, r)));
  }
  return out;
}

/**
 * Runs `$everything` for `Patient/patientId`: 404 when the patient does not exist or is outside the
 * caller's compartment. One page holds up to `_count` compartment resources (`search.mode` `match`)
 * followed by the resources they reference (`include`; repeated on later pages when referenced again).
 * With `_type`, only those types are returned; `total` is then left out when it could not be exact.
 */
export async function everythingBundle(deps: RepoDeps, ctx: RequestContext, reader: FhirStoreReader, patientId: string, params: URLSearchParams): Promise<Bundle> {
  const p = parseParams(deps, ctx, params);
  await readResource(deps, ctx, reader, 'Patient', patientId);
  const compartment = `Patient/${patientId}`;
  const wanted = (type: string): boolean => p.types === undefined || p.types.has(type);
  // Referenced types asked for in `_type` are found through the compartment resources: search them all.
  const onlyCompartment = p.types !== undefined && [...p.types].every((t) => deps.compartmentTypes.has(t));
  const searchTypes = onlyCompartment && p.types !== undefined ? [...p.types] : [...deps.compartmentTypes].sort();
  const query = new URLSearchParams([['_type', searchTypes.join(',')]]);
  if (p.since !== undefined) query.append('_lastUpdated', `ge${p.since}`);
  if (p.count !== undefined) query.append('_count', p.count);
  if (p.cursor !== undefined) query.append('_cursor', p.cursor);
  const request = parseSearch(deps, { ...ctx, lenient: false }, undefined, query, compartment);
  const page = await reader.search(request);
  const inCare = p.care === undefined ? (): boolean => true : careDateFilter(deps.registry, deps.extractor, p.care);
  const matches = page.resources.filter((r) => canRead(deps, ctx, r) && inCare(r));
  // Patient-linked resources outside the compartment come with the first page, like includes.
  const linked = p.cursor === undefined ? (await patientLinked(deps, ctx, reader, compartment, p, wanted)).filter(inCare) : [];
  const { included, truncated } = await referenced(deps, ctx, reader, [...matches, ...linked]);
  included.unshift(...linked);
  const since = p.since === undefined ? undefined : Date.parse(p.since);
  const entry = (r: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: fullUrlOf(ctx.baseUrl, r.resourceType, r.id ?? ''),
    resource: asFhirResource(r),
    search: { mode },
  });
  const entries = [
    ...matches.filter((r) => wanted(r.resourceType)).map((r) => entry(r, 'match')),
    ...included
      .filter((r) => wanted(r.resourceType) && (since === undefined || Date.parse(r.meta?.lastUpdated ?? '') >= since))
      .map((r) => entry(r, 'include')),
  ];
  if (truncated) {
    entries.push({
      resource: outcome(issue('warning', 'too-costly', `Only the first ${deps.config.maxIncludes} referenced resources are returned`)),
      search: { mode: 'outcome' },
    });
  }
  const linkParams: [string, string][] = [];
  if (p.since !== undefined) linkParams.push(['_since', p.since]);
  if (p.types !== undefined) linkParams.push(['_type', [...p.types].join(',')]);
  if (p.start !== undefined) linkParams.push(['start', p.start]);
  if (p.end !== undefined) linkParams.push(['end', p.end]);
  linkParams.push(['_count', String(request.count)]);
  const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset' };
  if (page.total !== undefined && p.care === undefined && (p.types === undefined || onlyCompartment)) bundle.total = page.total;
  bundle.link = pageLinks(ctx.baseUrl, `${compartment}/$everything`, linkParams, { self: request.cursor, next: page.nextCursor, previous: page.previousCursor });
  bundle.entry = entries;
  return bundle;
}
