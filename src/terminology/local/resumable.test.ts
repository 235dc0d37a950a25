/** Resumable builds: stepped, finished early by a caller, run in background slices; results and errors kept. */
import { describe, expect, it } from 'vitest';
import { drain, Resumable, type Steps } from './resumable.js';

function* count(to: number, log: number[]): Steps<number> {
  for (let i = 1; i <= to; i++) {
    log.push(i);
    yield;
  }
  return to * 10;
}

describe('Resumable', () => {
  it('steps one slice at a time, then finish does only the rest', () => {
    const log: number[] = [];
    const r = new Resumable(count(5, log));
    expect(r.step()).toBe(false);
    expect(r.step()).toBe(false);
    expect(log).toEqual([1, 2]);
    expect(r.finish()).toBe(50);
    expect(log).toEqual([1, 2, 3, 4, 5]);
    expect(r.done).toBe(true);
    expect(r.finish()).toBe(50);
  });

  it('keeps the error of a failed build for every later caller', () => {
    const r = new Resumable((function* (): Steps<number> {
      yield;
      throw new Error('bad file');
    })());
    expect(() => r.finish()).toThrow('bad file');
    expect(() => r.finish()).toThrow('bad file');
  });

  it('runs in the background giving the event loop turns, and a caller can finish it meanwhile', async () => {
    const log: number[] = [];
    const r = new Resumable(count(1000, log));
    let turns = 0;
    const tick = (): void => {
      turns++;
      if (!r.done) setImmediate(tick);
    };
    setImmediate(tick);
    const background = r.inBackground(0);
    await new Promise((ok) => setImmediate(ok));
    expect(r.done).toBe(false);
    expect(r.finish()).toBe(10_000);
    await expect(background).resolves.toBe(10_000);
    expect(turns).toBeGreaterThan(0);
    expect(log).toHaveLength(1000);
  });

  it('drain and finished', () => {
    expect(drain(count(3, []))).toBe(30);
    expect(Resumable.finished('x').finish()).toBe('x');
  });
});
