/**
 * In-process terminology micro benchmark: content load (boot) time and memory, $translate and
 * $validate-code per second, and $expand with a text filter over a synthetic 100,000-concept code
 * system (p50 / p99). Prints one JSON object. Run: `npx tsx bench/terminology-ops.ts`.
 * Targets (issue 3): translate >= 500,000/s, validate-code >= 200,000/s, filtered expand p50 <= 20 ms
 * (over HTTP, later; this measures the in-process part).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeSystem, CodeSystemConcept, ConceptMap } from 'fhir/r4.js';
import { createDefaultContent } from '../src/terminology/content/default-content.js';
import { LocalTerminologyService } from '../src/terminology/local/local-terminology-service.js';
import type { CodeRef, TranslateRequest } from '../src/ports/terminology-service.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;
const ms = (n: number): number => Math.round(n * 100) / 100;
const log = (s: string): void => void process.stderr.write(`terminology-ops: ${s}\n`);

function timed<T>(work: () => T): [T, number] {
  const t = performance.now();
  const v = work();
  return [v, performance.now() - t];
}

/** Calls `op(i)` for about `seconds`, in batches; answers calls per second. */
async function rate(seconds: number, op: (i: number) => unknown | Promise<unknown>): Promise<number> {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    for (let k = 0; k < 1000; k++, n++) {
      const r = op(n);
      if (r instanceof Promise) await r;
    }
  }
  return Math.round(n / ((performance.now() - start) / 1000));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

// --- boot: content layers and first use of each -------------------------------------------------
const heap0 = process.memoryUsage();
const [content, tCreate] = timed(() => createDefaultContent({ shippedDir: join(root, 'terminology') }));
const svc = new LocalTerminologyService({ content, clock: () => new Date() });
const [, tThoLookup] = timed(() => svc.lookupNow({ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }));
const [, tFirstTranslate] = timed(() => svc.translateNow({ system: 'http://terminology.hl7.org/CodeSystem/v2-0001', code: 'F' }));
const [, tCoreExpand] = timed(() => svc.expandNow({ valueSet: 'http://hl7.org/fhir/ValueSet/observation-status' }));
global.gc?.();
const heap1 = process.memoryUsage();
log(`content ready: create ${ms(tCreate)} ms, first THO lookup ${ms(tThoLookup)} ms, first translate ${ms(tFirstTranslate)} ms, first core expand ${ms(tCoreExpand)} ms`);

// --- $translate over the shipped V2-to-FHIR maps --------------------------------------------------
const pairs: TranslateRequest[] = [];
for (const map of content.all('ConceptMap') as ConceptMap[]) {
  if (!map.url?.startsWith('http://hl7.org/fhir/uv/v2mappings/')) continue;
  for (const g of map.group ?? []) for (const e of g.element) {
    if (g.source !== undefined && e.code !== undefined && g.target !== undefined) pairs.push({ system: g.source, code: e.code, targetSystem: g.target });
  }
}
const translateSync = await rate(2, (i) => svc.translateNow(pairs[i % pairs.length] as TranslateRequest));
const translateAsync = await rate(2, (i) => svc.translate(pairs[i % pairs.length] as TranslateRequest));
log(`translate: ${translateSync}/s sync, ${translateAsync}/s through the async port (${pairs.length} source codes)`);

// --- $validate-code: ValueSet (FHIR core + THO) and CodeSystem ------------------------------------
const vsCases: { valueSet: string; codings: CodeRef[] }[] = [
  { valueSet: 'http://hl7.org/fhir/ValueSet/observation-status', codings: [{ system: 'http://hl7.org/fhir/observation-status', code: 'final', display: 'Final' }] },
  { valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender', codings: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'female' }] },
  { valueSet: 'http://terminology.hl7.org/ValueSet/v2-0203', codings: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
  { valueSet: 'http://hl7.org/fhir/ValueSet/observation-status', codings: [{ system: 'http://hl7.org/fhir/observation-status', code: 'nope' }] },
];
for (const c of vsCases) svc.validateInValueSetNow(c); // warm the expansion cache
const validateVs = await rate(2, (i) => svc.validateInValueSetNow(vsCases[i % vsCases.length] as (typeof vsCases)[number]));
const validateVsAsync = await rate(2, (i) => svc.validateCodeInValueSet(vsCases[i % vsCases.length] as (typeof vsCases)[number]));
const csCodes = ['MR', 'SS', 'DL', 'XX', 'PPN', 'NOPE'];
const validateCs = await rate(2, (i) => svc.validateInCodeSystemNow({ url: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: csCodes[i % csCodes.length] ?? '' }));
log(`validate-code: ValueSet ${validateVs}/s sync, ${validateVsAsync}/s async; CodeSystem ${validateCs}/s`);

// --- $expand with a text filter over 100,000 concepts ---------------------------------------------
const WORDS = ['acute', 'chronic', 'renal', 'hepatic', 'cardiac', 'failure', 'infection', 'bacterial', 'viral', 'left', 'right',
  'upper', 'lower', 'fracture', 'femur', 'tibia', 'syndrome', 'disorder', 'neoplasm', 'benign', 'malignant', 'pulmonary',
  'embolism', 'artery', 'vein', 'thrombosis', 'diabetes', 'mellitus', 'type', 'insulin', 'resistant', 'pressure', 'ulcer',
  'stage', 'primary', 'secondary', 'congenital', 'anomaly', 'ocular', 'retinal', 'detachment', 'spinal', 'stenosis', 'lumbar'];
let seed = 42;
const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
const concepts: CodeSystemConcept[] = [];
for (let i = 0; i < 100_000; i++) {
  const words = Array.from({ length: 3 + rnd(4) }, () => WORDS[rnd(WORDS.length)] ?? '');
  concepts.push({ code: `C${i}`, display: words.join(' '), ...(i % 7 === 0 && { designation: [{ language: 'fr', value: `désignation ${i}` }] }) });
}
const big: CodeSystem = { resourceType: 'CodeSystem', url: 'http://example.org/bench/big', version: '1', status: 'active', content: 'complete', concept: concepts };
content.put(big);
content.put({ resourceType: 'ValueSet', url: 'http://example.org/bench/big-vs', status: 'active', compose: { include: [{ system: big.url ?? '' }] } });
const heap2 = process.memoryUsage();
const [, tFirstBigExpand] = timed(() => svc.expandNow({ valueSet: 'http://example.org/bench/big-vs', filter: 'acute ren', count: 20 }));
const filters = ['acute ren', 'card fail', 'diab mell type', 'fract fem left', 'pulm emb', 'mal neo', 'spin sten lum', 'ret det', 'vir inf', 'désign'];
const times: number[] = [];
const end = performance.now() + 4000;
let totalHits = 0;
for (let i = 0; performance.now() < end && i < 2000; i++) {
  const [vs, t] = timed(() => svc.expandNow({ valueSet: 'http://example.org/bench/big-vs', filter: filters[i % filters.length] ?? '', count: 20 }));
  times.push(t);
  totalHits += vs.expansion?.total ?? 0;
}
times.sort((a, b) => a - b);
log(`expand: first ${ms(tFirstBigExpand)} ms (index + expansion), then p50 ${ms(percentile(times, 50))} ms over ${times.length} filtered calls`);

console.log(JSON.stringify({
  bench: 'terminology-ops',
  boot: {
    createContentMs: ms(tCreate), firstThoLookupMs: ms(tThoLookup), firstTranslateMs: ms(tFirstTranslate), firstCoreExpandMs: ms(tCoreExpand),
    heapUsedMB: mb(heap1.heapUsed - heap0.heapUsed), rssMB: mb(heap1.rss),
  },
  translate: { perSecond: translateSync, perSecondAsync: translateAsync, sourceCodes: pairs.length, target: 500_000 },
  validateCode: { valueSetPerSecond: validateVs, valueSetPerSecondAsync: validateVsAsync, codeSystemPerSecond: validateCs, target: 200_000 },
  expandFilter: {
    concepts: concepts.length, firstCallMs: ms(tFirstBigExpand), p50Ms: ms(percentile(times, 50)), p99Ms: ms(percentile(times, 99)),
    calls: times.length, meanTotal: Math.round(totalHits / times.length), heapForSystemMB: mb(process.memoryUsage().heapUsed - heap2.heapUsed), target: { p50Ms: 20 },
  },
}));
