/**
 * FhirRepository: the one implementation of FHIR REST semantics (versioning, conditional interactions,
 * patch, bundles, includes, compartments) over any FhirStore. Each interaction lives in its own module;
 * this class wires the dependencies and gives each write its own store transaction.
 * https://hl7.org/fhir/R4/http.html
 */
import type { Bundle, Meta, OperationOutcome, Parameters, Resource } from 'fhir/r4.js';
import { patientCompartmentParams } from '../core/search/registry.js';
import { loadSummaryDefinitions } from '../core/summary-definitions.js';
import type {
  BundleOptions, FhirInteractions, PatchBody, RequestContext, ResourceJson, WriteOptions, WriteResult,
} from './types.js';
import { DEFAULT_REPOSITORY_CONFIG, type RepoDeps, type RepositoryOptions } from './context.js';
import { createResource } from './create.js';
import { readResource, readResourceJson, vreadResource } from './read.js';
import { updateResource } from './update.js';
import { patchResource } from './patch.js';
import { deleteResource } from './delete.js';
import { conditionalDeleteResources, conditionalPatchResource, conditionalUpdateResource } from './conditional.js';
import { historyBundle } from './history.js';
import { searchBundle } from './search.js';
import { everythingBundle } from './everything.js';
import { processBundle } from './bundle.js';
import { changeMeta, metaInUse, metaParameters } from './meta.js';
import { ReindexJobs, type ReindexJob } from './reindex-jobs.js';
import { loadStoredSearchParameters } from './search-parameters.js';
import { assertResourceTypeName } from './resource-utils.js';
import { badRequest } from '../core/outcomes.js';
import { validateResource } from './validate.js';
import { runWrite, toWriteResult } from './write.js';
import { loadStoredTerminology } from './terminology-sync.js';
import { withProfiles } from '../validation/profile/with-profiles.js';

export type { RepositoryConfig, RepositoryOptions } from './context.js';
export { DEFAULT_REPOSITORY_CONFIG } from './context.js';

/** The FHIR interaction layer over a FhirStore. */
export class FhirRepository implements FhirInteractions {
  private readonly deps: RepoDeps;
  private readonly reindexJobs: ReindexJobs;

  constructor(options: RepositoryOptions) {
    this.deps = {
      store: options.store,
      registry: options.registry,
      extractor: options.extractor,
      // Writes claiming a profile in meta.profile are checked against it as well.
      validator: options.profiles === undefined ? options.validator : withProfiles(options.validator, options.profiles),
      clock: options.clock,
      ids: options.ids,
      config: { ...DEFAULT_REPOSITORY_CONFIG, ...options.config },
      summaries: options.summaries ?? loadSummaryDefinitions,
      resourceTypes: new Set(options.registry.resourceTypes()),
      compartmentTypes: new Set([...patientCompartmentParams()].filter(([, params]) => params.length > 0).map(([type]) => type)),
      terminology: options.terminology,
      terminologyContent: options.terminologyContent,
      profiles: options.profiles,
    };
    this.reindexJobs = new ReindexJobs(options.store, options.ids);
  }

  /**
   * Loads the SearchParameter resources already in the store into the registry (call once at boot,
   * before serving); returns how many define a search parameter. https://hl7.org/fhir/R4/search.html#custom
   */
  async loadSearchParameters(): Promise<number> {
    return loadStoredSearchParameters(this.deps, this.deps.store);
  }

  /**
   * Puts the CodeSystems, ValueSets and ConceptMaps already in the store into the terminology content
   * registry (call once at boot); answers how many. https://hl7.org/fhir/R4/terminology-service.html
   */
  async loadTerminology(): Promise<number> {
    const sink = this.deps.terminologyContent;
    return sink === undefined ? 0 : loadStoredTerminology(sink, this.deps.store, this.deps.config.maxCount);
  }

  /** Resolves when every queued `$reindex` job has finished (tests, graceful shutdown). */
  async reindexIdle(): Promise<void> {
    await this.reindexJobs.idle();
  }

  async create(ctx: RequestContext, resource: unknown, options?: WriteOptions): Promise<WriteResult> {
    return toWriteResult(await runWrite(this.deps, undefined, (tx) => createResource(this.deps, ctx, tx, resource, options)));
  }

  async read(ctx: RequestContext, resourceType: string, id: string): Promise<Resource> {
    return readResource(this.deps, ctx, this.deps.store, resourceType, id);
  }

  async readJson(ctx: RequestContext, resourceType: string, id: string): Promise<ResourceJson> {
    return readResourceJson(this.deps, ctx, this.deps.store, resourceType, id);
  }

  async vread(ctx: RequestContext, resourceType: string, id: string, versionId: string): Promise<Resource> {
    return vreadResource(this.deps, ctx, this.deps.store, resourceType, id, versionId);
  }

  async update(ctx: RequestContext, resourceType: string, id: string, resource: unknown, options?: WriteOptions): Promise<WriteResult> {
    return toWriteResult(
      await runWrite(this.deps, options?.ifMatch, (tx) => updateResource(this.deps, ctx, tx, resourceType, id, resource, options)),
    );
  }

  async conditionalUpdate(ctx: RequestContext, resourceType: string, query: string, resource: unknown, options?: WriteOptions): Promise<WriteResult> {
    return toWriteResult(
      await runWrite(this.deps, options?.ifMatch, (tx) => conditionalUpdateResource(this.deps, ctx, tx, resourceType, query, resource, options)),
    );
  }

  async patch(ctx: RequestContext, resourceType: string, id: string, patch: PatchBody, options?: WriteOptions): Promise<WriteResult> {
    return toWriteResult(await runWrite(this.deps, options?.ifMatch, (tx) => patchResource(this.deps, ctx, tx, resourceType, id, patch, options)));
  }

  async conditionalPatch(ctx: RequestContext, resourceType: string, query: string, patch: PatchBody, options?: WriteOptions): Promise<WriteResult> {
    return toWriteResult(
      await runWrite(this.deps, options?.ifMatch, (tx) => conditionalPatchResource(this.deps, ctx, tx, resourceType, query, patch, options)),
    );
  }

  async delete(ctx: RequestContext, resourceType: string, id: string, options?: WriteOptions): Promise<void> {
    await runWrite(this.deps, options?.ifMatch, (tx) => deleteResource(this.deps, ctx, tx, resourceType, id, options));
  }

  async conditionalDelete(ctx: RequestContext, resourceType: string, query: string): Promise<{ deleted: number }> {
    const deleted = await runWrite(this.deps, undefined, (tx) => conditionalDeleteResources(this.deps, ctx, tx, resourceType, query));
    return { deleted };
  }

  async history(ctx: RequestContext, resourceType: string | undefined, id: string | undefined, params: URLSearchParams): Promise<Bundle> {
    return historyBundle(this.deps, ctx, this.deps.store, resourceType, id, params);
  }

  async search(ctx: RequestContext, resourceType: string | undefined, params: URLSearchParams, compartment?: string): Promise<Bundle> {
    return searchBundle(this.deps, ctx, this.deps.store, resourceType, params, compartment);
  }

  async everything(ctx: RequestContext, patientId: string, params: URLSearchParams): Promise<Bundle> {
    return everythingBundle(this.deps, ctx, this.deps.store, patientId, params);
  }

  async bundle(ctx: RequestContext, bundle: unknown, options?: BundleOptions): Promise<Bundle> {
    return processBundle(this.deps, ctx, bundle, options?.prefer ?? 'representation');
  }

  async validate(ctx: RequestContext, resource: unknown, mode: 'create' | 'update' | 'delete' | undefined, profile: string | undefined): Promise<OperationOutcome> {
    return validateResource(this.deps, ctx, resource, mode, profile);
  }

  async meta(ctx: RequestContext, resourceType: string, id: string, versionId?: string): Promise<Parameters> {
    const resource = versionId === undefined
      ? await readResource(this.deps, ctx, this.deps.store, resourceType, id)
      : await vreadResource(this.deps, ctx, this.deps.store, resourceType, id, versionId);
    return metaParameters(resource.meta);
  }

  async metaAdd(ctx: RequestContext, resourceType: string, id: string, meta: Meta): Promise<Parameters> {
    const result = await runWrite(this.deps, undefined, (tx) => changeMeta(this.deps, ctx, tx, resourceType, id, meta, true));
    return metaParameters(result.version.resource?.meta);
  }

  async metaDelete(ctx: RequestContext, resourceType: string, id: string, meta: Meta): Promise<Parameters> {
    const result = await runWrite(this.deps, undefined, (tx) => changeMeta(this.deps, ctx, tx, resourceType, id, meta, false));
    return metaParameters(result.version.resource?.meta);
  }

  async metaInUse(ctx: RequestContext, resourceType: string | undefined): Promise<Parameters> {
    return metaInUse(this.deps, ctx, this.deps.store, resourceType);
  }

  async startReindex(_ctx: RequestContext, resourceType: string | undefined): Promise<ReindexJob> {
    if (resourceType !== undefined) {
      assertResourceTypeName(resourceType);
      if (!this.deps.resourceTypes.has(resourceType)) throw badRequest(`Unknown resource type '${resourceType}'`, 'resourceType');
    }
    return this.reindexJobs.start(resourceType);
  }

  async reindexStatus(_ctx: RequestContext, jobId: string): Promise<ReindexJob> {
    return this.reindexJobs.get(jobId);
  }
}
