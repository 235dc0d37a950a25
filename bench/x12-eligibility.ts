/**
 * X12 real-time eligibility over HTTP: `POST /ingest/x12` with a 270, answered with the 999 and the 271
 * built from stored Coverage, against the real gateway in a child process on the embedded SQLite
 * store. Members are enrolled first by one 834; then `connections` clients each send one 270 and wait
 * for its answer before the next (a fresh ISA13 every time, so none is a duplicate). Figures: requests/s,
 * latency p50 / p99 / max (target p99 <= 100 ms with 8 concurrent requests), server CPU ms per request
 * (user + system of the gateway process, from /proc: what decides p99 under load), answers without EB*1.
 */
import { readFileSync } from 'node:fs';
import { interchange } from '../src/translators/x12/transactions/test-fixtures.js';
import { progress } from './lib/log.js';
import { BOOTSTRAP_ID, BOOTSTRAP_SECRET, startGatewayProcess } from './lib/processes.js';
import { quantile, round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

export interface EligibilityBenchOptions {
  readonly seconds: number;
  readonly connections: number;
  readonly members: number;
}

const PAYER = '654456654';
const memberId = (n: number): string => `M${String(n).padStart(8, '0')}`;

/** Interchange text with ISA13 / IEA02 = `control`. */
function withControl(text: string, control: number): string {
  const n = String(control).padStart(9, '0');
  return text.replace('*000000001*0*T*', `*${n}*0*T*`).replace('IEA*1*000000001', `IEA*1*${n}`);
}

function enrollment(members: number): string {
  const body = ['BGN*00*1*20240101*1200****2', 'N1*P5*ACME CORP*FI*999888777', `N1*IN*KEY INSURANCE*FI*${PAYER}`];
  for (let n = 0; n < members; n++) {
    body.push('INS*Y*18*021*20*A***FT', `REF*0F*${memberId(n)}`, `NM1*IL*1*DOE${n}*JOHN`, 'DMG*D8*19770816*M', 'HD*021**HLT*GOLD PPO', 'DTP*348*D8*20240101');
  }
  return interchange('BE', '834', body, '005010X220A1');
}

function inquiry(n: number): string {
  return interchange('HS', '270', [
    'BHT*0022*13*10001234*20240301*1319', 'HL*1**20*1', `NM1*PR*2*KEY INSURANCE*****PI*${PAYER}`, 'HL*2*1*21*1',
    'NM1*1P*1*KILDARE*BEN****XX*1999996666', 'HL*3*2*22*0', `TRN*1*B${n}*9877281234`, `NM1*IL*1*DOE*JOHN****MI*${memberId(n)}`,
    'DMG*D8*19770816*M', 'DTP*291*D8*20240301', 'EQ*30',
  ], '005010X279A1');
}

/** User + system CPU ms of process `pid` so far (Linux /proc; undefined elsewhere). */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ = 100 on Linux
  } catch {
    return undefined;
  }
}

export async function x12EligibilityBench(o: EligibilityBenchOptions) {
  return withTempDir('x12-eligibility', async (dir) => {
    const server = await startGatewayProcess(dir, { LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn' });
    try {
      const tokenRes = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }),
        headers: { authorization: `Basic ${Buffer.from(`${BOOTSTRAP_ID}:${BOOTSTRAP_SECRET}`).toString('base64')}` },
      });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      let control = 1;
      const post = async (text: string): Promise<string> => {
        const res = await fetch(`${server.url}/ingest/x12`, { method: 'POST', body: text, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' } });
        return res.text();
      };
      progress(`x12-eligibility: enrolling ${o.members} members`);
      const enrolled = await post(withControl(enrollment(o.members), control++));
      if (!enrolled.includes('AK9*A')) throw new Error('the 834 was not accepted');
      const latencies: number[] = [];
      let inactive = 0;
      const client = async (until: number, record: boolean): Promise<void> => {
        while (performance.now() < until) {
          const n = Math.floor(Math.random() * o.members);
          const t = performance.now();
          const answer = await post(withControl(inquiry(n), control++));
          if (!answer.includes('EB*1*')) inactive++;
          if (record) latencies.push(performance.now() - t);
        }
      };
      progress('x12-eligibility: warm-up');
      await Promise.all(Array.from({ length: o.connections }, () => client(performance.now() + 2000, false)));
      inactive = 0;
      progress(`x12-eligibility: ${o.connections} concurrent clients for ${o.seconds} s`);
      const cpuBefore = processCpuMs(server.pid);
      const start = performance.now();
      await Promise.all(Array.from({ length: o.connections }, () => client(start + o.seconds * 1000, true)));
      const elapsed = (performance.now() - start) / 1000;
      const cpuAfter = processCpuMs(server.pid);
      const serverCpuMsPerRequest = cpuBefore === undefined || cpuAfter === undefined ? undefined : round((cpuAfter - cpuBefore) / latencies.length, 2);
      const p99 = round(quantile(latencies, 0.99));
      return {
        requestsPerSecond: round(latencies.length / elapsed, 0),
        requests: latencies.length,
        withoutActiveEb: inactive,
        latencyMs: { p50: round(quantile(latencies, 0.5)), p99, max: round(Math.max(...latencies)) },
        serverCpuMsPerRequest,
        target: { p99Ms: '<= 100', ok: p99 <= 100 },
        connections: o.connections,
        members: o.members,
        seconds: round(elapsed, 1),
        peakRssMb: await server.peakRssMb(),
      };
    } finally {
      await server.stop();
    }
  });
}
