/**
 * Builds the one FHIR `transaction` a transaction set becomes. Resources with a business identifier
 * are written conditionally so replays converge: `create-if-absent` → POST + `ifNoneExist`,
 * `upsert` → PUT `Type?identifier=system|value` (new version on each replay, e.g. a reversed claim
 * payment). Entries get `urn:uuid:` fullUrls; the same identity added twice yields one entry.
 * Every resource gets `meta.source`. https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle, BundleEntry, FhirResource, Identifier, Reference } from 'fhir/r4.js';
import type { X12TranslateContext } from './context.js';

/** How an entry is written. */
export type X12WriteMode = 'create-if-absent' | 'upsert' | 'create';

/** FHIR search token escaping, then URL encoding. https://hl7.org/fhir/R4/search.html#escaping */
function tokenPart(s: string): string {
  return encodeURIComponent(s.replace(/[\\,$|]/g, (c) => `\\${c}`));
}

/** `Type?identifier=system|value`. */
export function conditionalUrl(resourceType: string, id: Identifier): string {
  return `${resourceType}?identifier=${tokenPart(id.system ?? '')}|${tokenPart(id.value ?? '')}`;
}

/** Accumulates the entries of one transaction Bundle. */
export class X12BundleBuilder {
  private readonly entries: BundleEntry[] = [];
  private readonly byKey = new Map<string, string>();

  constructor(private readonly ctx: X12TranslateContext) {}

  /**
   * Adds `resource`; `key` is the conditional query (`identifier=s|v`, or several params) that
   * identifies it. Returns a reference to its fullUrl (the existing one when `key` was added before).
   */
  add<T extends FhirResource>(resource: T, mode: X12WriteMode, key?: string): Reference {
    const type = resource.resourceType;
    const mapKey = key === undefined ? undefined : `${type}?${key}`;
    const known = mapKey === undefined ? undefined : this.byKey.get(mapKey);
    if (known !== undefined) return { reference: known };
    const fullUrl = `urn:uuid:${this.ctx.ids()}`;
    const stamped = { ...resource, meta: { ...resource.meta, source: this.ctx.source } };
    const request: BundleEntry['request'] = mode === 'upsert' && key !== undefined
      ? { method: 'PUT', url: `${type}?${key}` }
      : { method: 'POST', url: type, ...(mode === 'create-if-absent' && key !== undefined ? { ifNoneExist: key } : {}) };
    this.entries.push({ fullUrl, resource: stamped, request });
    if (mapKey !== undefined) this.byKey.set(mapKey, fullUrl);
    return { reference: fullUrl };
  }

  /** Adds a resource identified by `identifier` (conditional on it). */
  addIdentified<T extends FhirResource>(resource: T, mode: X12WriteMode, identifier: Identifier): Reference {
    return this.add(resource, mode, conditionalUrl(resource.resourceType, identifier).split('?')[1]);
  }

  /** The transaction Bundle. */
  build(): Bundle {
    return { resourceType: 'Bundle', type: 'transaction', entry: this.entries };
  }

  /** Number of entries so far. */
  get size(): number {
    return this.entries.length;
  }
}
