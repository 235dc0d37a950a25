/**
 * Fuzz: random and mutated HL7 v2 messages (byte flips, framing bytes inside, cut and repeated ranges,
 * delimiter storms, reused control ids with other payloads, enhanced-mode flags, oversize frames, raw
 * garbage) streamed over real TCP in random chunk sizes into the MLLP listener and the real pipeline
 * (real translator, SQLite inbox and store). The listener must survive every case, and every positive
 * ACK must be one the inbox stored: every AA sent is the stored answer of a `done` entry.
 * FUZZ_CASES sets the case count (default 1,000; the 100,000: `FUZZ_CASES=100000 npx vitest run
 * test/e2e/hl7v2-fuzz.test.ts`), FUZZ_SEED the seed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMllpFrame } from '../../src/channels/mllp/frame-encoder.js';
import { MllpListener } from '../../src/channels/mllp/mllp-listener.js';
import { MllpTestClient } from '../../src/channels/mllp/mllp-test-client.js';
import { silentLogger } from '../../src/log/logger.js';
import type { InboxEntry } from '../../src/ports/inbox.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { startHl7v2Harness, type Hl7v2Harness } from './support/hl7v2-harness.js';
import { prng } from '../support/prng.js';

const CASES = Number(process.env['FUZZ_CASES'] ?? 1000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261127);
const MAX_FRAME = 32 * 1024;

const INLINE_SEEDS = [
  'MSH|^~\\&|EPIC|HOSP|LYFE|GW|20240115123000+0000||ADT^A01^ADT_A01|S1|P|2.5.1\rEVN|A01|20240115\rPID|1||E-1^^^HOSP^MR||DOE^JANE||19800101|F\rPV1|1|I|||||||||||||||||V-1^^^HOSP^VN\r',
  'MSH|^~\\&|LAB|HOSP|LYFE|GW|20240115123000||ORU^R01^ORU_R01|S2|P|2.5.1\rPID|1||L-1^^^HOSP^MR||ROE^RICHARD\rOBR|1|PL1|FL1|2345-7^Glucose^LN\rOBX|1|NM|2345-7^Glucose^LN||95|mg/dL^mg/dL^UCUM|70-99|N|||F\r',
  'MSH|^~\\&|A|B|C|D|20240101||ADT^A08^ADT_A01|S3|P|2.3|||AL|ER\rPID|1||A-1^^^HOSP||SMITH^ANN\r',
];

/** Seeds: the inline messages and, when present, the HL7 v2 corpus files (first message of each). */
function seeds(): Buffer[] {
  const out = INLINE_SEEDS.map((s) => Buffer.from(s, 'latin1'));
  const root = join(process.cwd(), '..', 'shared', 'corpus', 'hl7v2');
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.(hl7|txt)$/i.test(e.name)) out.push(readFileSync(join(d, e.name)).subarray(0, 20_000));
    }
  };
  walk(root);
  return out;
}

const SPECIAL = [0x7c, 0x5e, 0x7e, 0x5c, 0x26, 0x0d, 0x0a, 0x0b, 0x1c, 0x00, 0xff, 0x22];

/** One fuzz case: a mutated seed, random bytes, or a conflicting reuse of a control id. */
function mutate(rand: () => number, pool: readonly Buffer[], i: number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (n: number): number => Math.floor(rand() * n);
  let b = Buffer.from(pick(pool));
  const text = (): string => b.toString('latin1');
  const ops = 1 + int(3);
  for (let k = 0; k < ops; k++) {
    const at = int(Math.max(1, b.length));
    switch (int(10)) {
      case 0: b[at] = int(256); break;
      case 1: b[at] = pick(SPECIAL); break;
      case 2: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(40)))]); break;
      case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + int(80)), b.subarray(at)]); break;
      case 4: b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(20) }, () => pick(SPECIAL))), b.subarray(at)]); break;
      case 5: b = b.subarray(0, at); break;
      case 6: b = Buffer.from(text().replace(/^(MSH.(?:[^|\r]*\|){8})[^|\r]*/, `$1F${i % 50}`), 'latin1'); break; // reuse control ids
      case 7: b = Buffer.from(text().replace(/^(MSH.(?:[^|\r]*\|){13})/, `$1${pick(['AL', 'NE', 'ER', 'SU', 'XX', ''])}|${pick(['AL', 'NE', 'ER', 'SU', ''])}|`), 'latin1'); break;
      case 8: b = Buffer.from(Array.from({ length: int(200) }, () => int(256))); break;
      default: b = Buffer.from(text().replace(/^(MSH.(?:[^|\r]*\|){8})[^|\r]*/, `$1Z${i}`), 'latin1'); break; // fresh control id
    }
  }
  return b;
}

/** Frames a case (or not: unframed bytes, a missing end block, an oversize frame). */
function frameOf(rand: () => number, payload: Buffer): Buffer {
  const r = rand();
  if (r < 0.03) return payload; // no framing at all
  if (r < 0.05) return Buffer.concat([Buffer.from([0x0b]), payload]); // no end block
  if (r < 0.06) return Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(MAX_FRAME + 1, 0x41), Buffer.from([0x1c, 0x0d])]); // oversize
  const clean = Buffer.from(payload.filter((x) => x !== 0x0b && x !== 0x1c));
  return r < 0.1 ? Buffer.concat([Buffer.from([0x0b]), payload, Buffer.from([0x1c, 0x0d])]) : encodeMllpFrame(clean);
}

const msa = (er7: string): string[] => er7.split(/\r|\n/).find((s) => s.startsWith('MSA'))?.split(er7[3] ?? '|') ?? [];

let h: Hl7v2Harness;
let listener: MllpListener;
beforeAll(async () => {
  h = startHl7v2Harness({ translate: translateHl7v2 });
  listener = await MllpListener.start({
    host: '127.0.0.1', port: 0, maxConnections: 10, maxFrameBytes: MAX_FRAME, idleTimeoutMs: 60_000, maxPendingFrames: 32,
  }, h.pipeline, silentLogger());
});
afterAll(async () => {
  await listener.close(1000);
  await h.close();
});

async function allEntries(): Promise<InboxEntry[]> {
  const out: InboxEntry[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await h.inbox.list({ limit: 1000, ...(after === undefined ? {} : { after }) });
    out.push(...page.entries);
    if (page.next === undefined) return out;
    after = page.next;
  }
}

describe('MLLP + pipeline fuzz', () => {
  it(`${CASES} random and mutated frames: no crash, no AA for anything not stored`, async () => {
    const rand = prng(SEED);
    const pool = seeds();
    const received: string[] = [];
    const batch = 250;
    for (let start = 0; start < CASES; start += batch) {
      const c = await MllpTestClient.connect(listener.port);
      const stream = Buffer.concat(Array.from({ length: Math.min(batch, CASES - start) }, (_, k) => frameOf(rand, mutate(rand, pool, start + k))));
      for (let at = 0; at < stream.length;) {
        const n = 1 + Math.floor(rand() * 4096);
        c.write(stream.subarray(at, at + n));
        at += n;
      }
      c.socket.end();
      await c.closed();
      received.push(...c.frames);
    }
    const entries = await allEntries();
    // The client reads frames as latin1: compare the bytes each stored ACK was sent as.
    const stored = new Set(entries.filter((e) => e.state === 'done' && e.ack !== undefined)
      .map((e) => Buffer.from(e.ack?.text ?? '', e.ack?.encoding === 'latin1' ? 'latin1' : 'utf8').toString('latin1')));
    const aa = received.filter((a) => msa(a)[1] === 'AA');
    expect(aa.length).toBeGreaterThan(0);
    for (const a of aa) expect(stored.has(a)).toBe(true);
    const ca = received.filter((a) => msa(a)[1] === 'CA').length;
    expect(ca).toBeLessThanOrEqual(entries.length);
    // Still serving after everything.
    const c = await MllpTestClient.connect(listener.port);
    c.write(encodeMllpFrame(INLINE_SEEDS[0]?.replace('|S1|', '|AFTER-FUZZ|') ?? ''));
    const [last] = await c.waitFor(1);
    expect(msa(last ?? '')[1]).toBe('AA');
    await c.end();
  }, Math.max(600_000, CASES * 100)); // generous: a niced run on a loaded machine gets little CPU
});
