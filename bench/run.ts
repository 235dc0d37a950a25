/**
 * `npm run bench [-- names...]`: runs the benchmarks (baseline, ingest, read, search, terminology-mapping, terminology-expand, profile-validate, hl7v2-parse, hl7v2-translate, …; all by default)
 * on the embedded SQLite store and prints one JSON document of figures on stdout (progress on stderr).
 *
 * BENCH_SCALE (default 1) scales every workload (1 = the sizes: 1,000,000 stored resources for
 * search); BENCH_RUNS (default 3) sets the runs per figure (medians are reported).
 */
import { cpus, totalmem } from 'node:os';
import { baselineBench } from './baseline.js';
import { DATASET_VERSION } from './dataset.js';
import { ingestBench } from './ingest.js';
import { hl7v2MllpBench } from './hl7v2-mllp.js';
import { hl7v2ParseBench } from './hl7v2-parse.js';
import { hl7v2TranslateBench } from './hl7v2-translate.js';
import { progress } from './lib/log.js';
import { benchRuns, benchScale } from './lib/scale.js';
import { round } from './lib/stats.js';
import { readBench } from './read.js';
import { searchBench } from './search.js';
import { x12Bench } from './x12-837p.js';
import { x12EligibilityBench } from './x12-eligibility.js';
import { x12TokenizeBench } from './x12-tokenize.js';
import { terminologyMappingBench } from './terminology-mapping.js';
import { terminologyExpandBench } from './terminology-expand.js';
import { profileValidateBench } from './profile-validate.js';
import { authzBench } from './authz.js';
import { tokenEndpointBench } from './token-endpoint.js';

const ALL = ['baseline', 'ingest', 'read', 'search', 'terminology-mapping', 'terminology-expand', 'profile-validate', 'hl7v2-mllp', 'token-endpoint', 'authz', 'x12', 'x12-eligibility', 'x12-tokenize', 'hl7v2-parse', 'hl7v2-translate'] as const;
type Name = (typeof ALL)[number];

const scale = benchScale();
const runs = benchRuns();
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(ALL as readonly string[]).includes(a));
if (unknown.length > 0) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
const selected: readonly Name[] = asked.length === 0 ? ALL : (asked as Name[]);
const seconds = Math.max(3, Math.round(10 * Math.min(1, scale * 10)));

const benches: Record<Name, () => Promise<unknown>> = {
  authz: () => authzBench({ patients: Math.max(5, Math.round(50 * Math.min(1, scale))), runs, seconds, connections: 16 }),
  'token-endpoint': () => tokenEndpointBench({ seconds: Math.max(3, Math.round(seconds / 2)), connections: 8 }),
  'hl7v2-parse': () => hl7v2ParseBench({ runs, cpuSeconds: Math.max(0.5, Math.min(3, 3 * scale)) }),
  'hl7v2-translate': () => Promise.resolve(hl7v2TranslateBench({ cpuSeconds: Math.max(0.5, Math.min(2, 2 * scale)) })),
  'hl7v2-mllp': () => hl7v2MllpBench({ seconds: Math.max(5, Math.round(60 * Math.min(1, scale))), connections: 8 }),
  baseline: () => baselineBench({ runs, seconds, connections: 16 }),
  ingest: () => ingestBench({ patients: Math.max(6, Math.round(300 * scale)), runs, concurrency: 4 }),
  read: () => readBench({ patients: Math.max(10, Math.round(200 * Math.min(1, scale))), runs, seconds, connections: 16 }),
  search: () => searchBench({ resources: Math.round(1_000_000 * scale), runs, patientQueries: 200 }),
  'x12-eligibility': () => x12EligibilityBench({ seconds: Math.max(3, Math.round(seconds / 2)), connections: 8, members: Math.max(20, Math.round(1000 * Math.min(1, scale))) }),
  'x12-tokenize': () => x12TokenizeBench({ megabytes: Math.max(10, Math.round(100 * scale)) }),
  x12: () => Promise.resolve(x12Bench({ claims: Math.max(100, Math.round(125_000 * scale)) })),
  'terminology-mapping': () => Promise.resolve(terminologyMappingBench({ seconds: Math.max(1, Math.min(3, seconds / 3)) })),
  'profile-validate': () => Promise.resolve(profileValidateBench({ seconds: Math.max(1, Math.min(3, seconds / 3)) })),
  'terminology-expand': () => terminologyExpandBench({ concepts: Math.max(1000, Math.round(100_000 * Math.min(1, scale))), runs, seconds: Math.max(3, Math.round(seconds / 2)), connections: 4 }),
};

const started = performance.now();
const results: Partial<Record<Name, unknown>> = {};
for (const name of selected) {
  progress(`${name}: start`);
  results[name] = await benches[name]();
}

const figures = results as {
  baseline?: { nodeHttp: { requestsPerSecond: number } };
  read?: { requestsPerSecond: number; p99Ms: number; peakRssMb: number };
  ingest?: { resourcesPerSecond: number; peakRssMb: number };
  search?: {
    count: { resourcesCountedPerSecond: number }; patientCodeDate: { p50Ms: number };
    paging: { resourcesPerSecond: number }; peakRssMb: number;
  };
  'terminology-expand'?: { sequential: { p50Ms: number } };
  'profile-validate'?: { patient: { perCpuSecond: number } };
  'hl7v2-parse'?: { oursMessagesPerCpuSecond: number; ratioToFastestNpm: number | null };
  'hl7v2-translate'?: { slowestMessagesPerCpuSecond: number };
  'terminology-mapping'?: { translateNowPerSecond: number; mapperCachedPerSecond: number; validateValueSetPerSecond: number; validateCodeSystemPerSecond: number };
};
const peaks = [figures.ingest?.peakRssMb, figures.read?.peakRssMb, figures.search?.peakRssMb].filter((x): x is number => x !== undefined);
const ratios = figures.baseline && figures.read
  ? { readVsNodeHttp: round(figures.read.requestsPerSecond / figures.baseline.nodeHttp.requestsPerSecond, 3) }
  : {};
/** The targets, checked where the figure was measured. */
const targets = {
  ingestResourcesPerSecond: figures.ingest && { target: '>= 2500', ok: figures.ingest.resourcesPerSecond >= 2500 },
  readRequestsPerSecond: figures.read && { target: '>= 5000', ok: figures.read.requestsPerSecond >= 5000 },
  readP99Ms: figures.read && { target: '<= 10', ok: figures.read.p99Ms <= 10 },
  countResourcesPerSecond: figures.search && { target: '>= 2000000', ok: figures.search.count.resourcesCountedPerSecond >= 2_000_000 },
  patientCodeDateP50Ms: figures.search && { target: '<= 5', ok: figures.search.patientCodeDate.p50Ms <= 5 },
  pagingResourcesPerSecond: figures.search && { target: '>= 30000', ok: figures.search.paging.resourcesPerSecond >= 30_000 },
  translatePerSecond: figures['terminology-mapping'] && {
    target: '>= 500000', ok: Math.min(figures['terminology-mapping'].translateNowPerSecond, figures['terminology-mapping'].mapperCachedPerSecond) >= 500_000,
  },
  validateCodePerSecond: figures['terminology-mapping'] && {
    target: '>= 200000', ok: Math.min(figures['terminology-mapping'].validateValueSetPerSecond, figures['terminology-mapping'].validateCodeSystemPerSecond) >= 200_000,
  },
  profileValidatePatientPerCoreSecond: figures['profile-validate'] && {
    target: '>= 5000', ok: figures['profile-validate'].patient.perCpuSecond >= 5000, value: figures['profile-validate'].patient.perCpuSecond,
  },
  expandFilterP50Ms: figures['terminology-expand'] && { target: '<= 20', ok: figures['terminology-expand'].sequential.p50Ms <= 20 },
  hl7v2ParseMessagesPerCoreSecond: figures['hl7v2-parse'] && {
    target: '>= 50000', ok: figures['hl7v2-parse'].oursMessagesPerCpuSecond >= 50_000, value: figures['hl7v2-parse'].oursMessagesPerCpuSecond,
  },
  hl7v2ParseVsFastestNpm: figures['hl7v2-parse'] && {
    target: '>= 3', ok: (figures['hl7v2-parse'].ratioToFastestNpm ?? 0) >= 3, value: figures['hl7v2-parse'].ratioToFastestNpm,
  },
  // No issue target for translation alone; it must stay well above the 1,000 msg/s end-to-end MLLP target.
  hl7v2TranslateMessagesPerCoreSecond: figures['hl7v2-translate'] && {
    target: '>= 1000', ok: figures['hl7v2-translate'].slowestMessagesPerCpuSecond >= 1000, value: figures['hl7v2-translate'].slowestMessagesPerCpuSecond,
  },
  peakRssMb: peaks.length > 0 ? { target: '<= 600', ok: Math.max(...peaks) <= 600, value: Math.max(...peaks) } : undefined,
};

process.stdout.write(`${JSON.stringify({
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30, 1) },
  settings: { scale, runs, loadSeconds: seconds, datasetVersion: DATASET_VERSION, store: 'sqlite', gatewayLogLevel: process.env['BENCH_LOG_LEVEL'] ?? 'info' },
  results,
  ratios,
  targets: scale === 1 ? targets : { note: 'targets are checked at BENCH_SCALE=1 only', ...targets },
  benchSeconds: round((performance.now() - started) / 1000, 1),
}, null, 2)}\n`);
