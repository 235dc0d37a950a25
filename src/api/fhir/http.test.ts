import { describe, it, expect } from 'vitest';
import type { Request } from 'express';
import { parsePrefer, versionFromEtag } from './http.js';

describe('versionFromEtag', () => {
  it.each([
    ['W/"3"', 3],
    ['"12"', 12],
    [' W/"1" ', 1],
    ['W/"x"', undefined],
    ['3', undefined],
    ['W/"1", W/"2"', undefined],
    ['*', undefined],
  ])('%j → %j', (tag, v) => {
    expect(versionFromEtag(tag)).toBe(v);
  });
});

describe('parsePrefer', () => {
  const req = (prefer: string | undefined): Request => ({ get: (h: string) => (h === 'prefer' ? prefer : undefined) }) as unknown as Request;
  it.each([
    [undefined, { return: undefined, lenient: false }],
    ['return=minimal', { return: 'minimal', lenient: false }],
    ['return="OperationOutcome"', { return: 'OperationOutcome', lenient: false }],
    ['handling=lenient, return=representation', { return: 'representation', lenient: true }],
    ['handling=strict', { return: undefined, lenient: false }],
    ['return=bogus', { return: undefined, lenient: false }],
  ])('%j', (header, expected) => {
    expect(parsePrefer(req(header))).toEqual(expected);
  });
});
