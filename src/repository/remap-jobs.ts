/**
 * Re-map jobs: after a ConceptMap changed, resources whose `meta.tag` records an older version of it
 * (system `https://lyfeai.dev/fhir/CodeSystem/concept-map-version`, code `url|version`) are re-translated
 * from their kept original codings and written as a new version carrying the new tag. Jobs run one at
 * a time in the background on the runner `$reindex` uses too (background-jobs.ts), and are polled for
 * progress. Job state lives in this process. https://hl7.org/fhir/R4/async.html
 */
import type { Coding, ConceptMap, OperationOutcome } from 'fhir/r4.js';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM } from '../core/code-mapping.js';
import { badRequest, isOperationOutcomeError, notFound } from '../core/outcomes.js';
import { parseSearchRequest } from '../core/search/parse.js';
import type { SearchParamRegistry } from '../core/search/types.js';
import type { FhirStoreReader } from '../ports/fhir-store.js';
import type { TerminologyService } from '../ports/terminology-service.js';
import { BackgroundJobs } from './background-jobs.js';
import { needsRemap, remapPlan, remapResource, type RemapPlan } from './remap-codings.js';
import type { FhirInteractions, RequestContext } from './types.js';

/** A re-map job's state. */
export interface RemapJob {
  readonly id: string;
  /** The ConceptMap url. */
  readonly conceptMap: string;
  /** The `url|version` written (known once the job runs). */
  readonly mapVersion: string | undefined;
  readonly status: 'queued' | 'running' | 'completed' | 'failed';
  /** Resources found with an older version tag, and how many were handled so far. */
  readonly total: number;
  readonly done: number;
  /** Resources written as a new version, and resources that could not be written. */
  readonly changed: number;
  readonly failed: number;
  /** Why a failed job failed. */
  readonly outcome: OperationOutcome | undefined;
}

/** What a re-map job works with. */
export interface RemapJobDeps {
  readonly store: FhirStoreReader;
  readonly registry: SearchParamRegistry;
  readonly repo: Pick<FhirInteractions, 'read' | 'update'>;
  /** The current ConceptMap of a url (the terminology content registry). */
  readonly maps: { resolve(type: 'ConceptMap', url: string): ConceptMap | undefined };
  readonly terminology: Pick<TerminologyService, 'translate'>;
  readonly ids: () => string;
  /** FHIR base of the writes' request context. */
  readonly baseUrl: string;
  /** Resources per search page while finding candidates (default 500). */
  readonly pageSize?: number;
}

const MAX_WRITE_ATTEMPTS = 3;

/** Runs re-map jobs sequentially. */
export class RemapJobs {
  private readonly jobs: BackgroundJobs<RemapJob>;
  private readonly ctx: RequestContext;

  constructor(private readonly deps: RemapJobDeps) {
    this.jobs = new BackgroundJobs<RemapJob>(deps.ids, { label: 're-map' });
    // No source: each resource keeps its `meta.source` (the message it came from).
    this.ctx = { baseUrl: deps.baseUrl, source: undefined, lenient: false, patientCompartment: undefined };
  }

  /** Queues a job for the ConceptMap `url` (400 without one, 404 for an unknown map). */
  start(url: unknown): RemapJob {
    if (typeof url !== 'string' || url === '' || url.length > 4096) throw badRequest('conceptMap (a ConceptMap url) is required', 'conceptMap');
    if (this.deps.maps.resolve('ConceptMap', url) === undefined) throw notFound(`ConceptMap ${url.slice(0, 200)} not found`);
    return this.jobs.start(
      (id) => ({ id, conceptMap: url, mapVersion: undefined, status: 'queued', total: 0, done: 0, changed: 0, failed: 0, outcome: undefined }),
      (update, job) => this.run(job, update),
    );
  }

  /** The job's current state; 404 when unknown (or pruned). */
  get(id: string): RemapJob {
    return this.jobs.get(id);
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  /** One job's work: find the candidates, then re-map them one by one (progress after each). */
  private async run(job: RemapJob, update: (change: Partial<RemapJob>) => void): Promise<undefined> {
    const map = this.deps.maps.resolve('ConceptMap', job.conceptMap);
    if (map?.url === undefined) throw notFound(`ConceptMap ${job.conceptMap} not found`);
    const plan = remapPlan({ ...map, url: map.url });
    update({ mapVersion: plan.label });
    const candidates = await this.candidates(plan);
    update({ total: candidates.length });
    const translate = this.translator(map);
    let done = 0;
    let changed = 0;
    let failed = 0;
    for (const key of candidates) {
      const outcome = await this.remapOne(key, plan, translate);
      done++;
      if (outcome === 'changed') changed++;
      if (outcome === 'failed') failed++;
      update({ done, changed, failed });
    }
    return undefined;
  }

  /** Every current resource tagged with another version of the plan's map. */
  private async candidates(plan: RemapPlan): Promise<{ type: string; id: string }[]> {
    const pageSize = this.deps.pageSize ?? 500;
    const request = parseSearchRequest(undefined, new URLSearchParams([['_tag', `${CONCEPT_MAP_VERSION_TAG_SYSTEM}|`], ['_total', 'none']]), this.deps.registry,
      { lenient: false, defaultCount: pageSize, maxCount: pageSize });
    const out: { type: string; id: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.search({ ...request, cursor });
      for (const r of page.resources) if (r.id !== undefined && needsRemap(r, plan)) out.push({ type: r.resourceType, id: r.id });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out;
  }

  /** Translations with the map version, cached for the job. */
  private translator(map: ConceptMap): (system: string, code: string) => Promise<readonly Coding[]> {
    const cache = new Map<string, Promise<readonly Coding[]>>();
    return (system, code) => {
      const key = `${system}|${code}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        hit = this.deps.terminology.translate({
          system, code, url: map.url ?? '', ...(map.version !== undefined && { conceptMapVersion: map.version }),
        }).then((r) => r.matches.flatMap((m) => (m.concept === undefined || m.equivalence === 'unmatched' || m.equivalence === 'disjoint' ? [] : [m.concept])));
        cache.set(key, hit);
      }
      return hit;
    };
  }

  /** Re-maps one resource (re-read, so a concurrent write is never lost; retried on a version race). */
  private async remapOne(key: { type: string; id: string }, plan: RemapPlan, translate: (s: string, c: string) => Promise<readonly Coding[]>): Promise<'changed' | 'unchanged' | 'failed'> {
    for (let attempt = 1; ; attempt++) {
      try {
        const current = await this.deps.repo.read(this.ctx, key.type, key.id);
        if (!needsRemap(current, plan)) return 'unchanged';
        const next = await remapResource(current, plan, translate);
        const ifMatch = Number(current.meta?.versionId);
        const result = await this.deps.repo.update(this.ctx, key.type, key.id, next, Number.isInteger(ifMatch) ? { ifMatch } : {});
        return result.changed ? 'changed' : 'unchanged';
      } catch (e) {
        if (isOperationOutcomeError(e) && (e.category === 'not-found' || e.category === 'gone')) return 'unchanged'; // deleted meanwhile
        if (isOperationOutcomeError(e) && e.category === 'precondition-failed' && attempt < MAX_WRITE_ATTEMPTS) continue;
        if (!isOperationOutcomeError(e)) throw e; // the store is failing: fail the job
        return 'failed';
      }
    }
  }
}
