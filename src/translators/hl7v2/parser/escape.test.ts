import { describe, expect, it } from 'vitest';
import { decodeEscapes, encodeEscapes } from './escape.js';
import { DEFAULT_DELIMITERS, type Delimiters } from './types.js';

const d = DEFAULT_DELIMITERS;
const v27: Delimiters = { ...d, truncation: '#' };

describe('decodeEscapes', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', 'a|b^c&d~e\\f'],
    ['\\X414243\\', 'ABC'],
    ['\\X0D0A\\', '\r\n'],
    ['x\\.br\\y', 'x\\.br\\y'], // formatting kept
    ['\\H\\b\\N\\', '\\H\\b\\N\\'],
    ['\\Cxxyy\\', '\\Cxxyy\\'], // unknown kept
    ['\\X4\\', '\\X4\\'], // odd hex kept
    ['unterminated \\F', 'unterminated \\F'],
    ['\\\\F\\', '\\|'], // empty body: first escape char is literal
    ['\\P\\', '\\P\\'], // no truncation char declared
  ])('%j → %j', (raw, value) => {
    expect(decodeEscapes(raw, d)).toBe(value);
  });
});

describe('encodeEscapes', () => {
  it.each(['a|b^c&d~e\\f', 'line\r\nnext', '50# off', 'plain', ''])('round-trips %j', (value) => {
    expect(decodeEscapes(encodeEscapes(value, v27), v27)).toBe(value);
  });

  it('escapes every delimiter', () => {
    expect(encodeEscapes('|^&~\\#\r', v27)).toBe('\\F\\\\S\\\\T\\\\R\\\\E\\\\P\\\\X0D\\');
  });
});
