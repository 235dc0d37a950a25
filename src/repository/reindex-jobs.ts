/**
 * `$reindex` jobs: an asynchronous rebuild of the search indexes (after SearchParameters change), run one
 * at a time in the background and polled through `$reindex-status/<id>`. Job state lives in this process
 * (with MongoDB and several instances, poll the instance that accepted the job).
 * https://hl7.org/fhir/R4/async.html
 */
import type { OperationOutcome } from 'fhir/r4.js';
import { fail, isOperationOutcomeError, notFound } from '../core/outcomes.js';
import type { FhirStore } from '../ports/fhir-store.js';

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

/** Finished jobs kept for polling. */
const MAX_FINISHED = 100;

/** Runs reindex jobs sequentially over `store`. */
export class ReindexJobs {
  private readonly jobs = new Map<string, ReindexJob>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly store: FhirStore, private readonly ids: () => string) {}

  /** Queues a job (behind any running one) and returns it at once. */
  start(resourceType: string | undefined): ReindexJob {
    const job: ReindexJob = { id: this.ids(), resourceType, status: 'queued', done: 0, total: 0, outcome: undefined };
    this.jobs.set(job.id, job);
    this.prune();
    this.tail = this.tail.then(() => this.run(job.id));
    return job;
  }

  /** The job's current state; 404 when unknown (or pruned). */
  get(id: string): ReindexJob {
    const job = this.jobs.get(id);
    if (job === undefined) throw notFound(`No $reindex job '${id.slice(0, 80)}'`);
    return job;
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  private update(id: string, change: Partial<ReindexJob>): void {
    const job = this.jobs.get(id);
    if (job !== undefined) this.jobs.set(id, { ...job, ...change });
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job === undefined) return;
    this.update(id, { status: 'running' });
    try {
      const result = await this.store.reindex((p) => this.update(id, { done: p.done, total: p.total }), job.resourceType);
      this.update(id, { status: 'completed', done: result.done, total: result.total });
    } catch (e) {
      const error = isOperationOutcomeError(e) ? e : fail('internal', 'The reindex job failed');
      this.update(id, { status: 'failed', outcome: error.outcome });
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
