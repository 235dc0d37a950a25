import { describe, expect, it } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { hl7Issue, parseHl7Message } from '../parser/index.js';
import { buildAck, type AckOutcome } from './index.js';
import { CUSTOM, ENHANCED, V23, V251, V27, deps, parse } from './fixtures.js';

const dataTypeError = hl7Issue('error', '102', "'2024XX' is not a valid date/time", 'PID-7');
const missing = hl7Issue('error', '101', 'PID-3 (patient identifier list) is missing', 'PID-3[1].1');

describe('buildAck: header', () => {
  it.each([
    {
      name: 'v2.5.1, HD with 3 components swapped verbatim',
      text: V251,
      expected: {
        'MSH-1': '|', 'MSH-2': '^~\\&',
        'MSH-3': 'RECV', 'MSH-3.2': '9.9', 'MSH-3.3': 'DNS', 'MSH-4': 'RFAC',
        'MSH-5': 'SEND', 'MSH-5.2': '1.2.3', 'MSH-5.3': 'ISO',
        'MSH-6': 'SFAC', 'MSH-6.2.1': '2.16.840.1', 'MSH-6.2.2': 'x', 'MSH-6.3': 'ISO',
        'MSH-7': '20240305010708-0500',
        'MSH-9.1': 'ACK', 'MSH-9.2': 'A01', 'MSH-9.3': 'ACK',
        'MSH-10': 'ACK1', 'MSH-11': 'P', 'MSH-11.2': 'T', 'MSH-12': '2.5.1', 'MSH-15': undefined, 'MSH-16': undefined,
        'MSA-1': 'AA', 'MSA-2': 'MSG001',
      },
    },
    {
      name: 'v2.3: no MSH-9.3, MSH-18 echoed',
      text: V23,
      expected: {
        'MSH-3': 'GW', 'MSH-4': 'GWFAC', 'MSH-5': 'LAB', 'MSH-6': 'HOSP',
        'MSH-9': 'ACK', 'MSH-9.2': 'R01', 'MSH-9.3': undefined,
        'MSH-11': 'T', 'MSH-12': '2.3', 'MSH-18': '8859/1', 'MSA-1': 'AA', 'MSA-2': 'X9',
      },
    },
    {
      name: 'custom delimiters kept',
      text: CUSTOM,
      expected: {
        'MSH-1': '#', 'MSH-2': '$%!@', 'MSH-3': 'R', 'MSH-5': 'APP', 'MSH-5.2': '9.9', 'MSH-5.3': 'ISO',
        'MSH-9.2': 'A04', 'MSH-12': '2.5', 'MSA-2': 'C2',
      },
    },
    {
      name: 'enhanced mode: the ACK asks for no ACK of itself',
      text: ENHANCED,
      expected: { 'MSH-15': 'NE', 'MSH-16': 'NE', 'MSA-1': 'AA' },
    },
  ])('$name', ({ text, expected }) => {
    const ack = buildAck(parse(text), { kind: 'accepted' }, deps(-300));
    const parsed = parseHl7Message(ack.text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.segments().map((s) => s.name)).toEqual(['MSH', 'MSA']);
    for (const [path, value] of Object.entries(expected)) expect([path, parsed.get(path)]).toEqual([path, value]);
    expect(ack).toMatchObject({ code: 'AA', controlId: 'ACK1' });
  });

  it('copies MSH-3..6 byte for byte and takes a fresh control id per ACK', () => {
    const original = parse(V251);
    const d = deps();
    const a = buildAck(original, { kind: 'accepted' }, d);
    const b = buildAck(original, { kind: 'accepted' }, d);
    expect(parseHl7Message(a.text).msh.rawField(5)).toBe(original.msh.rawField(3));
    expect(parseHl7Message(a.text).msh.rawField(6)).toBe('SFAC^2.16.840.1&x^ISO');
    expect([a.controlId, b.controlId]).toEqual(['ACK1', 'ACK2']);
    expect(a.text.split('\r')[0]).toBe('MSH|^~\\&|RECV^9.9^DNS|RFAC|SEND^1.2.3^ISO|SFAC^2.16.840.1&x^ISO|20240305060708+0000||ACK^A01^ACK|ACK1|P^T|2.5.1');
  });

  it('reports the source charset for encoding the reply', () => {
    expect(buildAck(parseHl7Message(Buffer.from(V23, 'latin1')), { kind: 'accepted' }, deps()).encoding).toBe('latin1');
  });
});

describe('buildAck: codes and ERR segments (v2.5+)', () => {
  it.each<{ name: string; outcome: AckOutcome; stage?: 'accept'; text?: string; code: string; errs: Array<Record<string, string | undefined>> }>([
    { name: 'AA without problems', outcome: { kind: 'accepted' }, code: 'AA', errs: [] },
    {
      name: 'AA with a warning',
      outcome: { kind: 'accepted', issues: [hl7Issue('warning', '103', 'unmapped code', 'PID-8')] },
      code: 'AA',
      errs: [{ 'ERR-2': 'PID', 'ERR-2.2': '1', 'ERR-2.3': '8', 'ERR-3': '103', 'ERR-3.2': 'Table value not found', 'ERR-4': 'W' }],
    },
    {
      name: 'AE with one ERR per problem',
      outcome: { kind: 'error', issues: [dataTypeError, missing] },
      code: 'AE',
      errs: [
        { 'ERR-1': undefined, 'ERR-2': 'PID', 'ERR-2.2': '1', 'ERR-2.3': '7', 'ERR-2.4': undefined, 'ERR-3': '102', 'ERR-3.2': 'Data type error', 'ERR-3.3': 'HL70357', 'ERR-4': 'E', 'ERR-7': "'2024XX' is not a valid date/time", 'ERR-8': 'Data type error at PID-7' },
        { 'ERR-2': 'PID', 'ERR-2.3': '3', 'ERR-2.4': '1', 'ERR-2.5': '1', 'ERR-2.6': undefined, 'ERR-3': '101', 'ERR-3.2': 'Required field missing' },
      ],
    },
    {
      name: 'AR for an unsupported version without explicit issues',
      outcome: { kind: 'rejected', reason: 'unsupported-version' },
      code: 'AR',
      errs: [{ 'ERR-2': 'MSH', 'ERR-2.3': '12', 'ERR-3': '203', 'ERR-3.2': 'Unsupported version id', 'ERR-4': 'E' }],
    },
    {
      name: 'AR for a transient outage: 207, no location',
      outcome: { kind: 'rejected', reason: 'transient' },
      code: 'AR',
      errs: [{ 'ERR-2': undefined, 'ERR-3': '207', 'ERR-3.2': 'Application internal error', 'ERR-4': 'E' }],
    },
    {
      name: 'AE without issues still explains itself',
      outcome: { kind: 'error', issues: [] },
      code: 'AE',
      errs: [{ 'ERR-3': '207' }],
    },
    {
      name: 'an issue without 0357 coding is mapped from its type; OBX[2] is sequence 2',
      outcome: { kind: 'error', issues: [{ severity: 'error', code: 'duplicate', diagnostics: 'dup', expression: ['OBX[2]-3'] }] },
      code: 'AE',
      errs: [{ 'ERR-2': 'OBX', 'ERR-2.2': '2', 'ERR-2.3': '3', 'ERR-3': '205', 'ERR-3.2': 'Duplicate key identifier' }],
    },
    {
      name: 'FHIRPath locations and fatal severity before v2.7',
      outcome: { kind: 'error', issues: [{ severity: 'fatal', code: 'exception', diagnostics: 'boom', expression: ['Bundle.entry[0]'] }] },
      code: 'AE',
      errs: [{ 'ERR-2': undefined, 'ERR-3': '207', 'ERR-4': 'E' }],
    },
    {
      name: 'fatal is F from v2.7',
      text: V27,
      outcome: { kind: 'error', issues: [hl7Issue('fatal', '100', 'bad', 'ZZZ')] },
      code: 'AE',
      errs: [{ 'ERR-2': 'ZZZ', 'ERR-2.2': undefined, 'ERR-3': '100', 'ERR-4': 'F' }],
    },
    { name: 'enhanced accept stage: CA', text: ENHANCED, stage: 'accept', outcome: { kind: 'accepted' }, code: 'CA', errs: [] },
    {
      name: 'enhanced accept stage: CR for an unsupported type',
      text: ENHANCED, stage: 'accept', outcome: { kind: 'rejected', reason: 'unsupported-message-type' }, code: 'CR',
      errs: [{ 'ERR-3': '200' }],
    },
    { name: 'enhanced accept stage: CE when it cannot be stored', text: ENHANCED, stage: 'accept', outcome: { kind: 'rejected', reason: 'transient' }, code: 'CE', errs: [{ 'ERR-3': '207' }] },
    { name: 'enhanced application stage: AE', text: ENHANCED, outcome: { kind: 'error', issues: [dataTypeError] }, code: 'AE', errs: [{ 'ERR-3': '102' }] },
  ])('$name', ({ outcome, stage, text, code, errs }) => {
    const ack = buildAck(parse(text ?? V251), outcome, { ...deps(), ...(stage === undefined ? {} : { stage }) });
    expect(ack.code).toBe(code);
    const parsed = parseHl7Message(ack.text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.get('MSA-1')).toBe(code);
    expect(parsed.segments('ERR')).toHaveLength(errs.length);
    errs.forEach((expected, i) => {
      for (const [path, value] of Object.entries(expected)) {
        const [, field] = path.split('-');
        expect([i, path, parsed.get(`ERR[${i + 1}]-${field}`)]).toEqual([i, path, value]);
      }
    });
  });

  it('omits MSA-3 from v2.7 and keeps it (80 chars max) up to v2.6', () => {
    const issues = [hl7Issue('error', '102', 'x'.repeat(100), 'PID-7')];
    const v251 = parseHl7Message(buildAck(parse(V251), { kind: 'error', issues }, deps()).text);
    const v27 = parseHl7Message(buildAck(parse(V27), { kind: 'error', issues }, deps()).text);
    expect(v251.get('MSA-3')?.length).toBe(80);
    expect(v251.get('MSA-6')).toBeUndefined();
    expect(v27.get('MSA-3')).toBeUndefined();
    expect(v27.get('MSH-2')).toBe('^~\\&#');
  });
});

describe('buildAck: escaping', () => {
  const nasty = '|^~\\&# and\rCR';
  const issue: OperationOutcomeIssue = { ...hl7Issue('error', '102', `diag ${nasty}`, 'PID-5'), details: { text: `user ${nasty}` } };

  it.each([
    ['standard delimiters', V251, 'ERR-8', 'ERR-7'],
    ['custom delimiters', CUSTOM, 'ERR-8', 'ERR-7'],
    ['v2.7 truncation character', V27, 'ERR-8', 'ERR-7'],
  ])('%s: ERR-7 / ERR-8 round-trip delimiters, escape and CR', (_name, text, user, diag) => {
    const ack = buildAck(parse(text), { kind: 'error', issues: [issue] }, deps());
    expect(ack.text.split('\r').filter((s) => s !== '')).toHaveLength(3); // the CR inside stayed escaped
    const parsed = parseHl7Message(ack.text);
    expect(parsed.get(user)).toBe(`user ${nasty}`);
    expect(parsed.get(diag)).toBe(`diag ${nasty}`);
    expect(parsed.segment('ERR')?.fieldCount).toBe(8);
  });

  it('writes the escapes with the original delimiters', () => {
    const custom = { ...issue, details: { text: 'a$b%c!d@e#f|^' } };
    const ack = buildAck(parse(CUSTOM), { kind: 'error', issues: [custom] }, deps());
    const err = ack.text.split('\r').find((s) => s.startsWith('ERR'));
    expect(err?.endsWith('#a!S!b!R!c!E!d!T!e!F!f|^')).toBe(true);
    expect(err).toContain('#diag |^~\\&!F! and!X0D!CR#');
  });
});

describe('buildAck: v2.3 / v2.4 layout', () => {
  it('writes one ERR with a repeating ERR-1 (ELD) and MSA-3 / MSA-6', () => {
    const ack = buildAck(parse(V23), { kind: 'error', issues: [dataTypeError, missing, hl7Issue('error', '207', 'oops', 'input')] }, deps());
    const parsed = parseHl7Message(ack.text);
    expect(parsed.segments('ERR')).toHaveLength(1);
    const err = parsed.segment('ERR');
    expect(err?.repetitionCount(1)).toBe(3);
    expect(err?.fieldCount).toBe(1);
    expect([err?.get('1[1].1'), err?.get('1[1].2'), err?.get('1[1].3'), err?.get('1[1].4.1'), err?.get('1[1].4.2'), err?.get('1[1].4.3')]).toEqual([
      'PID', '1', '7', '102', 'Data type error', 'HL70357',
    ]);
    expect([err?.get('1[2].3'), err?.get('1[2].4.1')]).toEqual(['3', '101']);
    expect([err?.get('1[3].1'), err?.get('1[3].4.1')]).toEqual([undefined, '207']);
    expect([parsed.get('MSA-1'), parsed.get('MSA-3'), parsed.get('MSA-6'), parsed.get('MSA-6.3')]).toEqual(['AE', "'2024XX' is not a valid date/time", '102', 'HL70357']);
  });
});

describe('buildAck: originals with gaps', () => {
  it('fills a missing MSH-11 / MSH-12 and leaves MSA-2 empty without MSH-10', () => {
    const ack = buildAck(parse('MSH|^~\\&|A|B|C|D|20240101||ADT^A01\r'), { kind: 'rejected', reason: 'unsupported-version' }, deps());
    const parsed = parseHl7Message(ack.text);
    expect([parsed.get('MSH-11'), parsed.get('MSH-12'), parsed.get('MSA-1'), parsed.get('MSA-2')]).toEqual(['P', '2.5.1', 'AR', undefined]);
  });

  it('completes an MSH-2 that declares fewer than four characters, so text can still be escaped', () => {
    const ack = buildAck(parse('MSH|^~|A&1|B|C|D|20240101||ADT^A01|Q1|P|2.5\r'), { kind: 'error', issues: [hl7Issue('error', '102', 'a\\b&c', 'PID-1')] }, deps());
    const parsed = parseHl7Message(ack.text);
    expect(parsed.get('MSH-2')).toBe('^~\\&');
    expect(parsed.get('MSH-5')).toBe('A&1'); // decoded and re-escaped: `&` was no delimiter in the original
    expect(parsed.get('ERR-7')).toBe('a\\b&c');
  });
});
