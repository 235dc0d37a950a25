/**
 * The cost of the authorization check on read by id (issue 6: "adds <= 10% to read-by-id throughput,
 * with and without auth in the same run"). One child process serves the same repository twice (see
 * authz-child.ts); short slices alternate between `open` (no token handling), `system` (a `system/*.rs`
 * token through the real fast path: bearer lookup + compiled policy) and `patient` (a `patient/*.rs`
 * token: the same plus the Patient-compartment check of every resource read). Reports medians, and the
 * overheads as medians of ratios taken within each round of slices.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { load, medianOf, type LoadResult } from './lib/load.js';
import { progress } from './lib/log.js';
import { median, round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';
import { policyOf } from '../src/auth/policy/policy-cache.js';
import { parseScopes } from '../src/auth/scopes.js';

/**
 * The check alone, in process (robust against a busy machine, unlike req/s): nanoseconds per
 * decision for a cached token's policy (`policyOf` + `decide`, what the fast path adds).
 */
function decisionNs(): { system: number; patient: number } {
  const measure = (token: { scopes: ReturnType<typeof parseScopes>; patient?: string }): number => {
    const n = 1_000_000;
    const types = ['Observation', 'Patient', 'Condition', 'Encounter'];
    const started = process.hrtime.bigint();
    let allowed = 0;
    for (let i = 0; i < n; i++) if (policyOf(token).decide(types[i & 3] ?? 'Patient', 'r').allowed) allowed++;
    if (allowed !== n) throw new Error('unexpected denial');
    return round(Number(process.hrtime.bigint() - started) / n, 1);
  };
  return { system: measure({ scopes: parseScopes('system/*.rs') }), patient: measure({ scopes: parseScopes('patient/*.rs'), patient: 'p0' }) };
}

/** Length of one measured slice; each round runs one slice per mode. */
const SLICE_SECONDS = 2;

export interface AuthzOptions {
  readonly patients: number;
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
}

interface Ready {
  readonly type: 'ready';
  readonly auth: string;
  readonly open: string;
  readonly paths: string[];
  readonly tokens: { readonly system: string; readonly patient: string };
}

export async function authzBench(o: AuthzOptions) {
  return withTempDir('authz', async (dir) => {
    const child = fork(fileURLToPath(new URL('./authz-child.ts', import.meta.url)), [], {
      // BENCH_CPU_PROF=dir writes the server's CPU profile there (`node --cpu-prof`).
      execArgv: ['--import', 'tsx', ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [])],
      env: { ...process.env, DATA_DIR: dir, AUTHZ_PATIENTS: String(o.patients) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      progress(`authz: seeding ${o.patients} patients (setup)`);
      const ready = await new Promise<Ready>((ok, fail) => {
        child.on('message', (m: { type?: string }) => {
          if (m.type === 'ready') ok(m as Ready);
        });
        child.once('exit', (code) => fail(new Error(`authz child exited (${code})`)));
      });
      const modes = {
        open: { url: ready.open, headers: { Accept: 'application/fhir+json' } },
        system: { url: ready.auth, headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${ready.tokens.system}` } },
        patient: { url: ready.auth, headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${ready.tokens.patient}` } },
      } as const;
      const runs: Record<keyof typeof modes, LoadResult[]> = { open: [], system: [], patient: [] };
      /** Server CPU (user + system, µs) per request of each run: a busy machine disturbs it far less than req/s. */
      const cpuUs: Record<keyof typeof modes, number[]> = { open: [], system: [], patient: [] };
      let tokenCache: unknown;
      const cpu = (): Promise<number> => new Promise((ok) => {
        const on = (m: { type?: string; usage?: NodeJS.CpuUsage; tokenCache?: unknown }): void => {
          if (m.type !== 'cpu' || m.usage === undefined) return;
          child.off('message', on);
          tokenCache = m.tokenCache;
          ok(m.usage.user + m.usage.system);
        };
        child.on('message', on);
        child.send({ type: 'cpu' });
      });
      // A short warm-up per mode (JIT, the verified-token cache), then rounds of short slices, one per
      // mode in a rotating order: on a shared machine the load drifts, and a round's three slices see
      // nearly the same machine. Ratios are taken within each round, then their median is reported.
      for (const m of Object.values(modes)) await load(m.url, ready.paths, { connections: o.connections, seconds: 1, headers: m.headers });
      const names = Object.keys(modes) as (keyof typeof modes)[];
      const slice = Math.min(o.seconds, SLICE_SECONDS);
      const rounds = o.runs * Math.max(1, Math.round(o.seconds / slice));
      const ratios: Record<'system' | 'patient', { rps: number[]; cpu: number[] }> = { system: { rps: [], cpu: [] }, patient: { rps: [], cpu: [] } };
      const loadBefore = loadavg()[0] ?? 0;
      for (let i = 0; i < rounds; i++) {
        progress(`authz: round ${i + 1}/${rounds}`);
        const round1: Partial<Record<keyof typeof modes, { rps: number; cpu: number }>> = {};
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k) % names.length] ?? 'open';
          const m = modes[name];
          const before = await cpu();
          const r = await load(m.url, ready.paths, { connections: o.connections, seconds: slice, headers: m.headers });
          const used = (await cpu()) - before;
          runs[name].push(r);
          const perRequest = round(used / Math.max(1, r.requestsPerSecond * slice), 1);
          cpuUs[name].push(perRequest);
          round1[name] = { rps: r.requestsPerSecond, cpu: perRequest };
        }
        const base = round1.open;
        for (const name of ['system', 'patient'] as const) {
          const x = round1[name];
          if (base === undefined || x === undefined || base.rps <= 0 || base.cpu <= 0) continue;
          ratios[name].rps.push(1 - x.rps / base.rps);
          ratios[name].cpu.push(x.cpu / base.cpu - 1);
        }
      }
      const open = medianOf(runs.open);
      const system = medianOf(runs.system);
      const patient = medianOf(runs.patient);
      const overhead = (name: 'system' | 'patient'): number => round(median(ratios[name].rps), 3);
      const cpuOf = (name: keyof typeof modes): number => median(cpuUs[name]);
      const cpuOverhead = (name: 'system' | 'patient'): number => round(median(ratios[name].cpu), 3);
      return {
        open, system, patient,
        serverCpuUsPerRequest: { open: cpuOf('open'), system: cpuOf('system'), patient: cpuOf('patient') },
        /** Extra server CPU per request with a token, relative to `open` in the same round (median over rounds). */
        cpuOverhead: { system: cpuOverhead('system'), patient: cpuOverhead('patient') },
        /** The verified-token cache of the server after the runs (the fast path looks every bearer up there). */
        tokenCache,
        decisionNs: decisionNs(),
        /** Lost throughput relative to `open` in the same round (median over rounds). */
        systemOverhead: overhead('system'),
        patientOverhead: overhead('patient'),
        rounds,
        sliceSeconds: slice,
        loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) },
        target: '<= 0.10 (system and patient tokens)',
        ok: overhead('system') <= 0.1 && overhead('patient') <= 0.1,
      };
    } finally {
      child.send({ type: 'stop' });
      await new Promise<void>((ok) => {
        if (child.exitCode !== null) ok();
        else child.once('exit', () => ok());
      });
    }
  });
}
