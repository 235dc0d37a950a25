/**
 * Replay dry run: translates an inbox entry with today's mappings and compares each resource of the
 * transaction with the current version it would replace, without writing. Conditional entries are
 * resolved by search (as the transaction would), references to other entries are rewritten to the
 * resolved ids, and `meta` / `id` are ignored when comparing.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from 'fhir/r4.js';
import type { InboxEntry } from '../../ports/inbox.js';
import type { RequestContext } from '../../repository/types.js';
import { inboxEntryUri } from '../provenance.js';
import { dryRunReferenceMoves, type DryRunReferenceMove } from './dry-run-merge.js';
import { parseEntry, refusalOf } from './process-entry.js';
import type { Hl7v2PipelineDeps } from './types.js';

/** What one entry of the transaction would do. */
export interface DryRunChange {
  readonly method: string;
  readonly url: string;
  readonly resourceType: string | undefined;
  /** `create`, `update` (content differs), `unchanged`, `delete`, `patch`, or `error` (e.g. several matches). */
  readonly action: 'create' | 'update' | 'unchanged' | 'delete' | 'patch' | 'error';
  /** The current resource, when one exists. */
  readonly current?: { readonly id: string; readonly versionId: string | undefined };
  /** Top-level elements whose content would change (for `update`). */
  readonly changedElements?: readonly string[];
  readonly diagnostics?: string;
}

/** The dry-run report. */
export interface DryRunResult {
  readonly id: string;
  readonly dryRun: true;
  /** Would the message be applied (no error issues)? */
  readonly applicable: boolean;
  readonly issues: readonly OperationOutcomeIssue[];
  readonly changes: readonly DryRunChange[];
  /** A merge (ADT A40): the references that would then move from the old Patient to the survivor. */
  readonly referenceMoves?: readonly DryRunReferenceMove[];
}

/** JSON with sorted keys, for content comparison. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `value` with every `reference` found in `map` replaced. */
function rewrite(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, map));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'reference' && typeof v === 'string' ? (map.get(v) ?? v) : rewrite(v, map);
  return out;
}

function changedElements(next: Resource, current: Resource): string[] {
  const a = next as unknown as Record<string, unknown>;
  const b = current as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'meta' && k !== 'id' && k !== 'text'));
  return [...keys].filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}

/** The type an entry writes: a PATCH body (Parameters, Binary) is not the target, its URL names it. */
function targetType(entry: BundleEntry): string | undefined {
  const fromUrl = entry.request?.url.split(/[/?]/)[0];
  return entry.request?.method === 'PATCH' ? fromUrl : (entry.resource?.resourceType ?? fromUrl);
}

interface Resolved {
  readonly entry: BundleEntry;
  readonly current: Resource | undefined;
  readonly error?: string;
}

/** Finds the current resource an entry targets (by id or by its conditional query). */
async function resolve(deps: Pick<Hl7v2PipelineDeps, 'repo'>, ctx: RequestContext, entry: BundleEntry): Promise<Resolved> {
  const url = entry.request?.url ?? '';
  const type = targetType(entry);
  const query = entry.request?.method === 'POST' ? entry.request.ifNoneExist : url.includes('?') ? url.slice(url.indexOf('?') + 1) : undefined;
  if (query !== undefined && type !== undefined) {
    const found = await deps.repo.search(ctx, type, new URLSearchParams(query));
    const matches = (found.entry ?? []).filter((e) => e.search?.mode !== 'include' && e.resource !== undefined);
    if (matches.length > 1) return { entry, current: undefined, error: `${matches.length} resources match ${type}?${query}` };
    return { entry, current: matches[0]?.resource };
  }
  const id = url.split('/')[1];
  if (entry.request?.method !== 'POST' && type !== undefined && id !== undefined) {
    try {
      return { entry, current: await deps.repo.read(ctx, type, id) };
    } catch {
      return { entry, current: undefined };
    }
  }
  return { entry, current: undefined };
}

/** Translates `entry` and reports what committing it would change. */
export async function dryRunEntry(deps: Hl7v2PipelineDeps, entry: InboxEntry): Promise<DryRunResult> {
  const { message, issues } = parseEntry(entry.raw ?? Buffer.alloc(0));
  if (message === undefined) return { id: entry.id, dryRun: true, applicable: false, issues, changes: [] };
  const refusal = refusalOf(message, deps);
  if (refusal !== undefined) return { id: entry.id, dryRun: true, applicable: false, issues: refusal.issues ?? [], changes: [] };
  const translated = deps.translate(message, {
    codes: deps.codes, source: `hl7v2:${entry.sender}`, identifierSystem: deps.identifierSystem, ids: deps.ids, now: deps.clock,
    rawMessageRef: inboxEntryUri(entry.id),
  });
  const applicable = !translated.issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
  const ctx: RequestContext = { baseUrl: deps.fhirBaseUrl, source: inboxEntryUri(entry.id), lenient: true, patientCompartment: undefined };
  const changes = await dryRunChanges(deps, ctx, translated.bundle);
  const moves = applicable ? await dryRunReferenceMoves(deps.repo, ctx, translated.bundle) : [];
  return { id: entry.id, dryRun: true, applicable, issues: translated.issues, changes, ...(moves.length > 0 ? { referenceMoves: moves } : {}) };
}

/**
 * What committing transaction `bundle` would change, entry by entry, without writing (shared by the
 * HL7 v2 and X12 replay dry runs).
 */
export async function dryRunChanges(deps: Pick<Hl7v2PipelineDeps, 'repo'>, ctx: RequestContext, bundle: Bundle): Promise<DryRunChange[]> {
  const resolved: Resolved[] = [];
  for (const e of bundle.entry ?? []) resolved.push(await resolve(deps, ctx, e));
  const ids = new Map<string, string>();
  for (const r of resolved) {
    if (r.entry.fullUrl !== undefined && r.current?.id !== undefined) ids.set(r.entry.fullUrl, `${r.current.resourceType}/${r.current.id}`);
  }
  return resolved.map((r): DryRunChange => {
    const method = r.entry.request?.method ?? 'POST';
    const base = { method, url: r.entry.request?.url ?? '', resourceType: targetType(r.entry) };
    const current = r.current?.id === undefined ? {} : { current: { id: r.current.id, versionId: r.current.meta?.versionId } };
    if (r.error !== undefined) return { ...base, action: 'error', diagnostics: r.error };
    if (method === 'DELETE') return { ...base, ...current, action: 'delete' };
    if (method === 'PATCH') return { ...base, ...current, action: 'patch' };
    if (r.current === undefined) return { ...base, action: 'create' };
    if (method === 'POST') return { ...base, ...current, action: 'unchanged' }; // create-if-absent: exists already
    const next = rewrite(r.entry.resource, ids) as Resource;
    const changed = changedElements(next, r.current);
    return changed.length === 0 ? { ...base, ...current, action: 'unchanged' } : { ...base, ...current, action: 'update', changedElements: changed };
  });
}
