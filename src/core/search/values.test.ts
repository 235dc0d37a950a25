import { describe, expect, it } from 'vitest';
import { decimalRange } from './decimal-range.js';
import { parseReference } from './reference.js';
import { foldText } from './text-fold.js';
import { toCanonicalUcum } from './ucum.js';

describe('decimalRange', () => {
  it.each([
    ['1.5', 1.5, 1.45, 1.55],
    ['100', 100, 99.5, 100.5],
    ['0.001', 0.001, 0.0005, 0.0015],
    ['-2.0', -2, -2.05, -1.95],
    ['1e2', 100, 50, 150], // one significant figure
    ['1.5e2', 150, 145, 155],
    [72, 72, 71.5, 72.5],
  ] as const)('%s', (input, value, low, high) => {
    expect(decimalRange(input)).toEqual({ value, low, high });
  });
  it.each(['', 'abc', '1.2.3', '1,5', 'Infinity', 'NaN', '0x10'])('rejects %j', (input) => {
    expect(decimalRange(input)).toBeUndefined();
  });
});

describe('parseReference', () => {
  it.each([
    ['Patient/123', 'Patient/123', 'Patient', '123'],
    ['Patient/123/_history/4', 'Patient/123', 'Patient', '123'],
    ['https://ehr.example/fhir/Patient/abc', 'https://ehr.example/fhir/Patient/abc', 'Patient', 'abc'],
    ['https://ehr.example/fhir/Patient/abc/_history/2', 'https://ehr.example/fhir/Patient/abc', 'Patient', 'abc'],
    ['urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0', 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0', undefined, undefined],
    ['#contained', '#contained', undefined, undefined],
  ] as const)('%s', (input, ref, targetType, targetId) => {
    expect(parseReference(input)).toEqual({ ref, targetType, targetId });
  });
});

describe('foldText', () => {
  it.each([
    ['Müller', 'muller'],
    ['  Zoë   ÅSE ', 'zoe ase'],
    ['Smith', 'smith'],
    ['a\tb\nc', 'a b c'],
    ['Ça Va', 'ca va'],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('toCanonicalUcum', () => {
  it.each([
    [5, 'mg', 0.005, 'g'],
    [1, 'kg', 1000, 'g'],
    [250, 'mL', 0.00025, 'm3'],
    [60, '/min', 1, 's-1'],
    [0, 'Cel', 273.15, 'K'],
    [1, 'g/dL', 10000, 'g.m-3'],
  ] as const)('%s %s', (value, unit, canonical, code) => {
    const r = toCanonicalUcum(value, unit);
    expect(r?.code).toBe(code);
    expect(r?.value).toBeCloseTo(canonical, 9);
  });
  it('is undefined for non-UCUM units', () => {
    expect(toCanonicalUcum(1, 'tablets please')).toBeUndefined();
  });
  it('makes equal amounts in different units comparable', () => {
    expect(toCanonicalUcum(1, 'g')?.value).toBe(toCanonicalUcum(1000, 'mg')?.value);
  });
});
