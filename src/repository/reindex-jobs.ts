/**
 * `$reindex` jobs: an asynchronous rebuild of the search indexes (after SearchParameters change), run one
 * at a time in the background and polled through `$reindex-status/<id>`. Job state lives in this process
 * (with MongoDB and several instances, poll the instance that accepted the job).
 * https://hl7.org/fhir/R4/async.html
 */
import type { OperationOutcome } from 'fhir/r4.js';
import type { FhirStore } from '../ports/fhir-store.js';
import { BackgroundJobs } from './background-jobs.js';

/** A job's state as reported by `$reindex-status`. */
export interface ReindexJob {
  readonly id: string;
  /** Undefined: every type. */
  readonly resourceType: string | undefined;
  readonly status: 'queued' | 'running' | 'completed' | 'failed';
  readonly done: number;
  readonly total: number;
  /** Why a failed job failed. */
  readonly outcome: OperationOutcome | undefined;
}

/** Runs reindex jobs sequentially over `store` (background-jobs.ts). */
export class ReindexJobs {
  private readonly jobs: BackgroundJobs<ReindexJob>;

  constructor(private readonly store: FhirStore, ids: () => string) {
    this.jobs = new BackgroundJobs<ReindexJob>(ids, { label: '$reindex' });
  }

  /** Queues a job (behind any running one) and returns it at once. */
  start(resourceType: string | undefined): ReindexJob {
    return this.jobs.start(
      (id) => ({ id, resourceType, status: 'queued', done: 0, total: 0, outcome: undefined }),
      async (update, job) => {
        const result = await this.store.reindex((p) => update({ done: p.done, total: p.total }), job.resourceType);
        return { done: result.done, total: result.total };
      },
    );
  }

  /** The job's current state; 404 when unknown (or pruned). */
  get(id: string): ReindexJob {
    return this.jobs.get(id);
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }
}
