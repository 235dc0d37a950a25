import { describe, expect, it } from 'vitest';
import { parseFhirDate } from './fhir-date.js';

const utc = (s: string): number => Date.parse(s);

describe('parseFhirDate', () => {
  it.each([
    ['2024', utc('2024-01-01T00:00:00Z'), utc('2025-01-01T00:00:00Z') - 1, 'year'],
    ['2024-02', utc('2024-02-01T00:00:00Z'), utc('2024-03-01T00:00:00Z') - 1, 'month'],
    ['2024-02-29', utc('2024-02-29T00:00:00Z'), utc('2024-03-01T00:00:00Z') - 1, 'day'],
    ['2024-03-01T10:20:30Z', utc('2024-03-01T10:20:30Z'), utc('2024-03-01T10:20:31Z') - 1, 'second'],
    ['2024-03-01T10:20:30', utc('2024-03-01T10:20:30Z'), utc('2024-03-01T10:20:31Z') - 1, 'second'],
    ['2024-03-01T10:20:30+02:00', utc('2024-03-01T08:20:30Z'), utc('2024-03-01T08:20:31Z') - 1, 'second'],
    ['2024-03-01T10:20:30-05:30', utc('2024-03-01T15:50:30Z'), utc('2024-03-01T15:50:31Z') - 1, 'second'],
    ['2024-03-01T10:20:30.123Z', utc('2024-03-01T10:20:30.123Z'), utc('2024-03-01T10:20:30.123Z'), 'millisecond'],
    ['2024-03-01T10:20:30.5Z', utc('2024-03-01T10:20:30.500Z'), utc('2024-03-01T10:20:30.599Z'), 'millisecond'],
    ['2024-03-01T10:20:30.123456Z', utc('2024-03-01T10:20:30.123Z'), utc('2024-03-01T10:20:30.123Z'), 'millisecond'],
  ] as const)('%s', (text, low, high, precision) => {
    expect(parseFhirDate(text)).toEqual({ low, high, precision });
  });

  it.each(['', '24', '2024-13', '2024-00', '2023-02-29', '2024-04-31', '2024-01-01T25:00:00Z', '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:61Z', '2024-01-01T10:00:00+15:00', '2024-01-01 10:00:00', '2024-1-1', 'today', '2024-01-01T10:00Z'])(
    'rejects %j', (text) => {
      expect(parseFhirDate(text)).toBeUndefined();
    });

  it('accepts minutes precision only when allowed', () => {
    expect(parseFhirDate('2024-01-01T10:00', { allowMinutes: true })).toEqual({
      low: utc('2024-01-01T10:00:00Z'), high: utc('2024-01-01T10:01:00Z') - 1, precision: 'minute',
    });
  });
});
