import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

/** A task that waits until `release(name)` is called, recording start and end. */
function harness() {
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  const task = (name: string) => () => new Promise<string>((resolve) => {
    log.push(`start ${name}`);
    gates.set(name, () => {
      log.push(`end ${name}`);
      resolve(name);
    });
  });
  const release = async (name: string): Promise<void> => {
    gates.get(name)?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { log, task, release };
}

describe('KeyedQueue', () => {
  it('runs one key in order and different keys in parallel', async () => {
    const q = new KeyedQueue(4);
    const { log, task, release } = harness();
    const results = [q.run('p1', task('a1')), q.run('p2', task('b1')), q.run('p1', task('a2')), q.run('p1', task('a3'))];
    await release('zzz');
    expect(log).toEqual(['start a1', 'start b1']);
    await release('a1');
    expect(log.slice(2)).toEqual(['end a1', 'start a2']);
    await release('a2');
    await release('b1');
    await release('a3');
    expect(await Promise.all(results)).toEqual(['a1', 'b1', 'a2', 'a3']);
    expect(log.filter((l) => l.includes(' a'))).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
  });

  it('bounds the number of tasks running at once', async () => {
    const q = new KeyedQueue(2);
    const { log, task, release } = harness();
    const all = ['k1', 'k2', 'k3'].map((k) => q.run(k, task(k)));
    await release('none');
    expect(log).toEqual(['start k1', 'start k2']);
    expect(q.size).toBe(3);
    await release('k2');
    expect(log).toContain('start k3');
    await release('k1');
    await release('k3');
    await Promise.all(all);
    await q.idle();
    expect(q.size).toBe(0);
  });

  it('a failing task rejects its caller and does not stall its key', async () => {
    const q = new KeyedQueue(1);
    const failed = q.run('k', () => Promise.reject(new Error('boom')));
    const next = q.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new KeyedQueue(0)).toThrow(RangeError);
  });
});
