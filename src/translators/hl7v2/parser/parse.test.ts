import { describe, expect, it } from 'vitest';
import { isOperationOutcomeError } from '../../../core/outcomes.js';
import { parseHl7, parseHl7Message, serializeInput, serializeInputToBuffer, type Hl7Message } from './index.js';
import { ADT_A01, BATCH, CUSTOM, FIXTURES, FORMATTED, HEADER_ONLY, TRUNCATION } from './fixtures.js';

const one = (text: string): Hl7Message => parseHl7Message(text);

describe('round trip', () => {
  it.each(FIXTURES)('$name: byte-exact, $messages message(s)', ({ text, messages }) => {
    const parsed = parseHl7(text);
    expect(parsed.messages).toHaveLength(messages);
    expect(serializeInput(parsed)).toBe(text);
    const bytes = Buffer.from(text, 'utf8');
    expect(serializeInputToBuffer(parseHl7(bytes)).equals(bytes)).toBe(true);
  });
});

describe('values', () => {
  const adt = one(ADT_A01);
  it.each([
    ['MSH-1', '|'],
    ['MSH-2', '^~\\&'],
    ['MSH-9', 'ADT'],
    ['MSH-9.2', 'A01'],
    ['PID-3', '123'],
    ['PID-3[2]', '456'],
    ['PID-3[1].4', 'HOSP'],
    ['PID-3[1].4.2', '1.2.3'],
    ['PID-3.4.3', 'ISO'],
    ['PID-3[3]', undefined],
    ['PID-5', "O'BRIEN|SMITH"],
    ['PID-5.2', 'JOHN^JR'],
    ['PID-8', null],
    ['PID-8.2', undefined],
    ['PID-99', undefined],
    ['ZPI-2.2.2', 'c'],
    ['EVN-1', undefined],
  ] as const)('%s → %j', (path, expected) => {
    expect(adt.get(path)).toBe(expected);
  });

  it('getAll returns one value per repetition', () => {
    expect(adt.getAll('PID-3')).toEqual(['123', '456']);
    expect(adt.getAll('PID-3.5')).toEqual(['MR', 'SS']);
    expect(adt.getAll('PID-2')).toEqual([]);
  });

  it('rawAt keeps escapes and addresses exactly what the path names', () => {
    expect(adt.rawAt('PID-5.1')).toBe("O'BRIEN\\F\\SMITH");
    expect(adt.rawAt('PID-3')).toBe('123^^^HOSP&1.2.3&ISO^MR~456^^^SSA^SS');
    expect(adt.rawAt('PID-3[2]')).toBe('456^^^SSA^SS');
  });

  it('exposes header shortcuts and segments by id', () => {
    expect(adt.type).toEqual({ code: 'ADT', trigger: 'A01', structure: 'ADT_A01' });
    expect([adt.controlId, adt.version]).toEqual(['C1', '2.5.1']);
    expect(adt.segments().map((s) => s.name)).toEqual(['MSH', 'PID', 'ZPI']);
    expect(adt.segments('OBX')).toEqual([]);
    expect(adt.segment('PID')?.repetitionCount(3)).toBe(2);
    expect(adt.issues).toEqual([]);
  });

  it('reads custom delimiters', () => {
    const m = one(CUSTOM);
    expect([m.get('MSH-1'), m.get('MSH-2'), m.get('MSH-9.2'), m.get('PID-3[1].4.2'), m.get('PID-3[2]'), m.get('PID-5')]).toEqual([
      '#', '$%!@', 'A04', '1.2', '8', 'DOE#X',
    ]);
  });

  it('reads the v2.7 truncation character and decodes \\P\\', () => {
    const m = one(TRUNCATION);
    expect(m.delimiters.truncation).toBe('#');
    expect(m.get('NTE-3')).toBe('50# off');
  });

  it('keeps FT formatting escapes verbatim in get, as tokens in formatted, as lines in text', () => {
    const m = one(FORMATTED);
    expect(m.get('OBX-5')).toBe('line1\\.br\\line2\\.sp 2\\\\H\\bold\\N\\ A \\Zcustom\\ \\');
    expect(m.formatted('OBX-5')).toEqual([
      'line1', { command: 'br' }, 'line2', { command: 'sp', arg: 2 }, { command: 'H' }, 'bold', { command: 'N' }, ' A \\Zcustom\\ \\',
    ]);
    expect(m.text('OBX-5')).toBe('line1\nline2\n\nbold A \\Zcustom\\ \\');
  });
});

describe('positions', () => {
  it.each([
    ['PID-3[1].4.2', '1.2.3', 2, 2],
    ['PID-5', "O'BRIEN\\F\\SMITH^JOHN\\S\\JR", 2, 2],
    ['MSH-2', '^~\\&', 1, 1],
    ['ZPI-2.2.2', 'c', 3, 3],
  ] as const)('%s points at its raw text', (path, raw, line, lineCrlf) => {
    for (const [text, expectedLine] of [[ADT_A01, line], [`\uFEFF${ADT_A01.replaceAll('\r', '\r\n')}`, lineCrlf]] as const) {
      const m = one(text);
      const p = m.position(path);
      expect(p?.present).toBe(true);
      expect(text.slice(p?.charOffset, (p?.charOffset ?? 0) + (p?.length ?? 0))).toBe(raw);
      expect(p?.line).toBe(expectedLine);
      const bytes = Buffer.from(text, 'utf8');
      expect(bytes.subarray(p?.byteOffset, (p?.byteOffset ?? 0) + Buffer.byteLength(raw)).toString('utf8')).toBe(raw);
    }
  });

  it('gives absent elements a zero-length position and the ERL coordinates', () => {
    const m = one(ADT_A01);
    expect(m.position('PID-30')).toMatchObject({ segment: 'PID', segmentIndex: 1, occurrence: 1, field: 30, present: false, length: 0 });
    expect(m.position('OBX-5')).toBeUndefined();
  });
});

describe('batches and issues', () => {
  it('splits FHS/BHS batches and keeps the envelope', () => {
    const parsed = parseHl7(BATCH);
    expect(parsed.messages.map((m) => m.controlId)).toEqual(['M1', 'M2']);
    expect(parsed.parts.map((p) => (p.kind === 'envelope' ? p.segment.name : p.kind))).toEqual([
      'FHS', 'BHS', 'message', 'message', 'BTS', 'FTS',
    ]);
    expect(parsed.issues).toEqual([]);
  });

  it('flags a BTS count that does not match', () => {
    const parsed = parseHl7(BATCH.replace('BTS|2', 'BTS|3'));
    expect(parsed.issues.map((i) => i.expression?.[0])).toEqual(['BTS-1']);
  });

  it.each([
    [HEADER_ONLY, ['MSH-9', 'MSH-10', 'MSH-12']],
    ['MSH||A|B|C|D|20240101||ADT^A01|C|P|2.5\r', ['MSH-2']],
    [ADT_A01.replace('PID|', 'P D|'), ['P D']],
  ])('reports content problems as located issues, not exceptions (%#)', (text, locations) => {
    const m = one(text);
    expect(m.issues.filter((i) => i.severity === 'error').map((i) => i.expression?.[0])).toEqual(locations);
    expect(m.issues[0]?.details?.coding?.[0]?.system).toBe('http://terminology.hl7.org/CodeSystem/v2-0357');
  });

  it.each(['', '\r\n', 'PID|1\r', 'MSH\r', 'MSHA|B'])('throws invalid only when no MSH is usable: %j', (text) => {
    expect(parseHl7(text).messages).toHaveLength(0);
    expect(parseHl7(text).issues.some((i) => i.severity === 'fatal')).toBe(true);
    expect(() => parseHl7Message(text)).toThrow();
    try {
      parseHl7Message(text);
    } catch (e) {
      expect(isOperationOutcomeError(e) && e.category).toBe('invalid');
    }
  });

  it('parseHl7Message refuses several messages', () => {
    expect(() => parseHl7Message(BATCH)).toThrow(/expected one message/);
  });
});
