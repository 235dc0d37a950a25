/**
 * Builds the one FHIR `transaction` a message becomes. Resources with a business identifier are written
 * with conditional interactions so that replays converge: `upsert` → `PUT Type?identifier=s|v`,
 * `createIfAbsent` → `POST` + `ifNoneExist`, `patch` → conditional `PATCH` (FHIRPath Patch) for updates
 * that carry only some fields. Entries get `urn:uuid:` fullUrls; other entries reference those (or the
 * conditional URL for a PATCH target, which the server resolves by search). Every resource gets
 * `meta.source = ctx.source` and, when the context's mapper is a TaggingCodeMapper, one `meta.tag` per
 * ConceptMap version behind its codings; the same identity added twice yields one entry.
 * https://hl7.org/fhir/R4/http.html#transaction · https://hl7.org/fhir/R4/http.html#cond-update
 */
import type { Bundle, BundleEntry, FhirResource, Identifier, Parameters, ParametersParameter, Reference } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from './types.js';
import { withConceptMapVersionTags } from '../../../core/code-mapping.js';
import { TaggingCodeMapper } from './code-tags.js';

/** How an entry is written. */
export type WriteMode = 'upsert' | 'create-if-absent' | 'create' | 'patch';

/** One entry as the builder keeps it. */
export interface BuiltEntry {
  readonly mode: WriteMode;
  readonly resourceType: string;
  readonly fullUrl: string | undefined;
  /** `Type?identifier=…` for conditional entries. */
  readonly conditional: string | undefined;
  readonly entry: BundleEntry;
}

/** FHIR search token escaping (`\`, `,`, `$`, `|`) then URL encoding. https://hl7.org/fhir/R4/search.html#escaping */
function tokenPart(s: string): string {
  return encodeURIComponent(s.replace(/[\\,$|]/g, (c) => `\\${c}`));
}

/** `identifier=system|value` (escaped) for conditional interactions on a business identifier. */
export function identifierQuery(id: Identifier): string {
  return `identifier=${tokenPart(id.system ?? '')}|${tokenPart(id.value ?? '')}`;
}

/** `Type?identifier=system|value`: a conditional reference / URL. */
export function conditionalUrl(resourceType: string, id: Identifier): string {
  return `${resourceType}?${identifierQuery(id)}`;
}

/** One FHIRPath Patch operation. https://hl7.org/fhir/R4/fhirpatch.html */
export type PatchOperation =
  | { readonly type: 'add'; readonly path: string; readonly name: string; readonly value: ParametersParameter }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'replace'; readonly path: string; readonly value: ParametersParameter };

/** One JSON Patch operation (the subset the translators emit). https://www.rfc-editor.org/rfc/rfc6902 */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** PatchOperations → the Parameters resource of a FHIRPath Patch. */
export function fhirPathPatch(ops: readonly PatchOperation[]): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: ops.map((op) => ({
      name: 'operation',
      part: [
        { name: 'type', valueCode: op.type },
        { name: 'path', valueString: op.path },
        ...(op.type === 'add' ? [{ name: 'name', valueString: op.name }] : []),
        ...(op.type === 'delete' ? [] : [{ ...op.value, name: 'value' }]),
      ],
    })),
  };
}

/** Accumulates the entries of one transaction. */
export class BundleBuilder {
  readonly #entries: BuiltEntry[] = [];
  readonly #byKey = new Map<string, BuiltEntry>();
  readonly #reserved = new Map<string, string>();

  constructor(private readonly ctx: Hl7v2TranslateContext) {}

  #stamp<T extends FhirResource>(resource: T): T {
    const meta = { ...resource.meta, source: this.ctx.source };
    // The ConceptMap versions behind the resource's mapped codings (the re-map job finds it by them).
    const maps = this.ctx.codes instanceof TaggingCodeMapper ? this.ctx.codes.mapsFor(resource) : [];
    return { ...resource, meta: maps.length > 0 ? { ...meta, tag: withConceptMapVersionTags({ tag: meta.tag ?? [] }, maps).tag ?? [] } : meta };
  }

  #push(key: string | undefined, built: BuiltEntry): BuiltEntry {
    this.#entries.push(built);
    if (key !== undefined) this.#byKey.set(key, built);
    return built;
  }

  /** The entry already added for `Type?identifier=…`, if any. */
  find(resourceType: string, id: Identifier): BuiltEntry | undefined {
    return this.#byKey.get(conditionalUrl(resourceType, id));
  }

  /** Conditional update (`PUT Type?identifier=…`): creates or replaces. Returns the reference to use. */
  upsert(resource: FhirResource, id: Identifier): Reference {
    return this.#conditional('upsert', resource, id);
  }

  /** Conditional create (`POST` + `ifNoneExist`): creates only when absent, never overwrites. */
  createIfAbsent(resource: FhirResource, id: Identifier): Reference {
    return this.#conditional('create-if-absent', resource, id);
  }

  #conditional(mode: 'upsert' | 'create-if-absent', resource: FhirResource, id: Identifier): Reference {
    const url = conditionalUrl(resource.resourceType, id);
    const existing = this.#byKey.get(url);
    if (existing !== undefined) return refTo(existing);
    const fullUrl = this.#reserved.get(url) ?? `urn:uuid:${this.ctx.ids()}`;
    const request = mode === 'upsert'
      ? { method: 'PUT' as const, url }
      : { method: 'POST' as const, url: resource.resourceType, ifNoneExist: identifierQuery(id) };
    return refTo(this.#push(url, { mode, resourceType: resource.resourceType, fullUrl, conditional: url, entry: { fullUrl, resource: this.#stamp(resource), request } }));
  }

  /**
   * The reference a later `upsert` / `createIfAbsent` of `Type?identifier=…` will have, for resources that
   * refer to each other (Encounter.diagnosis ↔ Condition.encounter).
   */
  reserve(resourceType: string, id: Identifier): Reference {
    const url = conditionalUrl(resourceType, id);
    const existing = this.#byKey.get(url);
    if (existing !== undefined) return refTo(existing);
    let fullUrl = this.#reserved.get(url);
    if (fullUrl === undefined) {
      fullUrl = `urn:uuid:${this.ctx.ids()}`;
      this.#reserved.set(url, fullUrl);
    }
    return { reference: fullUrl };
  }

  /**
   * Conditional patch with a JSON Patch document (RFC 6902) carried in a Binary: used where whole
   * elements are replaced (`add` replaces an existing member). References inside are not rewritten by
   * the server, so they must be logical or absolute. Returns the conditional reference.
   */
  jsonPatch(resourceType: string, id: Identifier, ops: readonly JsonPatchOperation[]): Reference {
    const url = conditionalUrl(resourceType, id);
    const existing = this.#byKey.get(url);
    if (existing !== undefined) return refTo(existing);
    const all: JsonPatchOperation[] = [...ops, { op: 'add', path: '/meta/source', value: this.ctx.source }];
    const data = Buffer.from(JSON.stringify(all), 'utf8').toString('base64');
    this.#push(url, { mode: 'patch', resourceType, fullUrl: undefined, conditional: url, entry: { resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data }, request: { method: 'PATCH', url } } });
    return { reference: url };
  }

  /** Plain create (`POST`), for resources without identity (Provenance). */
  create(resource: FhirResource): Reference {
    const fullUrl = `urn:uuid:${this.ctx.ids()}`;
    return refTo(this.#push(undefined, { mode: 'create', resourceType: resource.resourceType, fullUrl, conditional: undefined, entry: { fullUrl, resource: this.#stamp(resource), request: { method: 'POST', url: resource.resourceType } } }));
  }

  /**
   * Conditional patch (`PATCH Type?identifier=…`, FHIRPath Patch) of an existing resource; `meta.source`
   * is set by the patch too. Returns the conditional reference (a PATCH target has no fullUrl).
   */
  patch(resourceType: string, id: Identifier, ops: readonly PatchOperation[]): Reference {
    const url = conditionalUrl(resourceType, id);
    const stamp: PatchOperation[] = [
      { type: 'delete', path: `${resourceType}.meta.source` },
      { type: 'add', path: `${resourceType}.meta`, name: 'source', value: { name: 'value', valueUri: this.ctx.source } },
    ];
    const existing = this.#byKey.get(url);
    if (existing !== undefined) return refTo(existing);
    this.#push(url, { mode: 'patch', resourceType, fullUrl: undefined, conditional: url, entry: { resource: fhirPathPatch([...ops, ...stamp]), request: { method: 'PATCH', url } } });
    return { reference: url };
  }

  /** Everything added so far, in order. */
  get entries(): readonly BuiltEntry[] {
    return this.#entries;
  }

  /** References to every written resource (Provenance.target). */
  targets(): Reference[] {
    return this.#entries.filter((e) => e.resourceType !== 'Provenance').map(refTo);
  }

  /** The transaction Bundle. */
  build(): Bundle {
    return { resourceType: 'Bundle', type: 'transaction', entry: this.#entries.map((e) => e.entry) };
  }
}

/** The reference other entries use for `e`: its fullUrl, else its conditional URL. */
function refTo(e: BuiltEntry): Reference {
  return { reference: e.fullUrl ?? e.conditional ?? '' };
}
