import { describe, expect, it } from 'vitest';
import { createUuidV7, uuidV7 } from './ids.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const timeOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidV7 (RFC 9562 §5.7)', () => {
  it('has the v7 layout: version 7, variant 10, the clock in the first 48 bits', () => {
    const at = Date.UTC(2024, 0, 15, 12, 30);
    const id = createUuidV7(() => at)();
    expect(id).toMatch(FORMAT);
    expect(timeOf(id)).toBe(at);
    expect(uuidV7()).toMatch(FORMAT);
  });

  it.each([
    ['one millisecond', [5, 5, 5, 5]],
    ['a clock that steps back', [9, 7, 7, 3]],
    ['a later millisecond', [1, 2, 3, 4]],
  ])('is strictly increasing across %s', (_name, times) => {
    let i = 0;
    const next = createUuidV7(() => times[Math.min(i++, times.length - 1)] ?? 0);
    const ids = times.map(() => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('borrows the next millisecond after 4,096 ids in one', () => {
    const next = createUuidV7(() => 1000);
    const ids = Array.from({ length: 4098 }, () => next());
    expect(timeOf(ids[4095] ?? '')).toBe(1000);
    expect(timeOf(ids[4096] ?? '')).toBe(1001);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws fresh random bits for every id', () => {
    const next = createUuidV7(() => 1000);
    const tails = new Set(Array.from({ length: 200 }, () => next().slice(19)));
    expect(tails.size).toBe(200);
  });
});
