import { describe, expect, it } from 'vitest';
import { parseHl7, parseHl7Message } from '../parser/index.js';
import { buildNak, salvageHeader } from './index.js';
import { deps } from './fixtures.js';

describe('salvageHeader', () => {
  it.each([
    ['MSH|^~\\&|A|B|C|D|2024||ADT^A01|CTL9|P|2.4', { controlId: 'CTL9', version: '2.4' }],
    ['\uFEFFPID|1\nMSH#$%!@#A#B#C#D#2024##ADT$A01#K1#P#2.3.1$X', { controlId: 'K1', version: '2.3.1' }],
    ['MSH|^~\\&|A|B|C|D|2024||ADT^A01|has space|P|junk', {}],
    ['MSH', {}],
    ['MSHA|B', {}],
    ['not hl7 at all', {}],
  ])('%j', (text, expected) => {
    expect(salvageHeader(text)).toEqual(expected);
  });
});

describe('buildNak', () => {
  it.each([
    ['empty input', '', undefined, '2.5.1'],
    ['MSH without separator', 'MSH\rPID|1', undefined, '2.5.1'],
    ['segments only', 'PID|1||123\r', undefined, '2.5.1'],
    ['bytes with a readable MSH-10', Buffer.from('MSH|^~\\&|A|B|C|D|2024||ADT^A01|CTL9|P|2.5\rMSH|^~\\&|A|B|C|D|2024||ADT^A01|CTL10|P|2.5\r'), 'CTL9', '2.5'],
  ] as const)('%s: AR that parses back', (_name, input, controlId, version) => {
    const issues = typeof input === 'string' ? parseHl7(input).issues : [];
    const nak = buildNak(input, issues, { ...deps(), sendingApplication: 'LYFEAI', sendingFacility: 'GW^1' });
    expect(nak.code).toBe('AR');
    const parsed = parseHl7Message(nak.text);
    expect(parsed.issues).toEqual([]);
    expect([parsed.get('MSH-3'), parsed.get('MSH-4'), parsed.get('MSH-9'), parsed.get('MSH-9.3'), parsed.get('MSH-10')]).toEqual([
      'LYFEAI', 'GW^1', 'ACK', 'ACK', 'ACK1',
    ]);
    expect([parsed.get('MSH-11'), parsed.get('MSH-12'), parsed.get('MSA-1'), parsed.get('MSA-2')]).toEqual(['P', version, 'AR', controlId]);
    expect(parsed.segments('ERR').length).toBeGreaterThan(0);
    expect(parsed.get('ERR-3.3')).toBe('HL70357');
    expect(parsed.get('ERR-4')).toBe('E');
  });

  it('reports the parser issue (100, fatal → E, at MSH) when given, else its own', () => {
    const withIssues = parseHl7Message(buildNak('MSH', parseHl7('MSH').issues, deps()).text);
    expect([withIssues.get('ERR-2'), withIssues.get('ERR-3')]).toEqual(['MSH', '101']);
    const own = parseHl7Message(buildNak('garbage', [], deps()).text);
    expect([own.get('ERR-2'), own.get('ERR-3'), own.get('ERR-7')]).toEqual(['MSH', '100', 'no usable MSH segment']);
  });
});
