/**
 * A small runner of background jobs (`$reindex`, terminology re-map): jobs run one at a time in queue
 * order, their state (status and progress) is polled by id while they run (the HTTP side answers
 * 202 Accepted with a status location, then the state), and the last finished jobs are kept for polling.
 * Job state lives in this process (with MongoDB and several instances, poll the instance that accepted
 * the job). https://hl7.org/fhir/R4/async.html
 */
import type { OperationOutcome } from 'fhir/r4.js';
import { fail, isOperationOutcomeError, notFound } from '../core/outcomes.js';

/** The lifecycle of a job. */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

/** What every job state carries. */
export interface JobState {
  readonly id: string;
  readonly status: JobStatus;
  /** Why a failed job failed. */
  readonly outcome: OperationOutcome | undefined;
}

/** The work of one job: reports progress through `update`; resolves with the last changes of a completed job. */
export type JobWork<J extends JobState> = (update: (change: Partial<J>) => void, job: J) => Promise<Partial<J> | undefined>;

/** Runner settings. */
export interface BackgroundJobsOptions {
  /** Names the job in messages: `No ${label} job 'x'`, `The ${label} job failed`. */
  readonly label: string;
  /** Finished jobs kept for polling (default 100). */
  readonly maxFinished?: number;
}

const finished = (j: JobState): boolean => j.status === 'completed' || j.status === 'failed';

/** Runs jobs of state `J` sequentially. */
export class BackgroundJobs<J extends JobState> {
  readonly #jobs = new Map<string, J>();
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly ids: () => string, private readonly options: BackgroundJobsOptions) {}

  /**
   * Queues a job (behind any running one) and returns its first state at once. `make` builds that state
   * from the new id (status `queued`, no outcome).
   */
  start(make: (id: string) => J, work: JobWork<J>): J {
    const job = make(this.ids());
    this.#jobs.set(job.id, job);
    this.#prune();
    this.#tail = this.#tail.then(() => this.#run(job.id, work));
    return job;
  }

  /** The job's current state; 404 when unknown (or pruned). */
  get(id: string): J {
    const job = this.#jobs.get(id);
    if (job === undefined) throw notFound(`No ${this.options.label} job '${id.slice(0, 80)}'`);
    return job;
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#tail;
  }

  #update(id: string, change: Partial<J>): void {
    const job = this.#jobs.get(id);
    if (job !== undefined) this.#jobs.set(id, { ...job, ...change });
  }

  async #run(id: string, work: JobWork<J>): Promise<void> {
    const job = this.#jobs.get(id);
    if (job === undefined) return;
    const update = (change: Partial<J>): void => this.#update(id, change);
    update({ status: 'running' } as Partial<J>);
    try {
      const last = await work(update, job);
      update({ ...last, status: 'completed' } as Partial<J>);
    } catch (e) {
      const error = isOperationOutcomeError(e) ? e : fail('internal', `The ${this.options.label} job failed`);
      update({ status: 'failed', outcome: error.outcome } as Partial<J>);
    }
  }

  /** Drops the oldest finished jobs beyond the limit (Map keeps insertion order). */
  #prune(): void {
    const max = this.options.maxFinished ?? 100;
    let count = [...this.#jobs.values()].filter(finished).length;
    for (const [id, job] of this.#jobs) {
      if (count <= max) break;
      if (finished(job)) {
        this.#jobs.delete(id);
        count--;
      }
    }
  }
}

/**
 * The answer to a status poll: 202 with an `X-Progress` text (`running: 3 of 10 resources reindexed`)
 * while the job is queued or running, then 200 without one. https://hl7.org/fhir/R4/async.html
 */
export function pollAnswer(job: JobState & { readonly done: number; readonly total: number }, doneVerb: string): { status: 200 | 202; progress: string | undefined } {
  return finished(job) ? { status: 200, progress: undefined } : { status: 202, progress: `${job.status}: ${job.done} of ${job.total} resources ${doneVerb}` };
}
