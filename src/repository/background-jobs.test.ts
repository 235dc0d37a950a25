import { describe, it, expect } from 'vitest';
import { fail } from '../core/outcomes.js';
import { BackgroundJobs, pollAnswer, type JobState } from './background-jobs.js';
import { sequentialIds } from './test-harness.js';

interface CountJob extends JobState {
  readonly done: number;
  readonly total: number;
}

const fresh = (id: string): CountJob => ({ id, status: 'queued', outcome: undefined, done: 0, total: 0 });

describe('BackgroundJobs', () => {
  it('runs jobs one at a time in order, reporting progress, and keeps the final state', async () => {
    const jobs = new BackgroundJobs<CountJob>(sequentialIds('job-'), { label: 'count' });
    const seen: string[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const first = jobs.start(fresh, async (update, job) => {
      seen.push(`start ${job.id}`);
      update({ total: 2, done: 1 });
      await gate;
      return { done: 2 };
    });
    const second = jobs.start(fresh, (_update, job) => {
      seen.push(`start ${job.id}`);
      return Promise.resolve(undefined);
    });
    expect(first.status).toBe('queued');
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(first.id)).toMatchObject({ status: 'running', done: 1, total: 2 });
    expect(jobs.get(second.id).status).toBe('queued');
    expect(pollAnswer(jobs.get(first.id), 'counted')).toEqual({ status: 202, progress: 'running: 1 of 2 resources counted' });
    release();
    await jobs.idle();
    expect(seen).toEqual(['start job-1', 'start job-2']);
    expect(jobs.get(first.id)).toMatchObject({ status: 'completed', done: 2, total: 2 });
    expect(pollAnswer(jobs.get(first.id), 'counted')).toEqual({ status: 200, progress: undefined });
  });

  it.each([
    ['an OperationOutcomeError keeps its outcome', fail('not-found', 'gone away'), 'gone away'],
    ['anything else is an internal failure', new Error('boom'), 'The count job failed'],
  ])('%s', async (_label, error, diagnostics) => {
    const jobs = new BackgroundJobs<CountJob>(sequentialIds(), { label: 'count' });
    const job = jobs.start(fresh, () => Promise.reject(error));
    await jobs.idle();
    expect(jobs.get(job.id).status).toBe('failed');
    expect(jobs.get(job.id).outcome?.issue[0]?.diagnostics).toBe(diagnostics);
  });

  it('forgets the oldest finished jobs beyond the limit; unknown ids are a 404', async () => {
    const jobs = new BackgroundJobs<CountJob>(sequentialIds('j'), { label: 'count', maxFinished: 2 });
    for (let i = 0; i < 4; i++) {
      jobs.start(fresh, () => Promise.resolve(undefined));
      await jobs.idle();
    }
    jobs.start(fresh, () => Promise.resolve(undefined));
    await jobs.idle();
    expect(() => jobs.get('j1')).toThrow(/No count job 'j1'/);
    expect(jobs.get('j5').status).toBe('completed');
  });
});
