import { describe, it, expect } from 'vitest';
import { cloneJson } from './resource-utils.js';

describe('cloneJson', () => {
  it.each([
    ['a resource', { resourceType: 'Patient', id: 'p', name: [{ family: 'X', given: ['A', 'B'] }], active: true, multipleBirthInteger: 2 }],
    ['nested arrays and nulls', { a: [[1, 2], [], [null, { b: 'c' }]], d: null }],
    ['primitives', 'text'],
  ])('copies %s deeply and equal', (_name, value) => {
    const copy = cloneJson(value);
    expect(copy).toEqual(value);
    if (typeof value === 'object') expect(copy).not.toBe(value);
  });

  it('shares nothing with the original', () => {
    const original = { name: [{ given: ['A'] }] };
    const copy = cloneJson(original);
    copy.name[0]?.given.push('B');
    expect(original.name[0]?.given).toEqual(['A']);
  });

  it('keeps an own __proto__ key as data, without changing the prototype', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('falls back to structuredClone for values that are not plain JSON', () => {
    const when = new Date(0);
    const copy = cloneJson({ when, tags: new Set(['x']) });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.tags).toEqual(new Set(['x']));
    expect(() => cloneJson({ f: () => 1 })).toThrow();
  });
});
