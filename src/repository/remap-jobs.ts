/**
 * Re-map jobs: after a ConceptMap changed, resources whose `meta.tag` records an older version of it
 * (system `https://lyfeai.dev/fhir/CodeSystem/concept-map-version`, code `url|version`) are re-translated
 * from their kept original codings and written as a new version carrying the new tag. Jobs run one at
 * a time in the background, like `$reindex` (reindex-jobs.ts), and are polled for progress. Job state
 * lives in this process. https://hl7.org/fhir/R4/async.html
 */
import type { Coding, ConceptMap, OperationOutcome } from 'fhir/r4.js';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM } from '../core/code-mapping.js';
import { badRequest, fail, isOperationOutcomeError, notFound } from '../core/outcomes.js';
import { parseSearchRequest } from '../core/search/parse.js';
import type { SearchParamRegistry } from '../core/search/types.js';
import type { FhirStoreReader } from '../ports/fhir-store.js';
import type { TerminologyService } from '../ports/terminology-service.js';
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

const MAX_FINISHED = 100;
const MAX_WRITE_ATTEMPTS = 3;

/** Runs re-map jobs sequentially. */
export class RemapJobs {
  private readonly jobs = new Map<string, RemapJob>();
  private tail: Promise<void> = Promise.resolve();
  private readonly ctx: RequestContext;

  constructor(private readonly deps: RemapJobDeps) {
    // No source: each resource keeps its `meta.source` (the message it came from).
    this.ctx = { baseUrl: deps.baseUrl, source: undefined, lenient: false, patientCompartment: undefined };
  }

  /** Queues a job for the ConceptMap `url` (400 without one, 404 for an unknown map). */
  start(url: unknown): RemapJob {
    if (typeof url !== 'string' || url === '' || url.length > 4096) throw badRequest('conceptMap (a ConceptMap url) is required', 'conceptMap');
    if (this.deps.maps.resolve('ConceptMap', url) === undefined) throw notFound(`ConceptMap ${url.slice(0, 200)} not found`);
    const job: RemapJob = {
      id: this.deps.ids(), conceptMap: url, mapVersion: undefined, status: 'queued', total: 0, done: 0, changed: 0, failed: 0, outcome: undefined,
    };
    this.jobs.set(job.id, job);
    this.prune();
    this.tail = this.tail.then(() => this.run(job.id));
    return job;
  }

  /** The job's current state; 404 when unknown (or pruned). */
  get(id: string): RemapJob {
    const job = this.jobs.get(id);
    if (job === undefined) throw notFound(`No re-map job '${id.slice(0, 80)}'`);
    return job;
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  private update(id: string, change: Partial<RemapJob>): void {
    const job = this.jobs.get(id);
    if (job !== undefined) this.jobs.set(id, { ...job, ...change });
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job === undefined) return;
    try {
      const map = this.deps.maps.resolve('ConceptMap', job.conceptMap);
      if (map?.url === undefined) throw notFound(`ConceptMap ${job.conceptMap} not found`);
      const plan = remapPlan({ ...map, url: map.url });
      this.update(id, { status: 'running', mapVersion: plan.label });
      const candidates = await this.candidates(plan);
      this.update(id, { total: candidates.length });
      const translate = this.translator(map);
      let done = 0;
      let changed = 0;
      let failed = 0;
      for (const key of candidates) {
        const outcome = await this.remapOne(key, plan, translate);
        done++;
        if (outcome === 'changed') changed++;
        if (outcome === 'failed') failed++;
        this.update(id, { done, changed, failed });
      }
      this.update(id, { status: 'completed' });
    } catch (e) {
      const error = isOperationOutcomeError(e) ? e : fail('internal', 'The re-map job failed');
      this.update(id, { status: 'failed', outcome: error.outcome });
    }
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

  /** Drops the oldest finished jobs beyond the limit (Map keeps insertion order). */
  private prune(): void {
    let finished = [...this.jobs.values()].filter((j) => j.status === 'completed' || j.status === 'failed').length;
    for (const [id, job] of this.jobs) {
      if (finished <= MAX_FINISHED) break;
      if (job.status === 'completed' || job.status === 'failed') {
        this.jobs.delete(id);
        finished--;
      }
    }
  }
}
