/**
 * X12 837P validation and translation benchmark: a generated 837P of `claims` claims (125,000 ≈ 43 MB
 * at BENCH_SCALE=1; one interchange, one ST, one HL 22 subscriber per claim) is streamed in 64 KiB
 * chunks through the streaming validator (tokenizer, envelope, loop parser, SNIP 2 / 3 rules) and
 * acknowledged (999 built); then streamed again with each claim translated to its FHIR Bundle.
 * (the first `translateClaims`, default 20,000, to keep the run short); then translated and committed
 * on the embedded store (a SQLite file, WAL, as `npm start` runs it) the way the X12 pipeline commits a
 * transaction set: each claim's transaction Bundle plus its Provenance through `FhirRepository.bundle`
 * (`commitClaims`, default 1/25 of the claims, at least 500), then up to 3,000 further claims as one
 * transaction set (one Bundle, as the pipeline commits a set's part). Reports MB/s, claims/s, CPU ms per claim
 * (translation and commit apart) and peak RSS; finally the streamed background path over `streamClaims`
 * (default at most 20,000) in a child process (bench/x12-batch-stream.ts). Direct run: `npx tsx bench/x12-837p.ts [claims]`.
 */
import type { Bundle } from 'fhir/r4.js';
import { identityCodeMapper } from '../src/core/code-mapping.js';
import { inboxEntryUri, withProvenance } from '../src/pipeline/provenance.js';
import type { RequestContext } from '../src/repository/types.js';
import { BENCH_FHIR_BASE, openFileRepository } from './lib/file-repository.js';
import { progress } from './lib/log.js';
import { withTempDir } from './lib/temp.js';
import { acknowledgeInterchange, envelopeFindings } from '../src/translators/x12/ack/index.js';
import { translateX12Transaction, translateX12Unit } from '../src/translators/x12/fhir/index.js';
import { parseX12 } from '../src/translators/x12/index.js';
import { parseTransactions } from '../src/translators/x12/transactions/index.js';
import { X12StreamValidator } from '../src/translators/x12/snip/index.js';

const CHUNK = 64 * 1024;
const pad = (s: string, n: number): string => s.padEnd(n, ' ');
const ISA = ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad('SUBMITTER', 15), 'ZZ', pad('PAYER', 15), '240115', '1230', '^', '00501', '000000001', '0', 'P', ':'].join('*');
const HEAD = [ISA, 'GS*HC*SUBMITTER*PAYER*20240115*1230*1*X*005010X222A1', 'ST*837*0001*005010X222A1', 'BHT*0019*00*0123*20240115*1230*CH',
  'NM1*41*2*BILLING SERVICE*****46*TGJ23', 'PER*IC*EDI DESK*TE*3055552222', 'NM1*40*2*KEY INSURANCE*****46*66783JJT', 'HL*1**20*1',
  'NM1*85*2*KILDARE CLINIC*****XX*1912301953', 'N3*234 SEAWAY ST', 'N4*MIAMI*FL*331110000', 'REF*EI*587654321'];
const HEAD_SEGMENTS_IN_SET = HEAD.length - 2;

/** One claim (2000B + 2300 + two 2400 lines): 15 segments. */
function claim(i: number): string {
  return [
    `HL*${i + 2}*1*22*0`, 'SBR*P*18*GRP01******CI', `NM1*IL*1*DOE*JANE****MI*M${String(i).padStart(9, '0')}`, 'N3*1 MAIN ST', 'N4*BOSTON*MA*02118',
    'DMG*D8*19800101*F', 'NM1*PR*2*KEY INSURANCE*****PI*999996666', `CLM*C${i}*150***11:B:1*Y*A*Y*I`, 'HI*ABK:J020*ABF:R05', 'LX*1',
    'SV1*HC:99213:25*100*UN*1***1:2', 'DTP*472*D8*20240110', 'LX*2', 'SV1*HC:87880*50*UN*1***1', 'DTP*472*D8*20240110',
  ].join('~\n') + '~\n';
}

/** The file as ~64 KiB chunks, generated on the fly (claim and member numbers from `first`). */
export function* chunks(claims: number, first = 0): Generator<string> {
  let buf = `${HEAD.join('~\n')}~\n`;
  for (let i = 0; i < claims; i++) {
    buf += claim(first + i);
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}SE*${HEAD_SEGMENTS_IN_SET + claims * 15 + 1}*0001~\nGE*1*1~\nIEA*1*000000001~\n`;
}

/** User + system CPU seconds since `from` (wall time is unreliable on a shared 2-core machine). */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * Translates the first `claims` claims and commits each as the pipeline does (Bundle + Provenance,
 * one FHIR transaction per claim) on a fresh SQLite file store; translation and commit CPU apart.
 */
async function translateAndCommit(claims: number): Promise<Record<string, unknown>> {
  return withTempDir('x12-commit', async (dir) => {
    const baseUrl = BENCH_FHIR_BASE;
    const { store, repo, ids } = openFileRepository(dir);
    const entryId = 'bench-837p';
    const rctx: RequestContext = { baseUrl, source: inboxEntryUri(entryId), lenient: true, patientCompartment: undefined };
    const tctx = { codes: identityCodeMapper, source: 'x12:bench', ids, now: () => new Date() };
    const recorded = new Date().toISOString();
    let pending: Bundle[] = [];
    let translateCpu = 0;
    let commitCpu = 0;
    let committed = 0;
    let entries = 0;
    let perSet: Record<string, unknown> | undefined;
    const v = new X12StreamValidator({
      onUnit: (unit, spec) => {
        const bundle = translateX12Unit(spec, unit, tctx).bundle;
        pending.push(withProvenance(bundle, { entryId: `${entryId}-${pending.length + committed}`, sender: 'x12:bench', recorded, ids, description: 'X12 837 bench claim' }));
      },
    });
    // The store's WAL checkpoint worker is unref'd: while a commit waits on a checkpoint pass, nothing
    // else keeps this process alive (a server has its listening socket), so it would exit mid-await.
    const keepAlive = setInterval(() => undefined, 1000);
    let started = 0;
    let perClaimSeconds = 0;
    try {
      // Warm-up (not measured): compiles the schema validator and the prepared statements, as a running server has.
      const warm = new X12StreamValidator({ onUnit: (unit, spec) => pending.push(translateX12Unit(spec, unit, tctx).bundle) });
      for (const c of chunks(20, 20_000_000)) warm.push(c);
      warm.end();
      for (const b of pending) await repo.bundle(rctx, withProvenance(b, { entryId: `warm-${ids()}`, sender: 'x12:bench', recorded, ids, description: 'warm-up' }), { prefer: 'minimal' });
      pending = [];
      progress(`x12: translate + commit ${claims} claims, one transaction each`);
      started = performance.now();
      for (const c of chunks(claims)) {
        let cpu = process.cpuUsage();
        v.push(c);
        translateCpu += cpuSeconds(cpu);
        cpu = process.cpuUsage();
        for (const b of pending) {
          entries += b.entry?.length ?? 0;
          await repo.bundle(rctx, b, { prefer: 'minimal' });
          committed++;
        }
        pending = [];
        commitCpu += cpuSeconds(cpu);
      }
      v.end();
      for (const b of pending) {
        const cpu = process.cpuUsage();
        await repo.bundle(rctx, b, { prefer: 'minimal' });
        commitCpu += cpuSeconds(cpu);
        committed++;
      }
      perClaimSeconds = (performance.now() - started) / 1000;
      // The whole set as one transaction (what the pipeline commits for a transaction set), on the same store;
      // at most 3,000 claims (about 9,000 entries: the repository refuses bundles over 10,000 entries).
      const setClaims = Math.min(claims, 3000);
      progress(`x12: translate + commit ${setClaims} claims as one transaction set`);
      const cpu = process.cpuUsage();
      const setStarted = performance.now();
      const t = parseTransactions(parseX12([...chunks(setClaims, 10_000_000)].join('')).envelope)[0];
      if (t?.spec === undefined || t.root === undefined) throw new Error('the generated 837P did not parse');
      const setBundle = withProvenance(translateX12Transaction(t.spec, t.root, tctx).bundle, { entryId: `${entryId}-set`, sender: 'x12:bench', recorded, ids, description: 'X12 837 bench set' });
      const failed = await repo.bundle(rctx, setBundle, { prefer: 'minimal' }).then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
      const setSeconds = (performance.now() - setStarted) / 1000;
      perSet = failed !== undefined ? { claims: setClaims, entries: setBundle.entry?.length ?? 0, error: failed } : {
        claims: setClaims, entries: setBundle.entry?.length ?? 0, seconds: +setSeconds.toFixed(2), claimsPerSecond: Math.round(setClaims / setSeconds),
        cpuMsPerClaim: +((1000 * cpuSeconds(cpu)) / setClaims).toFixed(3),
      };
      if (failed !== undefined) progress(`x12: the ${setClaims}-claim transaction set was refused: ${failed}`);
    } finally {
      try {
        await store.close();
      } finally {
        clearInterval(keepAlive);
      }
    }
    const seconds = perClaimSeconds;
    return {
      claims: committed, entriesPerClaim: +(entries / Math.max(1, committed)).toFixed(1), seconds: +seconds.toFixed(2), claimsPerSecond: Math.round(committed / seconds),
      cpuMsPerClaim: +((1000 * (translateCpu + commitCpu)) / committed).toFixed(3),
      translateCpuMsPerClaim: +((1000 * translateCpu) / committed).toFixed(3), commitCpuMsPerClaim: +((1000 * commitCpu) / committed).toFixed(3),
      claimsPerCpuSecond: Math.round(committed / (translateCpu + commitCpu)),
      target: { claimsPerSecond: '>= 3000', ok: committed / seconds >= 3000 },
      note: 'one FHIR transaction per claim (its Bundle + Provenance), file-backed SQLite store, schema validation on',
      perTransactionSet: perSet,
      peakRssMb: rssMb(),
    };
  });
}

/** Runs the benchmark over a generated 837P of `claims` claims. */
export async function x12Bench(options: { claims: number; translateClaims?: number; commitClaims?: number; streamClaims?: number }): Promise<Record<string, unknown>> {
  const { claims } = options;
  const translateClaims = options.translateClaims ?? Math.min(claims, 20_000);
  let bytes = 0;
  let started = performance.now();
  let cpu = process.cpuUsage();
  const v = new X12StreamValidator();
  for (const c of chunks(claims)) {
    bytes += c.length;
    v.push(c);
  }
  const result = v.end();
  const ic = result.envelope.interchanges[0];
  const ack = ic === undefined ? undefined : acknowledgeInterchange(ic, [...envelopeFindings(ic), ...(result.findings.get(0) ?? [])].filter((f) => f.level !== 'interchange'), {
    clock: () => new Date(), controlNumbers: { interchange: () => 1, group: () => 1 },
  });
  const validateSeconds = (performance.now() - started) / 1000;
  const validatePeakRssMb = rssMb();
  const validateCpu = cpuSeconds(cpu);
  cpu = process.cpuUsage();

  started = performance.now();
  let translated = 0;
  let resources = 0;
  let n = 0;
  const ctx = { codes: identityCodeMapper, source: 'x12:bench', ids: () => String(++n), now: () => new Date() };
  const t = new X12StreamValidator({
    onUnit: (unit, spec) => {
      resources += translateX12Unit(spec, unit, ctx).bundle.entry?.length ?? 0;
      translated++;
    },
  });
  for (const c of chunks(translateClaims)) t.push(c);
  t.end();
  const translateSeconds = (performance.now() - started) / 1000;
  const translateCpu = cpuSeconds(cpu);
  progress(`x12: validated and acknowledged ${claims} claims; translated ${translated}`);
  const translateAndCommitFigures = await translateAndCommit(options.commitClaims ?? Math.min(claims, Math.max(500, Math.round(claims / 25))));
  return {
    claims, megabytes: +(bytes / 1e6).toFixed(1), segments: result.segments,
    validateAndAcknowledge: {
      seconds: +validateSeconds.toFixed(2), mbPerSecond: +(bytes / 1e6 / validateSeconds).toFixed(1), claimsPerSecond: Math.round(claims / validateSeconds),
      cpuSeconds: +validateCpu.toFixed(2), mbPerCpuSecond: +(bytes / 1e6 / validateCpu).toFixed(1), ack999: ack?.functional[0]?.code, findings: result.findings.get(0)?.length ?? 0, peakRssMb: validatePeakRssMb,
    },
    validateAndTranslate: {
      claims: translateClaims, seconds: +translateSeconds.toFixed(2), claimsPerSecond: Math.round(translated / translateSeconds),
      cpuSeconds: +translateCpu.toFixed(2), claimsPerCpuSecond: Math.round(translated / translateCpu), resourcesPerClaim: +(resources / Math.max(1, translated)).toFixed(1),
      note: 'translation only (one FHIR transaction Bundle per claim)', peakRssMb: rssMb(),
    },
    translateAndCommit: translateAndCommitFigures,
    // The background path end to end (pass 1 999, pass 2 translate + commit + 277CA) in its own process.
    streamedBatch: await (await import('./x12-batch-stream.js')).x12BatchStreamBench({ claims: options.streamClaims ?? Math.min(claims, 20_000) }),
  };
}

if (process.argv[1]?.endsWith('x12-837p.ts')) {
  process.stdout.write(`${JSON.stringify(await x12Bench({ claims: Number(process.argv[2] ?? 125_000) }), null, 2)}\n`);
}
