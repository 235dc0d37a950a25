/**
 * transaction: all entries in one store transaction, processed DELETE → POST → PUT/PATCH → GET;
 * `fullUrl` (urn:uuid / absolute) and conditional (`Patient?identifier=a|b`) references are resolved and
 * rewritten before any write; any failure rolls everything back and reports the entry index.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { badRequest, fail, notFound } from '../core/outcomes.js';
import type { FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { atEntry, patchBodyOf, runGet, writeResponse, type PreferReturn, type PreparedEntry } from './bundle-entry.js';
import { conditionalDeleteResources, findConditionalMatches, multipleMatches } from './conditional.js';
import { deleteResource } from './delete.js';
import { patchResource } from './patch.js';
import { updateResource } from './update.js';
import { checkDeferred, commitResource, deferIntegrity, type CommitResult } from './write.js';
import { rewriteReferences } from './references.js';
import { asResource } from './resource-utils.js';

/** How a POST / PUT entry's identity was resolved before writing. */
type Plan =
  | { readonly kind: 'create'; readonly id: string }
  | { readonly kind: 'existing'; readonly result: CommitResult }
  | { readonly kind: 'update'; readonly id: string };

const ORDER: Record<PreparedEntry['method'], number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
const CONDITIONAL_REF = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** Runs the transaction's entries on `tx`; returns response entries in request order. */
export async function runTransaction(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  entries: readonly PreparedEntry[],
  prefer: PreferReturn,
): Promise<Bundle> {
  const responses = new Map<number, BundleEntry>();
  const ordered = [...entries].sort((a, b) => ORDER[a.method] - ORDER[b.method] || a.index - b.index);
  const deferral = deferIntegrity(tx);
  const step = async <T>(entry: PreparedEntry, work: () => Promise<T>): Promise<T> => {
    deferral.setEntry(entry.index);
    try {
      return await work();
    } catch (e) {
      throw atEntry(e, entry.index);
    }
  };

  // 1. Deletes.
  for (const entry of ordered.filter((e) => e.method === 'DELETE')) {
    await step(entry, async () => {
      const type = entry.url.type ?? '';
      if (entry.url.id !== undefined) await deleteResource(deps, ctx, tx, type, entry.url.id, { ...(entry.ifMatch !== undefined ? { ifMatch: entry.ifMatch } : {}) });
      else await conditionalDeleteResources(deps, ctx, tx, type, entry.url.query ?? '');
      responses.set(entry.index, { response: { status: '204 No Content' } });
    });
  }

  // Steps 2 and 3 only search (nothing is written between the deletes and step 4), so one conditional
  // query asked by several entries (the same Practitioner in ORC and OBR) gives one result: run it once.
  const searched = new Map<string, Promise<ResourceVersion[]>>();
  const findMatches = (type: string, query: string): Promise<ResourceVersion[]> => {
    const key = `${type}?${query}`;
    let found = searched.get(key);
    if (found === undefined) {
      found = findConditionalMatches(deps, ctx, tx, type, query, 2);
      searched.set(key, found);
    }
    return found;
  };

  // 2. Resolve the identity of every POST / PUT and map fullUrls to `Type/id`.
  const fullUrls = new Map<string, string>();
  const plans = new Map<number, Plan>();
  const identities = new Set<string>();
  const claim = (entry: PreparedEntry, key: string): void => {
    if (identities.has(key)) throw atEntry(badRequest(`${key} is the target of more than one entry`), entry.index);
    identities.add(key);
  };
  for (const entry of ordered) {
    const type = entry.url.type ?? '';
    await step(entry, async () => {
      if (entry.method === 'POST') {
        const resource = asResource(entry.resource, type);
        let plan: Plan = { kind: 'create', id: deps.ids() };
        if (entry.ifNoneExist !== undefined) {
          const matches = await findMatches(resource.resourceType, entry.ifNoneExist);
          if (matches.length > 1) throw multipleMatches('ifNoneExist', matches.length);
          const match = matches[0];
          if (match !== undefined) {
            plan = { kind: 'existing', result: { version: match, created: false, changed: false, outcome: undefined } };
            deferral.found(match);
          }
        }
        const id = plan.kind === 'existing' ? plan.result.version.id : plan.id;
        plans.set(entry.index, plan);
        claim(entry, `${type}/${id}`);
        if (entry.fullUrl !== undefined) fullUrls.set(entry.fullUrl, `${type}/${id}`);
      } else if (entry.method === 'PUT') {
        const resource = asResource(entry.resource, type);
        let id = entry.url.id;
        if (id === undefined) {
          const matches = await findMatches(type, entry.url.query ?? '');
          if (matches.length > 1) throw multipleMatches('Conditional update', matches.length);
          id = matches[0]?.id ?? resource.id ?? deps.ids();
          if (resource.id !== undefined && resource.id !== id) throw badRequest(`Resource id '${resource.id}' differs from the matched resource '${id}'`);
        }
        plans.set(entry.index, { kind: 'update', id });
        claim(entry, `${type}/${id}`);
        if (entry.fullUrl !== undefined) fullUrls.set(entry.fullUrl, `${type}/${id}`);
      } else if (entry.method === 'PATCH') {
        // Conditional patch (`Type?query`): exactly one match, resolved before any write like PUT.
        let id = entry.url.id;
        if (id === undefined) {
          const matches = await findMatches(type, entry.url.query ?? '');
          if (matches.length > 1) throw multipleMatches('Conditional patch', matches.length);
          id = matches[0]?.id;
          if (id === undefined) throw notFound(`No ${type} matches '${entry.url.query ?? ''}'`);
        }
        plans.set(entry.index, { kind: 'update', id });
        claim(entry, `${type}/${id}`);
      }
    });
  }

  // 3. Rewrite references (fullUrl map, then conditional references resolved by search).
  const conditionalRefs = new Map<string, string>();
  for (const entry of ordered) {
    if (entry.resource === undefined || entry.method === 'GET' || entry.method === 'HEAD' || entry.method === 'DELETE') continue;
    const pending: string[] = [];
    rewriteReferences(entry.resource, (ref) => {
      const mapped = fullUrls.get(ref);
      if (mapped !== undefined) return mapped;
      if (CONDITIONAL_REF.test(ref) && !conditionalRefs.has(ref)) pending.push(ref);
      if (/^urn:(uuid|oid):/.test(ref)) throw atEntry(badRequest(`Reference '${ref}' matches no fullUrl in the bundle`), entry.index);
      return undefined;
    });
    for (const ref of pending) {
      await step(entry, async () => {
        const m = CONDITIONAL_REF.exec(ref);
        const matches = await findMatches(m?.[1] ?? '', m?.[2] ?? '');
        if (matches.length > 1) throw multipleMatches(`Conditional reference '${ref}'`, matches.length);
        const match = matches[0];
        if (match === undefined) throw notFound(`Conditional reference '${ref}' matches no resource`);
        deferral.found(match);
        conditionalRefs.set(ref, `${match.resourceType}/${match.id}`);
      });
    }
    if (pending.length > 0) rewriteReferences(entry.resource, (ref) => conditionalRefs.get(ref));
  }

  // 4. Writes (POST, then PUT / PATCH); references are checked once all are written; 5. reads.
  let checked = false;
  for (const entry of ordered) {
    if (!checked && (entry.method === 'GET' || entry.method === 'HEAD')) {
      await checkDeferred(deps, tx, ctx.baseUrl, atEntry);
      checked = true;
    }
    const type = entry.url.type ?? '';
    await step(entry, async () => {
      const options = entry.ifMatch !== undefined ? { ifMatch: entry.ifMatch } : {};
      const plan = plans.get(entry.index);
      if (entry.method === 'POST') {
        if (plan === undefined) throw fail('internal', 'unplanned POST');
        const result = plan.kind === 'existing' ? plan.result : await commitResource(deps, ctx, tx, asResource(entry.resource, type), plan.kind === 'create' ? plan.id : '', undefined, 'POST');
        responses.set(entry.index, writeResponse(result.version, result.created ? '201 Created' : '200 OK', prefer, result.outcome));
      } else if (entry.method === 'PUT') {
        if (plan?.kind !== 'update') throw fail('internal', 'unplanned PUT');
        const resource = asResource(entry.resource, type);
        const result = await updateResource(deps, ctx, tx, type, plan.id, { ...resource, id: resource.id ?? plan.id }, options);
        responses.set(entry.index, writeResponse(result.version, result.created ? '201 Created' : '200 OK', prefer, result.outcome));
      } else if (entry.method === 'PATCH') {
        const id = entry.url.id ?? (plan?.kind === 'update' ? plan.id : undefined);
        if (id === undefined) throw fail('internal', 'unplanned PATCH');
        const result = await patchResource(deps, ctx, tx, type, id, patchBodyOf(entry), options);
        responses.set(entry.index, writeResponse(result.version, '200 OK', prefer, result.outcome));
      } else if (entry.method === 'GET' || entry.method === 'HEAD') {
        responses.set(entry.index, await runGet(deps, ctx, tx, entry));
      }
    });
  }
  if (!checked) await checkDeferred(deps, tx, ctx.baseUrl, atEntry);
  return { resourceType: 'Bundle', type: 'transaction-response', entry: entries.map((e) => responses.get(e.index) ?? { response: { status: '200 OK' } }) };
}
