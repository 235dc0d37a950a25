import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records.js';

async function parse(text: string): Promise<string[][]> {
  async function* lines(): AsyncGenerator<string> {
    yield* text.split(/\r?\n/);
  }
  const out: string[][] = [];
  for await (const r of csvRecords(lines())) out.push(r);
  return out;
}

describe('csvRecords', () => {
  it.each([
    ['plain fields', 'a,b,c', [['a', 'b', 'c']]],
    ['quoted fields with commas', '"a,1","b"', [['a,1', 'b']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['empty fields', 'a,,"",', [['a', '', '', '']]],
    ['a line break inside quotes', '"one\ntwo ""2""",x\ny', [['one\ntwo "2"', 'x'], ['y']]],
    ['several line breaks inside quotes', '"1\n2\n3"', [['1\n2\n3']]],
    ['a quoted field that ends the record after a break', 'a,"x\ny"\nb', [['a', 'x\ny'], ['b']]],
    ['blank lines between records', 'a\n\nb', [['a'], ['b']]],
  ])('%s', async (_n, text, rows) => {
    expect(await parse(text)).toEqual(rows);
  });

  it('fails when the text ends inside quotes', async () => {
    await expect(parse('"open')).rejects.toMatchObject({ outcome: { issue: [{ code: 'processing' }] } });
  });
});
