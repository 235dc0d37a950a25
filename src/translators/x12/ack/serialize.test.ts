import { describe, expect, it } from 'vitest';
import { DEFAULT_X12_DELIMITERS, type X12Delimiters } from '../tokenizer/index.js';
import { ackDelimiters, safeValue, serializeAck, type AckSegment } from './serialize.js';

const d = (element: string, repetition: string, component: string, segment: string): X12Delimiters => ({ element, repetition, component, segment });

describe('acknowledgement serializer', () => {
  it.each([
    ['usable original kept', d('|', '!', '>', "'"), d('|', '!', '>', "'")],
    ['legacy U (no repetition): a free one is picked', d('~', '', '^', '_'), d('~', '{', '^', '_')],
    ['repetition clashing with the component: a free one is picked', d('*', ':', ':', '~'), d('*', '^', ':', '~')],
    ['alphanumeric component: the standard set', d('*', '^', 'A', '~'), DEFAULT_X12_DELIMITERS],
    ['terminator = element separator: the standard set', d('*', '^', ':', '*'), DEFAULT_X12_DELIMITERS],
    ['no original (unreadable ISA): the standard set', undefined, DEFAULT_X12_DELIMITERS],
  ] as const)('delimiters: %s', (_name, original, expected) => {
    expect(ackDelimiters(original)).toEqual(expected);
  });

  it.each([
    ['plain', 'ABC 12', 'ABC 12'],
    ['delimiters become spaces', 'A*B^C:D~E', 'A B C D E'],
    ['control characters become spaces', 'A\r\nB\x00', 'A  B '],
    ['non-ASCII becomes ?', 'Zoë', 'Zo?'],
  ] as const)('safe value: %s', (_name, value, expected) => {
    expect(safeValue(value, DEFAULT_X12_DELIMITERS)).toBe(expected);
  });

  it('drops trailing empty elements and components, keeps inner ones, trims trailing spaces', () => {
    const segments: AckSegment[] = [
      { id: 'IK3', elements: ['NM', '17', '', '1', '', ''] },
      { id: 'IK4', elements: [['5', '', ''], '', '7', 'X~Y  '] },
      { id: 'CTX', elements: [['CLM01', 'A1']] },
    ];
    expect(serializeAck(segments, DEFAULT_X12_DELIMITERS, '\n')).toBe('IK3*NM*17**1~\nIK4*5**7*X Y~\nCTX*CLM01:A1~\n');
  });
});
