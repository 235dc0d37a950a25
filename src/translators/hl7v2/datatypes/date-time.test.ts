import { describe, expect, it } from 'vitest';
import { parseHl7DateTime, parseHl7Time } from './date-time.js';

describe('parseHl7DateTime keeps precision and zone', () => {
  it.each([
    ['2024', undefined, '2024', 'year'],
    ['202401', undefined, '2024-01', 'month'],
    ['20240115', undefined, '2024-01-15', 'day'],
    ['20240115-0500', undefined, '2024-01-15', 'day'], // a date carries no zone in FHIR
    ['2024011512-0500', undefined, '2024-01-15T12:00:00-05:00', 'hour'],
    ['202401151230-0500', undefined, '2024-01-15T12:30:00-05:00', 'minute'],
    ['20240115123045+0100', undefined, '2024-01-15T12:30:45+01:00', 'second'],
    ['20240115123045.1234-0000', undefined, '2024-01-15T12:30:45.1234-00:00', 'fraction'],
    ['202401151230', '+02:00', '2024-01-15T12:30:00+02:00', 'minute'], // zone from the sender's config
    ['202401151230-0500', 'Z', '2024-01-15T12:30:00-05:00', 'minute'], // a given zone wins
    ['20240229', undefined, '2024-02-29', 'day'],
  ])('%s (default zone %s) → %s', (text, defaultZone, value, precision) => {
    const out = parseHl7DateTime(text, defaultZone === undefined ? {} : { defaultZone });
    expect(out).toEqual({ value: { value, precision }, issues: [] });
  });

  it('keeps only the date of a time without zone when no default is configured, with a warning', () => {
    const out = parseHl7DateTime('202401151230', { location: 'PID-7' });
    expect(out.value).toEqual({ value: '2024-01-15', precision: 'minute' });
    expect(out.issues.map((i) => [i.severity, i.expression?.[0]])).toEqual([['warning', 'PID-7']]);
  });

  it.each(['', '24', '2024-01-15', '20241301', '20230229', '2024011524', '202401151260', '20240115123061', '202401151230+1500', '2024011512300', 'abcd'])(
    '%j is a data type error (102) located at the field',
    (text) => {
      const out = parseHl7DateTime(text, { location: 'OBR-7' });
      expect(out.value).toBeUndefined();
      expect(out.issues.map((i) => [i.severity, i.details?.coding?.[0]?.code, i.expression?.[0]])).toEqual([['error', '102', 'OBR-7']]);
    },
  );
});

describe('parseHl7Time', () => {
  it.each([
    ['12', '12:00:00'],
    ['1230', '12:30:00'],
    ['123045.12', '12:30:45.12'],
  ])('%s → %s', (text, value) => {
    expect(parseHl7Time(text)).toEqual({ value, issues: [] });
  });

  it('drops a zone with an information issue and rejects bad times', () => {
    expect(parseHl7Time('1230-0500').issues.map((i) => i.severity)).toEqual(['information']);
    expect(parseHl7Time('2530').value).toBeUndefined();
  });
});
