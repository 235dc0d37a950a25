import { describe, expect, it } from 'vitest';
import { hl7Issue, parseHl7Message } from '../parser/index.js';
import { formatTimestamp, parseErrorLocation, positionLocation, userMessage, versionAtLeast, type ErrorLocation } from './index.js';
import { V251 } from './fixtures.js';

describe('parseErrorLocation', () => {
  it.each<[string | undefined, ErrorLocation | undefined]>([
    ['PID-3[1].1', { segment: 'PID', sequence: 1, field: 3, repetition: 1, component: 1 }],
    ['OBX[3]-5.2.1', { segment: 'OBX', sequence: 3, field: 5, component: 2, subcomponent: 1 }],
    ['MSH-12', { segment: 'MSH', sequence: 1, field: 12 }],
    ['ZPI', { segment: 'ZPI' }],
    ['input', undefined],
    ['Bundle.entry[0].resource', undefined],
    ['PID-3[0]', undefined],
    [undefined, undefined],
  ])('%j', (location, expected) => {
    expect(parseErrorLocation(location)).toEqual(expected);
  });

  it('reads a parser position', () => {
    const p = parseHl7Message(V251).position('PID-3[1].4');
    expect(p === undefined ? undefined : positionLocation(p)).toEqual({ segment: 'PID', sequence: 1, field: 3, repetition: 1, component: 4 });
  });
});

describe('versionAtLeast', () => {
  it.each([
    ['2.3', '2.5', false], ['2.3.1', '2.3.1', true], ['2.4', '2.5', false], ['2.5', '2.5', true],
    ['2.5.1', '2.5', true], ['2.10', '2.9', true], ['2.6', '2.7', false], [undefined, '2.7', true], ['junk', '2.5', true],
  ] as const)('%s >= %s is %s', (v, target, expected) => {
    expect(versionAtLeast(v, target)).toBe(expected);
  });
});

describe('formatTimestamp', () => {
  const at = new Date('2024-01-01T02:30:05Z');
  it.each([
    [0, '20240101023005+0000'],
    [-300, '20231231213005-0500'],
    [330, '20240101080005+0530'],
  ])('offset %i → %s', (offset, expected) => {
    expect(formatTimestamp(at, offset)).toBe(expected);
  });

  it('refuses an impossible offset', () => {
    expect(() => formatTimestamp(at, 15 * 60)).toThrow(/offset/);
  });
});

describe('userMessage', () => {
  it('prefers details.text, else the 0357 text and location', () => {
    expect(userMessage({ ...hl7Issue('error', '101', 'd', 'PID-3'), details: { text: 'Patient id missing' } })).toBe('Patient id missing');
    expect(userMessage(hl7Issue('error', '101', 'd', 'PID-3'))).toBe('Required field missing at PID-3');
    expect(userMessage({ severity: 'error', code: 'processing', diagnostics: 'x' })).toBe('Application internal error');
  });
});
