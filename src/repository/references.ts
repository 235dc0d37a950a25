/**
 * Literal references inside resources: finding them, deciding which are local to this server,
 * checking they resolve (referential integrity) and rewriting them (bundle `fullUrl` / conditional refs).
 * https://hl7.org/fhir/R4/references.html
 */
import type { Resource } from 'fhir/r4.js';
import { outcome, issue, OperationOutcomeError } from '../core/outcomes.js';
import { parseReference } from '../core/search/reference.js';
import type { FhirStoreReader, ResourceKey } from '../ports/fhir-store.js';
import type { RepoDeps } from './context.js';

/** One `Reference.reference` found in a resource, with its FHIRPath-like location. */
export interface FoundReference {
  readonly reference: string;
  readonly expression: string;
}

/** Every `reference` string in `resource` (including contained resources). */
export function findReferences(resource: Resource): FoundReference[] {
  const out: FoundReference[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') out.push({ reference: value, expression: `${path}.reference` });
      else if (typeof value === 'object' && value !== null) walk(value, `${path}.${key}`);
    }
  };
  walk(resource, resource.resourceType);
  return out;
}

/** Replaces each `reference` string for which `map` returns a value (mutates `node`). */
export function rewriteReferences(node: unknown, map: (reference: string) => string | undefined): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteReferences(item, map);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'reference' && typeof value === 'string') {
      const replaced = map(value);
      if (replaced !== undefined) record[key] = replaced;
    } else if (typeof value === 'object' && value !== null) {
      rewriteReferences(value, map);
    }
  }
}

/**
 * `{type, id}` when `reference` points at a resource on this server: relative, or absolute under
 * `baseUrl` or one of `localBaseUrls` (configured "treat as local" bases).
 */
export function localTarget(reference: string, baseUrl: string, localBaseUrls: readonly string[] = []): { type: string; id: string } | undefined {
  let rel = reference;
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
    const base = [baseUrl, ...localBaseUrls].map((b) => (b.endsWith('/') ? b : `${b}/`)).find((b) => reference.startsWith(b));
    if (base === undefined) return undefined;
    rel = reference.slice(base.length);
  }
  if (rel.includes('?')) return undefined;
  const parsed = parseReference(rel);
  if (parsed.targetType === undefined || parsed.targetId === undefined || parsed.ref !== `${parsed.targetType}/${parsed.targetId}`) {
    return undefined;
  }
  return { type: parsed.targetType, id: parsed.targetId };
}

/**
 * Referential integrity: every local reference must resolve to an existing, non-deleted resource
 * (a resource may refer to itself). Throws 422 listing each broken reference with its path.
 */
export async function checkReferentialIntegrity(
  deps: RepoDeps,
  reader: FhirStoreReader,
  resource: Resource,
  baseUrl: string,
  /** `Type/id` → resolves, shared across calls (a bundle's resources mostly refer to the same targets). */
  checked: Map<string, boolean> = new Map(),
): Promise<void> {
  const self = `${resource.resourceType}/${resource.id ?? ''}`;
  const broken: { reference: string; expression: string }[] = [];
  for (const ref of findReferences(resource)) {
    if (ref.reference.startsWith('#')) continue;
    const target = localTarget(ref.reference, baseUrl, deps.config.localBaseUrls);
    if (target === undefined) continue;
    const key = `${target.type}/${target.id}`;
    if (key === self) continue;
    let ok = checked.get(key);
    if (ok === undefined) {
      ok = deps.resourceTypes.has(target.type) && (await reader.read(target.type, target.id))?.deleted === false;
      checked.set(key, ok);
    }
    if (!ok) broken.push(ref);
  }
  if (broken.length > 0) {
    throw new OperationOutcomeError(
      'unprocessable',
      outcome(...broken.map((b) => issue('error', 'processing', `Reference '${b.reference}' does not resolve to an existing resource`, b.expression))),
    );
  }
}

/** Referrers named in a 409 per deleted target. */
const MAX_REFERRERS_LISTED = 10;

/**
 * Throws 409 (issue code `processing`, as HAPI answers) naming the current resources that still refer
 * to any of `targets`. https://hl7.org/fhir/R4/http.html#delete
 */
export async function assertNotReferenced(reader: FhirStoreReader, targets: readonly ResourceKey[]): Promise<void> {
  const issues = [];
  for (const t of targets) {
    const referrers = await reader.referrers(t.resourceType, t.id, MAX_REFERRERS_LISTED + 1);
    if (referrers.length === 0) continue;
    const names = referrers.slice(0, MAX_REFERRERS_LISTED).map((r) => `${r.resourceType}/${r.id}`);
    const more = referrers.length > MAX_REFERRERS_LISTED ? ' and others' : '';
    issues.push(issue('error', 'processing', `Unable to delete ${t.resourceType}/${t.id}: it is referenced by ${names.join(', ')}${more}`));
  }
  if (issues.length > 0) throw new OperationOutcomeError('conflict', outcome(...issues));
}
