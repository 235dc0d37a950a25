/**
 * X12 tokenizer benchmark (`npm run bench -- x12-tokenize`; direct: `npx tsx bench/x12-tokenize.ts [MB]`).
 * A synthetic 837P (one ISA/GS/ST, many claims; 100 MB at BENCH_SCALE=1) is written to a scratch file
 * once; then each contender runs in its own child process (so peak RSS is its own) and streams that
 * same file in 64 KiB chunks, reading every element of every segment (the total length read is
 * returned, so no work is skipped):
 * - ours: `X12Tokenizer` (lossless, positions kept), plus a second pass with the envelope reader;
 * - `node-x12` (`X12Parser` as a stream, non-strict) and `x12-parser` (`X12parser` stream).
 * Each child first runs a 4 MB prefix to warm the JIT, then the full file. Figures per contender:
 * MB/s (wall), MB per CPU second (user + system, what load on a shared machine disturbs least),
 * segments, peak RSS and RSS before the run. Ratios are ours / theirs. Target: ours >= 60 MB/s.
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { X12EnvelopeReader, X12Tokenizer } from '../src/translators/x12/index.js';
import { progress } from './lib/log.js';
import { round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

const CHUNK = 64 * 1024;
const WARM_BYTES = 4e6;
const CONTENDERS = ['ours', 'ours+envelope', 'node-x12', 'x12-parser'] as const;
type Contender = (typeof CONTENDERS)[number];

const pad = (s: string, n: number): string => s.padEnd(n, ' ');
const ISA = ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad('SUBMITTER', 15), 'ZZ', pad('PAYER', 15), '240115', '1230', '^', '00501', '000000001', '0', 'P', ':'].join('*') + '~\n';
const HEAD = `${ISA}GS*HC*SUBMITTER*PAYER*20240115*1230*1*X*005010X222A1~\nST*837*0001*005010X222A1~\nBHT*0019*00*0123*20240115*1230*CH~\n`;

/** One claim (2300 + two 2400 lines): 14 segments. */
function claim(i: number): string {
  return [
    `HL*${i + 2}*1*22*0`, 'SBR*P*18*******CI', `NM1*IL*1*DOE*JANE****MI*M${String(i).padStart(9, '0')}`, 'N3*1 MAIN ST', 'N4*BOSTON*MA*02118',
    'DMG*D8*19800101*F', `CLM*C${i}*150***11:B:1*Y*A*Y*Y`, 'HI*ABK:J020^ABF:R05', 'LX*1', 'SV1*HC:99213:25*100*UN*1***1', 'DTP*472*D8*20240110',
    'LX*2', 'SV1*HC:87880*50*UN*1***1:2', 'DTP*472*D8*20240110',
  ].join('~\n') + '~\n';
}

/** Writes an 837P of about `megabytes` MB to `path`; returns its size in bytes and claims. */
async function writeFile(path: string, megabytes: number): Promise<{ bytes: number; claims: number }> {
  let blockText = '';
  let perBlock = 0;
  while (blockText.length < 1 << 20) blockText += claim(perBlock++);
  const block = Buffer.from(blockText, 'latin1');
  const blocks = Math.max(1, Math.round((megabytes * 1e6) / block.length));
  const trailer = Buffer.from(`SE*${2 + blocks * perBlock * 14 + 1}*0001~\nGE*1*1~\nIEA*1*000000001~\n`, 'latin1');
  const parts = function* (): Generator<Buffer> {
    yield Buffer.from(HEAD, 'latin1');
    for (let b = 0; b < blocks; b++) yield block;
    yield trailer;
  };
  await pipeline(Readable.from(parts()), createWriteStream(path));
  return { bytes: HEAD.length + blocks * block.length + trailer.length, claims: blocks * perBlock };
}

function versionOf(pkg: string): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', pkg, 'package.json'), 'utf8'));
    return typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'string' ? json.version : '?';
  } catch {
    return 'not installed';
  }
}

/** Reads `path` through our tokenizer (up to `limit` bytes); total element length read and segments. */
async function runOurs(path: string, limit: number, envelope: boolean): Promise<{ read: number; segments: number }> {
  const t = new X12Tokenizer();
  const reader = envelope ? new X12EnvelopeReader({ retainSegments: false }) : undefined;
  let read = 0;
  let segments = 0;
  const take = (s: { elements: readonly string[] }): void => {
    segments++;
    const e = s.elements;
    for (let i = 1; i < e.length; i++) read += e[i]?.length ?? 0; // elements after the segment id, like the others
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, end: limit - 1 }) as AsyncIterable<Buffer>) {
    for (const s of t.push(chunk)) {
      take(s);
      reader?.add(s);
    }
  }
  for (const s of t.end().segments) {
    take(s);
    reader?.add(s);
  }
  reader?.end();
  return { read, segments };
}

/** Element values of a node-x12 segment (its `elements[].value`). */
interface NodeX12Segment { readonly elements: readonly { readonly value: string }[] }
/** An x12-parser segment object: `name` plus element keys `'1'`, `'2'`, ... (components as `'1-1'`). */
type X12ParserSegment = Record<string, unknown>;

/** Streams `path` through an npm parser's Transform, calling `onSegment` for each object it emits. */
async function runStream(path: string, limit: number, parser: Transform, onSegment: (o: unknown) => number): Promise<{ read: number; segments: number }> {
  let read = 0;
  let segments = 0;
  parser.on('data', (o: unknown) => {
    segments++;
    read += onSegment(o);
  });
  await pipeline(createReadStream(path, { highWaterMark: CHUNK, end: limit - 1 }), parser);
  return { read, segments };
}

async function runContender(name: Contender, path: string, limit: number): Promise<{ read: number; segments: number }> {
  switch (name) {
    case 'ours': return runOurs(path, limit, false);
    case 'ours+envelope': return runOurs(path, limit, true);
    case 'node-x12': {
      const mod = (await import('node-x12')) as unknown as { X12Parser?: new (strict: boolean) => Transform; default?: { X12Parser: new (strict: boolean) => Transform } };
      const X12Parser = mod.X12Parser ?? mod.default?.X12Parser;
      if (X12Parser === undefined) throw new Error('node-x12 has no X12Parser export');
      return runStream(path, limit, new X12Parser(false), (o) => {
        let n = 0;
        for (const e of (o as NodeX12Segment).elements) n += e.value.length;
        return n;
      });
    }
    case 'x12-parser': {
      const { X12parser } = await import('x12-parser');
      return runStream(path, limit, new X12parser(), (o) => {
        let n = 0;
        for (const [k, v] of Object.entries(o as X12ParserSegment)) if (k !== 'name' && typeof v === 'string') n += v.length;
        return n;
      });
    }
    default: return name satisfies never;
  }
}

/** Child entry: warm-up on a prefix, then the full file; sends its figures to the parent. */
async function child(name: Contender, path: string, bytes: number): Promise<void> {
  await runContender(name, path, Math.min(bytes, WARM_BYTES));
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { read, segments } = await runContender(name, path, bytes);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  process.send?.({
    name, seconds: round(seconds, 2), mbPerSecond: round(bytes / 1e6 / seconds, 1), mbPerCpuSecond: round(bytes / 1e6 / cpuSeconds, 1),
    segments, charsRead: read, rssBeforeMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}

function runChild(name: Contender, path: string, bytes: number): Promise<Record<string, unknown>> {
  return new Promise((ok) => {
    const c = fork(fileURLToPath(import.meta.url), ['--child', name, path, String(bytes)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: Record<string, unknown> | undefined;
    c.on('message', (m: Record<string, unknown>) => { result = m; });
    c.on('exit', (code) => ok(result ?? { name, error: `child exited with ${code}` }));
  });
}

/** Runs every contender over one generated file of about `megabytes` MB. */
export async function x12TokenizeBench(options: { megabytes: number }): Promise<Record<string, unknown>> {
  return withTempDir('x12-tokenize', async (dir) => {
    const path = join(dir, 'big-837p.x12');
    const { bytes, claims } = await writeFile(path, options.megabytes);
    const results: Record<string, Record<string, unknown>> = {};
    for (const name of CONTENDERS) {
      progress(`x12-tokenize: ${name} over ${round(bytes / 1e6, 1)} MB`);
      results[name] = await runChild(name, path, bytes);
    }
    const rate = (n: string, k: string): number | undefined => (typeof results[n]?.[k] === 'number' ? results[n][k] : undefined);
    const ratio = (k: string, theirs: string): number | undefined => {
      const a = rate('ours', k);
      const b = rate(theirs, k);
      return a === undefined || b === undefined ? undefined : round(a / b, 2);
    };
    const ours = rate('ours', 'mbPerSecond');
    return {
      megabytes: round(bytes / 1e6, 1), claims, chunkBytes: CHUNK,
      versions: { 'node-x12': versionOf('node-x12'), 'x12-parser': versionOf('x12-parser') },
      results,
      ratios: {
        speedVsNodeX12: ratio('mbPerSecond', 'node-x12'), speedVsX12Parser: ratio('mbPerSecond', 'x12-parser'),
        cpuSpeedVsNodeX12: ratio('mbPerCpuSecond', 'node-x12'), cpuSpeedVsX12Parser: ratio('mbPerCpuSecond', 'x12-parser'),
        peakRssVsNodeX12: ratio('peakRssMb', 'node-x12'), peakRssVsX12Parser: ratio('peakRssMb', 'x12-parser'),
      },
      target: { mbPerSecond: '>= 60', ok: ours !== undefined && ours >= 60 },
    };
  });
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Contender, process.argv[4] ?? '', Number(process.argv[5]));
} else if (process.argv[1]?.endsWith('x12-tokenize.ts')) {
  process.stdout.write(`${JSON.stringify(await x12TokenizeBench({ megabytes: Number(process.argv[2] ?? 100) }), null, 2)}\n`);
}
