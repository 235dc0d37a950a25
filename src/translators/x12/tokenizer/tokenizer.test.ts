import { describe, expect, it } from 'vitest';
import { clean837, isa, segs } from '../fixtures.js';
import { readX12Segments, serializeX12Tokens, tokenizeX12, X12Tokenizer, type X12Segment } from './index.js';

/** Everything observable about a tokenization, for comparing chunked and whole reads. */
function signature(segments: readonly X12Segment[], trailing: string): string {
  return JSON.stringify([segments.map((s) => [s.number, s.leading, s.raw, s.terminator, s.byteOffset, s.line, s.column, s.delimiters,
    s.issues.map((i) => [i.rule, i.location])]), trailing]);
}

function chunked(input: Buffer, cuts: readonly number[]): string {
  const t = new X12Tokenizer();
  const out: X12Segment[] = [];
  let from = 0;
  for (const at of [...cuts, input.length]) {
    out.push(...t.push(input.subarray(from, at)));
    from = at;
  }
  const end = t.end();
  return signature([...out, ...end.segments], end.trailing);
}

const FIXTURES: Record<string, string> = {
  'LF after terminators': clean837('\n'),
  'CRLF after terminators': clean837('\r\n'),
  'CR after terminators': clean837('\r'),
  'single line': clean837(''),
  'blank lines and spaces between segments, trailing newline': clean837('\r\n\r\n  ') + '\n\n',
  'newline as segment terminator': isa({ segment: '\n' }) + segs(['GS*HC*S*R*20240115*1230*1*X*005010X222A1', 'ST*837*0001', 'SE*2*0001', 'GE*1*1', 'IEA*1*000000001'], '\n'),
  'two interchanges with different delimiters': clean837('\n') + isa({ element: '|', component: '>', segment: '\x1c', repetition: '{', control: '000000002' })
    + segs(['GS|HC|S|R|20240115|1230|2|X|005010X222A1', 'ST|837|0002', 'CLM|A2|1||| 11>B>1', 'SE|3|0002', 'GE|1|2', 'IEA|1|000000002'], '\x1c', '\r\n'),
  'line-wrapped short ISA': 'ISA*00* *00* *ZZ*146111111 *ZZ*617591011LTCPP\n*170406*1130*|*00501*100000001*0*P*:~\nGS*HI*1*2*20170406*1130*1*X*005010X217~\nIEA*1*100000001~',
  'UTF-8 text in a value': clean837('\n').replace('CLM*A1', 'CLM*Ä1'),
};

describe('X12Tokenizer', () => {
  it.each(Object.entries(FIXTURES))('%s: re-serializes byte-exactly', (_name, text) => {
    const input = Buffer.from(text, 'utf8');
    const tokens = tokenizeX12(input);
    expect(serializeX12Tokens(tokens).equals(input)).toBe(true);
    expect(tokens.segments.map((s) => s.id)).toContain('IEA');
  });

  it.each(Object.entries(FIXTURES))('%s: same result for every chunking (sizes 1–13, every 2-way cut)', (_name, text) => {
    const input = Buffer.from(text, 'utf8');
    const whole = chunked(input, []);
    for (let size = 1; size <= 13; size++) {
      const cuts: number[] = [];
      for (let at = size; at < input.length; at += size) cuts.push(at);
      expect(chunked(input, cuts)).toBe(whole);
    }
    for (let at = 1; at < input.length; at++) expect(chunked(input, [at])).toBe(whole);
  });

  it.each([
    ['default', isa(), { element: '*', repetition: '^', component: ':', segment: '~' }, []],
    ['control chars', isa({ element: '\x1d', repetition: '\x1f', component: '\x1e', segment: '\x1c' }), { element: '\x1d', repetition: '\x1f', component: '\x1e', segment: '\x1c' }, []],
    ["legacy ISA11 'U'", isa({ repetition: 'U' }), { element: '*', repetition: '', component: ':', segment: '~' }, [['separator-legacy-repetition', 'ISA11', undefined]]],
    ['alphanumeric element separator', isa({ element: 'A' }), { element: 'A', repetition: '^', component: ':', segment: '~' }, [['separator-invalid', 'ISA', '026']]],
    ['component = element separator', isa({ component: '*' }), { element: '*', repetition: '^', component: '*', segment: '~' }, [['separator-invalid', 'ISA16', '027']]],
    ['alphanumeric terminator', isa({ segment: 'X' }), { element: '*', repetition: '^', component: ':', segment: 'X' }, [['separator-invalid', 'ISA16', '004']]],
    ['repetition = component separator', isa({ repetition: ':' }), { element: '*', repetition: '', component: ':', segment: '~' }, [['separator-invalid', 'ISA11', '022']]],
  ] as const)('reads delimiters from the ISA: %s', (_name, text, delimiters, issues) => {
    const [first] = tokenizeX12(text + 'IEA*1*000000001' + text.slice(-1)).segments;
    expect(first?.delimiters).toEqual(delimiters);
    expect(first?.issues.map((i) => [i.rule, i.location, i.ta1])).toEqual(issues);
  });

  it('reads a short, line-wrapped ISA leniently', () => {
    const { segments } = tokenizeX12(FIXTURES['line-wrapped short ISA'] ?? '');
    expect(segments.map((s) => s.id)).toEqual(['ISA', 'GS', 'IEA']);
    expect(segments[0]?.delimiters).toEqual({ element: '*', repetition: '|', component: ':', segment: '~' });
    expect(segments[0]?.element(8)).toBe('617591011LTCPP\n');
    expect(segments[1]).toMatchObject({ line: 3, column: 1 });
  });

  it('positions every element, repetition and component', () => {
    const text = clean837('\r\n');
    const clm = tokenizeX12(text).segments.find((s) => s.id === 'CLM');
    const hi = tokenizeX12(text).segments.find((s) => s.id === 'HI');
    if (clm === undefined || hi === undefined) throw new Error('fixture');
    const at = (offset: number): string => text.slice(offset);
    expect(clm).toMatchObject({ number: 5, line: 5, column: 1 });
    expect(clm.element(5)).toBe('11:B:1');
    expect(clm.component(5, 2)).toBe('B');
    const p = clm.position(5, 1, 2);
    expect(p).toMatchObject({ segment: 5, segmentId: 'CLM', element: 5, component: 2, present: true, length: 1, line: 5 });
    expect(at(p.byteOffset).startsWith('B:1*Y')).toBe(true);
    expect(p.column).toBe(p.byteOffset - clm.byteOffset + 1);
    expect(hi.repetitions(1)).toEqual(['ABK:J020', 'ABF:R05']);
    const r2 = hi.position(1, 2, 2);
    expect(at(r2.byteOffset).startsWith('R05~')).toBe(true);
    expect(r2.length).toBe(3);
    expect(clm.position(12)).toMatchObject({ present: false, length: 0 });
    expect(clm.position(1, 2)).toMatchObject({ present: false });
  });

  it('keeps ISA11 and ISA16 whole (they are the separators)', () => {
    const [seg] = tokenizeX12(isa() + 'IEA*1*000000001~').segments;
    expect(seg?.repetitions(11)).toEqual(['^']);
    expect(seg?.component(16, 1)).toBe(':');
    expect(seg?.elementCount).toBe(16);
  });

  it('counts byte offsets in UTF-8 bytes for string input', () => {
    const text = clean837('\n').replace('CLM*A1', 'CLM*Ä1');
    const hi = tokenizeX12(text).segments.find((s) => s.id === 'HI');
    expect(hi?.byteOffset).toBe(Buffer.byteLength(text.slice(0, text.indexOf('HI*')), 'utf8'));
  });

  it.each([
    ['unterminated last segment', clean837('\n').replace(/~\n$/, ''), 'segment-unterminated', 'warning', undefined],
    ['input ends inside the ISA', isa().slice(0, 60), 'isa-truncated', 'fatal', '023'],
    ['no 16 separators in the ISA', 'ISA*' + 'x'.repeat(600) + '~', 'isa-unreadable', 'fatal', '022'],
  ] as const)('reports %s as an issue, never throws', (_name, text, rule, severity, ta1) => {
    const tokens = tokenizeX12(text);
    expect(serializeX12Tokens(tokens).toString('latin1')).toBe(text);
    expect(tokens.issues.map((i) => [i.rule, i.severity, i.ta1])).toContainEqual([rule, severity, ta1]);
  });

  it('cuts a segment without terminator at maxSegmentBytes (bounded memory)', () => {
    const t = new X12Tokenizer({ maxSegmentBytes: 128 });
    const out = [...t.push(isa()), ...t.push('NTE*' + 'a'.repeat(200))];
    expect(out.map((s) => [s.id, s.raw.length])).toEqual([['ISA', 105], ['NTE', 128]]);
    expect(out[1]?.issues[0]?.rule).toBe('segment-too-long');
    expect(t.end().segments[0]?.raw).toBe('a'.repeat(76));
  });

  it('streams from an async iterable and returns the trailing whitespace', async () => {
    const text = clean837('\n') + '\n\n';
    async function* chunks(): AsyncGenerator<string> {
      for (let i = 0; i < text.length; i += 5) yield text.slice(i, i + 5);
    }
    const it = readX12Segments(chunks());
    const ids: string[] = [];
    for (;;) {
      const r = await it.next();
      if (r.done === true) {
        expect(r.value.trailing).toBe('\n\n\n');
        break;
      }
      ids.push(r.value.id);
    }
    expect(ids).toEqual(['ISA', 'GS', 'ST', 'BHT', 'CLM', 'HI', 'SE', 'GE', 'IEA']);
  });

  it('throws only for programmer errors', () => {
    const t = new X12Tokenizer();
    t.end();
    expect(() => t.push('ISA')).toThrow(/after end/);
    expect(() => new X12Tokenizer({ maxSegmentBytes: 10 })).toThrow(/at least 128/);
  });
});
