import { describe, expect, it } from 'vitest';
import { MllpFrameDecoder, type MllpEvent } from './frame-decoder.js';
import { encodeMllpFrame } from './frame-encoder.js';

const A = 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1\r';
const B = 'MSH|^~\\&|A|B|C|D|20240101||ORU^R01|2|P|2.5\r';

/** Decodes `stream` cut at `cuts`, returning every event with payloads as text. */
function decode(stream: Buffer, cuts: number[], maxFrameBytes = 1000): unknown[] {
  const dec = new MllpFrameDecoder({ maxFrameBytes });
  const events: MllpEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    events.push(...dec.push(stream.subarray(at, cut)));
    at = cut;
  }
  events.push(...dec.end());
  return events.map((e) => (e.type === 'frame' ? { ...e, payload: e.payload.toString('latin1') } : e));
}

const frame = (payload: string, offset: number) => ({ type: 'frame', payload, offset });

const CASES: Array<[string, Buffer, unknown[], number?]> = [
  ['two frames', Buffer.concat([encodeMllpFrame(A), encodeMllpFrame(B)]), [frame(A, 0), frame(B, A.length + 3)]],
  [
    'garbage before, between and after',
    Buffer.concat([Buffer.from('xx'), encodeMllpFrame(A), Buffer.from('\n'), encodeMllpFrame(B), Buffer.from('zz')]),
    [
      { type: 'garbage', offset: 0, length: 2 },
      frame(A, 2),
      { type: 'garbage', offset: A.length + 5, length: 1 },
      frame(B, A.length + 6),
      { type: 'garbage', offset: A.length + B.length + 9, length: 2 },
    ],
  ],
  [
    'oversize frame dropped, decoder resyncs at the next start block',
    Buffer.concat([encodeMllpFrame(A), encodeMllpFrame(B)]),
    [{ type: 'oversize', offset: 0, maxFrameBytes: B.length }, frame(B, A.length + 3)],
    B.length,
  ],
  [
    'start block inside a frame: the first is unterminated',
    Buffer.concat([Buffer.from([0x0b]), Buffer.from('MSH|partial'), encodeMllpFrame(B)]),
    [{ type: 'unterminated', offset: 0, length: 11 }, frame(B, 12)],
  ],
  ['end block without CR still ends the frame', Buffer.from(`\x0b${B}\x1c\x0b${B}\x1c`, 'latin1'), [frame(B, 0), frame(B, B.length + 2)]],
  ['stream cut inside a frame', Buffer.from(`\x0b${B.slice(0, 10)}`, 'latin1'), [{ type: 'unterminated', offset: 0, length: 10 }]],
  ['empty frame', Buffer.from([0x0b, 0x1c, 0x0d]), [frame('', 0)]],
];

describe('MllpFrameDecoder', () => {
  it.each(CASES)('%s: same events for one chunk, every single split and byte-by-byte', (_name, stream, expected, max) => {
    expect(decode(stream, [], max)).toEqual(expected);
    for (let cut = 1; cut < stream.length; cut++) expect(decode(stream, [cut], max)).toEqual(expected);
    const bytes = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(decode(stream, bytes, max)).toEqual(expected);
  });

  it('every pair of split points of a two-message stream gives the two frames', () => {
    const stream = Buffer.concat([encodeMllpFrame(A), encodeMllpFrame(B)]);
    const expected = [frame(A, 0), frame(B, A.length + 3)];
    for (let i = 1; i < stream.length; i++) {
      for (let j = i + 1; j < stream.length; j++) expect(decode(stream, [i, j])).toEqual(expected);
    }
  });

  it('copies payloads so a reused chunk buffer does not corrupt them', () => {
    const dec = new MllpFrameDecoder({ maxFrameBytes: 100 });
    const chunk = Buffer.from('\x0bAB', 'latin1');
    dec.push(chunk);
    chunk.fill(0x5a);
    const [ev] = dec.push(Buffer.from([0x1c, 0x0d]));
    expect(ev?.type === 'frame' && ev.payload.toString()).toBe('AB');
  });
});

describe('encodeMllpFrame', () => {
  it('wraps the payload', () => {
    expect([...encodeMllpFrame('AB')]).toEqual([0x0b, 0x41, 0x42, 0x1c, 0x0d]);
  });

  it.each([[Buffer.from([0x41, 0x0b])], ['A\x1cB']])('refuses a payload holding a framing byte (%#)', (payload) => {
    expect(() => encodeMllpFrame(payload)).toThrow(/0x0B|0x1C/);
  });
});
