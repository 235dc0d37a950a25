import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicSave, type DirtyTracked } from './periodic-save.js';

/** A counter that is dirty after each change; `saved` holds the value each save wrote. */
class Counter implements DirtyTracked {
  value = 0;
  dirty = true;
  readonly saved: number[] = [];
  bump(): void {
    this.value++;
    this.dirty = true;
  }
  markSaved(): void {
    this.dirty = false;
  }
  markDirty(): void {
    this.dirty = true;
  }
}

const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('startPeriodicSave', () => {
  it('counts the state at start as saved and saves only after a change', async () => {
    const c = new Counter();
    const loop = startPeriodicSave({ state: c, save: async () => { c.saved.push(c.value); }, intervalMs: HOUR, onError: () => undefined });
    await loop.flush();
    expect(c.saved).toEqual([]);
    c.bump();
    await loop.flush();
    await loop.flush();
    expect(c.saved).toEqual([1]);
    c.bump();
    await loop.stop();
    expect(c.saved).toEqual([1, 2]);
  });

  it('a failed save rejects the flush and the next flush saves again', async () => {
    const c = new Counter();
    let fail = true;
    const loop = startPeriodicSave({
      state: c, intervalMs: HOUR, onError: () => undefined,
      save: async () => {
        if (fail) throw new Error('disk full');
        c.saved.push(c.value);
      },
    });
    c.bump();
    await expect(loop.flush()).rejects.toThrow('disk full');
    expect(c.dirty).toBe(true);
    fail = false;
    await loop.stop();
    expect(c.saved).toEqual([1]);
  });

  it('a change made while a save runs is saved by the next flush; saves never overlap', async () => {
    const c = new Counter();
    let active = 0;
    let overlapped = false;
    let release = (): void => undefined;
    const gate = new Promise<void>((ok) => { release = ok; });
    let started = (): void => undefined;
    const firstStarted = new Promise<void>((ok) => { started = ok; });
    const loop = startPeriodicSave({
      state: c, intervalMs: HOUR, onError: () => undefined,
      save: async () => {
        if (++active > 1) overlapped = true;
        const value = c.value;
        if (c.saved.length === 0) {
          started();
          await gate;
        }
        c.saved.push(value);
        active--;
      },
    });
    c.bump();
    const first = loop.flush();
    const second = loop.flush();
    await firstStarted;
    c.bump(); // during the first save
    release();
    await Promise.all([first, second]);
    expect(c.saved).toEqual([1, 2]);
    expect(overlapped).toBe(false);
    await loop.stop();
  });

  it('saves every interval, reports periodic failures to onError, and stops the timer on stop', async () => {
    vi.useFakeTimers();
    const c = new Counter();
    const errors: unknown[] = [];
    let fail = false;
    const loop = startPeriodicSave({
      state: c, intervalMs: 1_000, onError: (e) => errors.push(e),
      save: async () => {
        if (fail) throw new Error('disk full');
        c.saved.push(c.value);
      },
    });
    c.bump();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(c.saved).toEqual([1]);
    c.bump();
    fail = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([new Error('disk full')]);
    fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(c.saved).toEqual([1, 2]);
    await loop.stop();
    c.bump();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(c.saved).toEqual([1, 2]);
  });

  it('its timer does not keep the process alive', async () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const loop = startPeriodicSave({ state: new Counter(), save: () => Promise.resolve(), intervalMs: HOUR, onError: () => undefined });
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout | undefined;
    expect(timer?.hasRef()).toBe(false);
    await loop.stop();
  });
});
