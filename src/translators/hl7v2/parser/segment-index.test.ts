/**
 * The segment index (one scan, tape of separators, in-order cursors) against a naive split reference:
 * random segments with standard, custom and multi-unit delimiters, read from text and from bytes, in
 * random order — every value, raw text, count and position must match what splitting would give.
 */
import { describe, expect, it } from 'vitest';
import { parseHl7, type Hl7Segment } from './index.js';
import { prng } from '../../../../test/support/prng.js';

const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5.1', '|^~&'],
  ['MSH#$%!@#A#B#C#D#20240101##ADT$A01#1#P#2.5', '#$%@'],
  ['MSH|^~\\&#|A|B|C|D|20240101||ADT^A01|1|P|2.7', '|^~&'],
  ['MSH|\u00e9~\\&|A|B|C|D|20240101||ADT\u00e9A01|1|P|2.5', '|\u00e9~&'],
  ['MSH|\ud83d\ude00~\\&|A|B|C|D|20240101||ADT|1|P|2.5', '|\ud83d\ude00~&'],
];

/** A random segment body made of the given delimiters, plain text, `""` and escapes. */
function randomSegment(rand: () => number, delims: string): string {
  const atoms = [...Array.from(delims), ...Array.from(delims), 'a', 'bc', 'DEF', '""', '\\F\\', '1.2', ' ', '\u00fc', ''];
  let s = 'ZZ1';
  const n = 1 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) s += atoms[Math.floor(rand() * atoms.length)] ?? '';
  return s;
}

/**
 * The reference: split by field / repetition / component / subcomponent (an empty element is present
 * as `''` when addressed, but counts as 0 parts when `counting`).
 */
function reference(seg: Hl7Segment, field: number, counting = false): string[][][] | undefined {
  const d = seg.delimiters;
  const fields = seg.raw.split(d.field);
  const raw = fields[field];
  if (raw === undefined) return undefined;
  const sp = (t: string, sep: string): string[] => (counting && t === '' ? [] : sep === '' ? [t] : t.split(sep));
  return sp(raw, d.repetition).map((r) => sp(r, d.component).map((c) => sp(c, d.subcomponent)));
}

describe('segment index', () => {
  it('matches a naive split on 300 random segments, from text and from bytes, in random order', () => {
    const rand = prng(4242);
    for (let i = 0; i < 300; i++) {
      const [msh, delims] = HEADERS[i % HEADERS.length] ?? HEADERS[0] ?? ['', ''];
      const text = `${msh}\r${randomSegment(rand, delims)}\r`;
      for (const input of [text, Buffer.from(text, 'utf8'), Buffer.from(text, 'latin1')]) {
        const seg = parseHl7(input).messages[0]?.segment('ZZ1');
        if (seg === undefined) throw new Error(`no ZZ1 in ${JSON.stringify(text)}`);
        const fields = seg.raw.split(seg.delimiters.field).length - 1;
        expect(seg.fieldCount).toBe(fields);
        const coords: Array<[number, number, number, number]> = [];
        for (let f = 1; f <= fields + 1; f++) for (let r = 1; r <= 3; r++) for (let c = 1; c <= 3; c++) for (let k = 1; k <= 3; k++) coords.push([f, r, c, k]);
        for (let j = coords.length - 1; j > 0; j--) {
          const x = Math.floor(rand() * (j + 1));
          [coords[j], coords[x]] = [coords[x] ?? [1, 1, 1, 1], coords[j] ?? [1, 1, 1, 1]];
        }
        const mismatches: string[] = [];
        for (const [f, r, c, k] of coords.slice(0, 80)) {
          const at = `${JSON.stringify(seg.raw)} ${f}[${r}].${c}.${k}`;
          const want = reference(seg, f)?.[r - 1]?.[c - 1]?.[k - 1];
          const raw = seg.rawAt({ occurrence: 1, field: f, repetition: r, component: c, subcomponent: k });
          if (raw !== want) mismatches.push(`${at}: raw ${String(raw)} != ${String(want)}`);
          const pos = seg.position({ occurrence: 1, field: f, repetition: r, component: c, subcomponent: k });
          if (pos.present !== (want !== undefined)) mismatches.push(`${at}: present`);
          if (want !== undefined && seg.raw.slice(pos.column - 1, pos.column - 1 + pos.length) !== want) mismatches.push(`${at}: position`);
          const value = seg.value(f, r, c, k);
          if ((value === undefined) !== (want === undefined || want === '') || (want === '""' && value !== null)) mismatches.push(`${at}: value ${String(value)}`);
        }
        expect(mismatches).toEqual([]);
        for (let f = 1; f <= fields; f++) {
          const ref = reference(seg, f, true) ?? [];
          expect(seg.repetitionCount(f)).toBe(ref.length);
          ref.forEach((rep, r) => {
            expect(seg.componentCount(f, r + 1)).toBe(rep.length);
            rep.forEach((comp, c) => expect(seg.subcomponentCount(f, r + 1, c + 1)).toBe(comp.length));
          });
        }
        // forEachValue visits exactly the non-empty leaves, in order, with the values `value` gives.
        const visited: string[] = [];
        seg.forEachValue((v, f, r, c, k) => visited.push(`${f}.${r}.${c}.${k}=${String(v)}`));
        const expected: string[] = [];
        for (let f = 1; f <= fields; f++) {
          (reference(seg, f, true) ?? []).forEach((rep, r) => rep.forEach((comp, c) => comp.forEach((sub, k) => {
            if (sub !== '') expected.push(`${f}.${r + 1}.${c + 1}.${k + 1}=${String(seg.value(f, r + 1, c + 1, k + 1))}`);
          })));
        }
        expect(visited).toEqual(expected);
      }
    }
  });

  it('header fields 1 and 2 are whole (the separator, the encoding characters), never split', () => {
    const [msh] = parseHl7('MSH|^~\\&|A^B~C|B\rPID|1\r').messages[0]?.all ?? [];
    if (msh === undefined) throw new Error('no MSH');
    expect([msh.value(1), msh.value(2), msh.repetitionCount(2), msh.componentCount(2), msh.value(3, 2)]).toEqual(['|', '^~\\&', 1, 1, 'C']);
    const seen: string[] = [];
    msh.forEachValue((v, f, r, c) => seen.push(`${f}.${r}.${c}=${String(v)}`));
    expect(seen).toEqual(['1.1.1=|', '2.1.1=^~\\&', '3.1.1=A', '3.1.2=B', '3.2.1=C', '4.1.1=B']);
  });

  it('reads from a private copy of the input bytes (a reused buffer does not change a parsed message)', () => {
    const bytes = Buffer.from('MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5.1\rPID|1||123^^^H||DOE^JANE\r');
    const pid = parseHl7(bytes).messages[0]?.segment('PID');
    bytes.fill(0x7c); // the channel reuses its buffer before the segment is first read
    expect(pid?.get('5.2')).toBe('JANE');
    expect(pid?.get('3.4')).toBe('H');
  });
});
