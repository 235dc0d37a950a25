/**
 * How one accepted transaction set is committed: as one FHIR transaction when it is small, claim by
 * claim when it is big. The store caps a transaction Bundle (10,000 entries), and a batch 837 of a
 * few thousand claims in one ST / SE exceeds it: such a set is translated again per 2300 claim
 * (`translateX12Unit`, the claim with its subscriber, provider and payer) and the claims are committed
 * in parts of at most `MAX_SET_ENTRIES` entries, each claim whole in one part. Inside a part the
 * entries several claims share (same conditional create / update) are written once and referenced by
 * all; across parts the conditional writes converge. https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle, BundleEntry, Provenance } from 'fhir/r4.js';
import { translateX12Unit, type X12TranslateContext } from '../../translators/x12/fhir/index.js';
import type { X12SetAnswer } from '../../translators/x12/generate/index.js';
import { descendants } from '../../translators/x12/transactions/index.js';
import { rewriteReferences } from './pas-store.js';

/** Over this many entries a claim set commits claim by claim (half the store's cap: headroom for Provenance). */
export const MAX_SET_ENTRIES = 5000;

const CLAIM_SETS = new Set(['837P', '837I', '837D']);

/** The bundles `set` commits as, in order (one, or one per claim of a big 837). */
export function setParts(set: X12SetAnswer, translate: X12TranslateContext, maxEntries = MAX_SET_ENTRIES): readonly Bundle[] {
  const whole = set.translation?.bundle;
  if (whole === undefined || (whole.entry ?? []).length === 0) return [];
  const spec = set.transaction.spec;
  const root = set.transaction.root;
  if ((whole.entry ?? []).length <= maxEntries || spec === undefined || root === undefined || !CLAIM_SETS.has(spec.name)) return [whole];
  const parts: Bundle[] = [];
  let pending: Bundle[] = [];
  let size = 0;
  for (const claim of descendants(root, '2300')) {
    const unit = translateX12Unit(spec, claim, translate).bundle;
    const n = (unit.entry ?? []).length;
    if (n === 0) continue;
    if (size + n > maxEntries && pending.length > 0) {
      parts.push(mergeUnits(pending));
      pending = [];
      size = 0;
    }
    pending.push(unit);
    size += n;
  }
  if (pending.length > 0) parts.push(mergeUnits(pending));
  return parts;
}

/** The identity of a conditional entry (the same resource in two claims' bundles), if it has one. */
function conditionalKey(e: BundleEntry): string | undefined {
  const r = e.request;
  if (r?.method === 'PUT' && r.url.includes('?')) return `PUT ${r.url}`;
  if (r?.method === 'POST' && r.ifNoneExist !== undefined) return `POST ${r.url}?${r.ifNoneExist}`;
  return undefined;
}

/** One transaction of several claims' bundles, each shared conditional entry once. */
export function mergeUnits(units: readonly Bundle[]): Bundle {
  const entries: BundleEntry[] = [];
  const first = new Map<string, string>();
  const alias = new Map<string, string>();
  for (const u of units) {
    for (const e of u.entry ?? []) {
      const key = conditionalKey(e);
      const known = key === undefined ? undefined : first.get(key);
      if (known !== undefined && e.fullUrl !== undefined) {
        alias.set(e.fullUrl, known);
        continue;
      }
      if (key !== undefined && e.fullUrl !== undefined) first.set(key, e.fullUrl);
      entries.push(e);
    }
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: alias.size === 0 ? entries : entries.map((e) => rewriteReferences(e, alias) as BundleEntry) };
}

/**
 * One Provenance per committed part: `Provenance/inbox-<entry>-<set>` (or `…-<set>-<part>` for a set
 * committed in several parts), idempotent on reprocessing.
 */
export function setProvenance(bundle: Bundle, id: string): Bundle {
  return {
    ...bundle,
    entry: (bundle.entry ?? []).map((e) => {
      if (e.resource?.resourceType !== 'Provenance' || e.request?.method !== 'PUT') return e;
      const p: Provenance = { ...e.resource, id };
      return { ...e, resource: p, request: { method: 'PUT', url: `Provenance/${id}` } };
    }),
  };
}

/** The Provenance id of part `part` (0-based) of set `ordinal` (1-based) of inbox entry `entryId`. */
export function partProvenanceId(entryId: string, ordinal: number, part: number, parts: number): string {
  return parts === 1 ? `inbox-${entryId}-${ordinal}` : `inbox-${entryId}-${ordinal}-${part + 1}`;
}
