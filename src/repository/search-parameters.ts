/**
 * Custom search parameters: SearchParameter resources written through the FHIR API (or found in the
 * store at boot) become registry definitions, so new writes are indexed with them at once and
 * `$reindex` brings existing resources up to date. Keyed by `SearchParameter/<id>`, so an update
 * (new code, base or expression) replaces the old definition and a delete removes it.
 * https://hl7.org/fhir/R4/searchparameter.html and https://hl7.org/fhir/R4/search.html#custom
 */
import type { SearchParameter } from 'fhir/r4.js';
import { unprocessable } from '../core/outcomes.js';
import { compileExpression } from '../core/search/path.js';
import type { LoadedSearchParamRegistry } from '../core/search/registry.js';
import type { SearchParamRegistry, SearchRequest } from '../core/search/types.js';
import type { FhirStoreReader, FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';
import type { RepoDeps } from './context.js';

/** Types a runtime parameter may have (composites need component definitions; `special` has no index). */
const RUNTIME_TYPES = new Set(['number', 'date', 'string', 'token', 'reference', 'quantity', 'uri']);
const CODE_RE = /^[A-Za-z][A-Za-z0-9\-.]{0,63}$/;

type MutableRegistry = Pick<LoadedSearchParamRegistry, 'define' | 'undefine'>;

/** The registry's runtime API, when it has one. */
export function mutableRegistry(registry: SearchParamRegistry): MutableRegistry | undefined {
  const r = registry as Partial<LoadedSearchParamRegistry>;
  return typeof r.define === 'function' && typeof r.undefine === 'function' ? (r as MutableRegistry) : undefined;
}

/** Registry key of a stored SearchParameter. */
const keyOf = (id: string): string => `SearchParameter/${id}`;

/**
 * The definition an (active) SearchParameter resource contributes, restricted to known resource types;
 * undefined when it contributes none (draft / retired, no expression, composite, ...). Throws 422 for an
 * active parameter whose code or expression cannot work, so the write is refused with a reason.
 */
export function runtimeDefinition(sp: SearchParameter, knownTypes: ReadonlySet<string>): SearchParameter | undefined {
  if (sp.status !== 'active' || sp.expression === undefined || !RUNTIME_TYPES.has(sp.type)) return undefined;
  const bases = (sp.base ?? []).filter((b) => knownTypes.has(b));
  if (bases.length === 0) return undefined;
  if (!CODE_RE.test(sp.code)) throw unprocessable(`SearchParameter.code '${sp.code}' is not a valid search parameter name`, 'SearchParameter.code');
  for (const base of bases) {
    try {
      compileExpression(sp.expression, base);
    } catch (e) {
      throw unprocessable(`SearchParameter.expression does not compile: ${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)}`, 'SearchParameter.expression');
    }
  }
  return { ...sp, base: bases };
}

/**
 * Wraps `tx` so writes of SearchParameter resources are checked (422 for an unusable active one) and
 * recorded in `written`, to be applied with `applySearchParameters` once the transaction has committed.
 */
export function recordSearchParameters(deps: RepoDeps, tx: FhirStoreTransaction, written: ResourceVersion[]): FhirStoreTransaction {
  if (mutableRegistry(deps.registry) === undefined) return tx;
  return {
    read: (type, id) => tx.read(type, id),
    vread: (type, id, vid) => tx.vread(type, id, vid),
    search: (request) => tx.search(request),
    history: (query) => tx.history(query),
    referrers: (type, id, limit) => tx.referrers(type, id, limit),
    write: async (version) => {
      if (version.resourceType === 'SearchParameter') {
        if (version.resource !== undefined) runtimeDefinition(version.resource as SearchParameter, deps.resourceTypes);
        await tx.write(version);
        written.push(version);
        return;
      }
      await tx.write(version);
    },
  };
}

/** Applies committed SearchParameter versions to the registry (define, replace or remove). */
export function applySearchParameters(deps: RepoDeps, versions: readonly ResourceVersion[]): void {
  const registry = mutableRegistry(deps.registry);
  if (registry === undefined) return;
  for (const v of versions) {
    let definition: SearchParameter | undefined;
    try {
      definition = v.resource === undefined ? undefined : runtimeDefinition(v.resource as SearchParameter, deps.resourceTypes);
    } catch {
      definition = undefined; // checked before the write; a stored one that no longer compiles defines nothing
    }
    if (definition === undefined) registry.undefine(keyOf(v.id));
    else registry.define(keyOf(v.id), definition);
  }
}

/** Loads every stored SearchParameter into the registry (at boot); returns how many define a parameter. */
export async function loadStoredSearchParameters(deps: RepoDeps, reader: FhirStoreReader): Promise<number> {
  if (mutableRegistry(deps.registry) === undefined) return 0;
  const request: SearchRequest = {
    resourceTypes: ['SearchParameter'], filters: [], compartment: undefined, sort: [], count: deps.config.maxCount, cursor: undefined,
    total: 'none', summary: undefined, elements: undefined, include: [], revinclude: [], selfParams: [],
  };
  const versions: ResourceVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.search({ ...request, cursor });
    for (const resource of page.resources) {
      versions.push({ resourceType: 'SearchParameter', id: resource.id ?? '', versionId: 0, lastUpdated: '', deleted: false, method: 'PUT', resource });
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  applySearchParameters(deps, versions);
  return versions.filter((v) => {
    try {
      return runtimeDefinition(v.resource as SearchParameter, deps.resourceTypes) !== undefined;
    } catch {
      return false;
    }
  }).length;
}
