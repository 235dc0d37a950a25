import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIMITERS, formatField, formatMessage, formatSegment, parseHl7Message, type Delimiters, type Hl7FieldInput } from './index.js';

const CUSTOM: Delimiters = { field: '#', component: '$', repetition: '%', escape: '!', subcomponent: '@', truncation: '' };

describe('formatField', () => {
  it.each<[string, Hl7FieldInput, Delimiters, string]>([
    ['plain text', 'abc', DEFAULT_DELIMITERS, 'abc'],
    ['empty', undefined, DEFAULT_DELIMITERS, ''],
    ['explicit null', null, DEFAULT_DELIMITERS, '""'],
    ['escaped delimiters', 'a|b^c~d\\e&f', DEFAULT_DELIMITERS, 'a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f'],
    ['raw kept verbatim', { raw: 'A^B&C' }, DEFAULT_DELIMITERS, 'A^B&C'],
    ['components, trailing empties dropped', ['A', undefined, 'C', undefined, ''], DEFAULT_DELIMITERS, 'A^^C'],
    ['subcomponents', ['X', ['a', 'b', undefined]], DEFAULT_DELIMITERS, 'X^a&b'],
    ['repetitions', { repetitions: ['1', ['2', 'x'], undefined] }, DEFAULT_DELIMITERS, '1~2^x'],
    ['custom delimiters', { repetitions: [['a#b', ['c', 'd']], 'e$'] }, CUSTOM, 'a!F!b$c@d%e!S!'],
  ])('%s', (_name, input, d, expected) => {
    expect(formatField(input, d)).toBe(expected);
  });
});

describe('formatSegment / formatMessage', () => {
  it('writes MSH-1 / MSH-2 from the delimiters and parses back', () => {
    const msh = formatSegment('MSH', [undefined, undefined, 'APP', { raw: 'FAC$1.2@x' }, undefined, undefined, '20240101', undefined, ['ACK', 'A01'], 'C1', 'P', '2.5'], CUSTOM);
    expect(msh).toBe('MSH#$%!@#APP#FAC$1.2@x###20240101##ACK$A01#C1#P#2.5');
    const m = parseHl7Message(formatMessage([msh, formatSegment('MSA', ['AA', 'C0', undefined], CUSTOM)]));
    expect([m.get('MSH-4.2'), m.get('MSH-9.2'), m.get('MSA-2'), m.msh.fieldCount]).toEqual(['1.2', 'A01', 'C0', 12]);
    expect(m.toString()).toBe(`${msh}\rMSA#AA#C0\r`);
  });
});
