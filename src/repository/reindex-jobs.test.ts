import { describe, expect, it } from 'vitest';
import { fail } from '../core/outcomes.js';
import type { FhirStore, ReindexProgress } from '../ports/fhir-store.js';
import { ReindexJobs } from './reindex-jobs.js';
import { sequentialIds } from './test-harness.js';

/** A store whose reindex reports one step, then finishes (or fails) when told. */
function gatedStore(outcome: 'ok' | 'fail') {
  const calls: (string | undefined)[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => { open = r; });
  const store = {
    reindex: async (onProgress?: (p: ReindexProgress) => void, type?: string): Promise<ReindexProgress> => {
      calls.push(type);
      onProgress?.({ done: 1, total: 2 });
      await gate;
      if (outcome === 'fail') throw fail('unavailable', 'store went away');
      return { done: 2, total: 2 };
    },
  } as unknown as FhirStore;
  return { store, calls, open: () => open() };
}

describe('ReindexJobs', () => {
  it('runs jobs one at a time and reports queued → running (with progress) → completed', async () => {
    const { store, calls, open } = gatedStore('ok');
    const jobs = new ReindexJobs(store, sequentialIds('job-'));
    const first = jobs.start('Patient');
    const second = jobs.start(undefined);
    expect(first).toMatchObject({ id: 'job-1', status: 'queued', resourceType: 'Patient' });
    await new Promise((r) => setImmediate(r));
    expect(jobs.get('job-1')).toMatchObject({ status: 'running', done: 1, total: 2 });
    expect(jobs.get(second.id).status).toBe('queued');
    open();
    await jobs.idle();
    expect(jobs.get('job-1')).toMatchObject({ status: 'completed', done: 2, total: 2, outcome: undefined });
    expect(jobs.get('job-2').status).toBe('completed');
    expect(calls).toEqual(['Patient', undefined]);
  });

  it('records a failure with its OperationOutcome and keeps serving later jobs', async () => {
    const { store, open } = gatedStore('fail');
    const jobs = new ReindexJobs(store, sequentialIds('job-'));
    jobs.start(undefined);
    open();
    await jobs.idle();
    const failed = jobs.get('job-1');
    expect(failed.status).toBe('failed');
    expect(failed.outcome?.issue[0]?.code).toBe('transient');
    jobs.start(undefined);
    await jobs.idle();
    expect(jobs.get('job-2').status).toBe('failed');
  });

  it('answers 404 for an unknown job', () => {
    const jobs = new ReindexJobs(gatedStore('ok').store, sequentialIds());
    expect(() => jobs.get('nope')).toThrow(/No \$reindex job/);
  });
});
