/**
 * One request entry of a transaction / batch bundle: narrowing `entry.request` and its URL, running it
 * inside a store transaction, and shaping `entry.response`. https://hl7.org/fhir/R4/http.html#transaction
 */
import type { BundleEntry, BundleEntryResponse, OperationOutcome, Resource } from 'fhir/r4.js';
import { badRequest, OperationOutcomeError, outcome } from '../core/outcomes.js';
import type { FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';
import type { PatchBody, RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { asFhirResource, cloneJson, etagOf, versionLocation } from './resource-utils.js';
import { readResource, vreadResource } from './read.js';
import { searchBundle } from './search.js';
import { historyBundle } from './history.js';

export type EntryMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `entry.request.url` split into its parts (relative to the base). */
export interface EntryUrl {
  readonly type: string | undefined;
  readonly id: string | undefined;
  /** `_history` present (instance, type or system history when `vid` is undefined). */
  readonly history: boolean;
  readonly vid: string | undefined;
  /** Compartment search: `Patient/1/Observation` → compartment `Patient/1`, type `Observation`. */
  readonly compartment: string | undefined;
  /** Query string without `?` (undefined when none). */
  readonly query: string | undefined;
}

/** A validated request entry. */
export interface PreparedEntry {
  readonly index: number;
  readonly method: EntryMethod;
  readonly url: EntryUrl;
  readonly rawUrl: string;
  readonly fullUrl: string | undefined;
  /** A deep copy (entries are rewritten in place while references are resolved). */
  readonly resource: Resource | undefined;
  readonly ifMatch: number | undefined;
  readonly ifNoneExist: string | undefined;
}

/** What `Prefer: return=` asks for in response entries. */
export type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

const METHODS = new Set<string>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const TYPE = /^[A-Z][A-Za-z]+$/;

/** Parses `entry.request.url` (absolute URLs under our base are accepted). */
export function parseEntryUrl(raw: string, baseUrl: string, at: string): EntryUrl {
  let rel = raw;
  const base = baseUrl.replace(/\/+$/, '');
  if (rel.startsWith(`${base}/`) || rel === base) rel = rel.slice(base.length);
  rel = rel.replace(/^\/+/, '');
  const q = rel.indexOf('?');
  const path = q >= 0 ? rel.slice(0, q) : rel;
  const query = q >= 0 ? rel.slice(q + 1) : undefined;
  const parts = path === '' ? [] : path.split('/');
  const bad = (): OperationOutcomeError => badRequest(`Unsupported request url '${raw}'`, at);
  const [a, b, c, d] = parts;
  const none = { type: undefined, id: undefined, history: false, vid: undefined, compartment: undefined, query };
  if (parts.length === 0) return none;
  if (a === '_history' && parts.length === 1) return { ...none, history: true };
  if (a === undefined || !TYPE.test(a)) throw bad();
  if (parts.length === 1) return { ...none, type: a };
  if (b === '_history' && parts.length === 2) return { ...none, type: a, history: true };
  if (b === undefined) throw bad();
  if (parts.length === 2) return { ...none, type: a, id: b };
  if (c === '_history' && parts.length <= 4) return { ...none, type: a, id: b, history: true, vid: d };
  if (c !== undefined && TYPE.test(c) && parts.length === 3) return { ...none, type: c, compartment: `${a}/${b}` };
  throw bad();
}

/** `W/"3"`, `"3"` or `3` → 3. */
export function parseIfMatch(value: string | undefined, at: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(?:W\/)?"?([0-9]{1,15})"?$/.exec(value.trim());
  if (m?.[1] === undefined) throw badRequest(`Invalid ifMatch '${value}'`, at);
  return Number(m[1]);
}

/** Narrows and copies one `Bundle.entry` with a request. */
export function prepareEntry(entry: unknown, index: number, baseUrl: string): PreparedEntry {
  const at = `Bundle.entry[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw badRequest('A bundle entry must be an object', at);
  const e = entry as BundleEntry;
  const request = e.request;
  if (request === undefined || typeof request.method !== 'string' || !METHODS.has(request.method)) {
    throw badRequest('entry.request.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE', `${at}.request.method`);
  }
  if (typeof request.url !== 'string') throw badRequest('entry.request.url is required', `${at}.request.url`);
  const method = request.method as EntryMethod;
  const url = parseEntryUrl(request.url, baseUrl, `${at}.request.url`);
  const resource = e.resource === undefined ? undefined : cloneJson(e.resource);
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && resource === undefined) {
    throw badRequest(`A ${method} entry needs a resource`, `${at}.resource`);
  }
  if (method !== 'GET' && method !== 'HEAD' && url.type === undefined) throw badRequest(`A ${method} entry needs a resource type in its url`, `${at}.request.url`);
  if ((method === 'PUT' || method === 'PATCH') && url.id === undefined && url.query === undefined) {
    throw badRequest(`A ${method} entry needs Type/id or Type?criteria`, `${at}.request.url`);
  }
  if (method === 'DELETE' && url.id === undefined && url.query === undefined) throw badRequest('A DELETE entry needs Type/id or Type?criteria', `${at}.request.url`);
  return {
    index, method, url, rawUrl: request.url,
    fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : undefined,
    resource,
    ifMatch: parseIfMatch(request.ifMatch, `${at}.request.ifMatch`),
    ifNoneExist: typeof request.ifNoneExist === 'string' ? request.ifNoneExist : undefined,
  };
}

/** The patch body carried by a PATCH entry: a Parameters (FHIRPath Patch) or a Binary holding JSON Patch. */
export function patchBodyOf(entry: PreparedEntry): PatchBody {
  const r = entry.resource === undefined ? undefined : asFhirResource(entry.resource);
  if (r?.resourceType === 'Parameters') return { kind: 'fhirpath-patch', parameters: r };
  if (r?.resourceType === 'Binary' && typeof r.data === 'string') {
    try {
      return { kind: 'json-patch', operations: JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as unknown };
    } catch {
      throw badRequest('The Binary of a PATCH entry must hold a JSON Patch document', `Bundle.entry[${entry.index}].resource`);
    }
  }
  throw badRequest('A PATCH entry needs a Parameters (FHIRPath Patch) or Binary (JSON Patch) resource', `Bundle.entry[${entry.index}].resource`);
}

/** `entry.response` (and resource per `Prefer`) for a write. */
export function writeResponse(version: ResourceVersion, status: string, prefer: PreferReturn, warnings: OperationOutcome | undefined): BundleEntry {
  const response: BundleEntryResponse = {
    status,
    location: versionLocation(version),
    etag: etagOf(version),
    lastModified: version.lastUpdated,
  };
  const out: BundleEntry = { response };
  if (prefer === 'representation' && version.resource !== undefined) out.resource = asFhirResource(version.resource);
  if (prefer === 'OperationOutcome') response.outcome = warnings ?? outcome();
  return out;
}

/** Runs a GET / HEAD entry (read, vread, search, history) on `tx`. */
export async function runGet(deps: RepoDeps, ctx: RequestContext, tx: FhirStoreTransaction, entry: PreparedEntry): Promise<BundleEntry> {
  const { url } = entry;
  const params = new URLSearchParams(url.query ?? '');
  let resource: Resource;
  if (url.history) resource = await historyBundle(deps, ctx, tx, url.type, url.id, params);
  else if (url.type !== undefined && url.id !== undefined && url.vid !== undefined) resource = await vreadResource(deps, ctx, tx, url.type, url.id, url.vid);
  else if (url.type !== undefined && url.id !== undefined) resource = await readResource(deps, ctx, tx, url.type, url.id);
  else resource = await searchBundle(deps, ctx, tx, url.type, params, url.compartment);
  const response: BundleEntryResponse = { status: '200 OK' };
  if (resource.meta?.versionId !== undefined) response.etag = `W/"${resource.meta.versionId}"`;
  if (resource.meta?.lastUpdated !== undefined) response.lastModified = resource.meta.lastUpdated;
  return entry.method === 'HEAD' ? { response } : { resource: asFhirResource(resource), response };
}

/** Re-throws `e` with the entry index in every issue's expression. */
export function atEntry(e: unknown, index: number): unknown {
  if (!(e instanceof OperationOutcomeError)) return e;
  const where = `Bundle.entry[${index}]`;
  return new OperationOutcomeError(e.category, {
    ...e.outcome,
    issue: e.outcome.issue.map((i) => ({
      ...i,
      diagnostics: `${where}: ${i.diagnostics ?? ''}`,
      expression: [where, ...(i.expression ?? []).filter((x) => x !== where)],
    })),
  });
}
