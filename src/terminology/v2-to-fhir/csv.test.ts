import { describe, it, expect } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it.each([
    ['plain rows', 'a,b\nc,d\n', [['a', 'b'], ['c', 'd']]],
    ['CRLF and no final newline', 'a,b\r\nc,d', [['a', 'b'], ['c', 'd']]],
    ['quoted commas, newlines and doubled quotes', 'x,"a, ""b""\nc",y\n', [['x', 'a, "b"\nc', 'y']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['byte order mark', '\ufeffCode,Text\n', [['Code', 'Text']]],
  ])('%s', (_n, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});
