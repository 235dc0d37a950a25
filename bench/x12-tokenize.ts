/**
 * `npx tsx bench/x12-tokenize.ts [MB]`: X12 tokenizer throughput and memory on a large synthetic 837P
 * (default 100 MB: one ISA/GS/ST with many claims), generated on the fly and streamed in 64 KiB
 * chunks. Prints one JSON document: MB/s and peak RSS for tokenizing only, and for tokenizing + the
 * envelope reader (segments not retained). Not wired into bench/run.ts yet. Single thread.
 */
import { X12EnvelopeReader, X12Tokenizer } from '../src/translators/x12/index.js';

const targetMb = Number(process.argv[2] ?? 100);
const CHUNK = 64 * 1024;

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

// A ~1 MiB block of claims, reused: the tokenizer sees realistic bytes, generation costs nothing.
let blockText = '';
let claimsPerBlock = 0;
while (blockText.length < 1 << 20) blockText += claim(claimsPerBlock++);
const block = Buffer.from(blockText, 'latin1');
const segmentsPerBlock = claimsPerBlock * 14;
const blocks = Math.max(1, Math.round((targetMb * 1e6) / block.length));

/** The file as 64 KiB chunks: header, `blocks` claim blocks (chunks cut across segments), trailer. */
function* chunks(): Generator<Buffer> {
  yield Buffer.from(HEAD, 'latin1');
  for (let b = 0; b < blocks; b++) for (let i = 0; i < block.length; i += CHUNK) yield block.subarray(i, i + CHUNK);
  const segs = 2 + blocks * segmentsPerBlock + 1;
  yield Buffer.from(`SE*${segs}*0001~\nGE*1*1~\nIEA*1*000000001~\n`, 'latin1');
}
const totalBytes = HEAD.length + blocks * block.length + 40;

function run(label: string, withEnvelope: boolean): Record<string, unknown> {
  const started = performance.now();
  const t = new X12Tokenizer();
  const reader = new X12EnvelopeReader({ retainSegments: false });
  let segments = 0;
  let elements = 0;
  for (const c of chunks()) {
    for (const s of t.push(c)) {
      segments++;
      if (withEnvelope) reader.add(s);
      else if (s.raw.charCodeAt(0) === 67) elements += s.elementCount; // touch CLM elements like a reader would
    }
  }
  for (const s of t.end().segments) {
    segments++;
    if (withEnvelope) reader.add(s);
  }
  const issues = withEnvelope ? reader.end().issues.length : 0;
  const seconds = (performance.now() - started) / 1000;
  return {
    label, megabytes: +(totalBytes / 1e6).toFixed(1), seconds: +seconds.toFixed(2), mbPerSecond: +(totalBytes / 1e6 / seconds).toFixed(1),
    segments, ...(withEnvelope ? { envelopeIssues: issues } : { clmElementsRead: elements }),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const rssBeforeMb = Math.round(process.resourceUsage().maxRSS / 1024);
const results = [run('tokenize', false), run('tokenize+envelope', true)];
process.stdout.write(`${JSON.stringify({ bench: 'x12-tokenize', chunkBytes: CHUNK, claims: blocks * claimsPerBlock, rssBeforeMb, results }, null, 2)}\n`);
