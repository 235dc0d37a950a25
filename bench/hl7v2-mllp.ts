/**
 * HL7 v2 end to end: MLLP → inbox (fsync) → translate → FHIR commit → AA, against the real gateway in a
 * child process on the embedded SQLite store. `connections` senders each send one message and wait for
 * its ACK before the next (how MLLP senders behave), an ADT^A01 / ORU^R01 mix about distinct patients.
 * Figures: messages/s over the timed window, ACK latency p50 / p99, peak RSS of the gateway, and the
 * gateway's CPU time per message (user + system, Linux `/proc`; the whole process and its main thread,
 * which bounds throughput): on a machine shared with other work
 * throughput follows the CPU share the gateway gets, CPU per message does not.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { encodeMllpFrame } from '../src/channels/mllp/frame-encoder.js';
import { MllpTestClient } from '../src/channels/mllp/mllp-test-client.js';
import { progress } from './lib/log.js';
import { startGatewayProcess } from './lib/processes.js';
import { quantile, round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

/**
 * CPU time (user + system) in ms of process `pid`, or of its main thread (`/proc/pid/task/pid`: the
 * event loop, which bounds throughput; checkpoints and fsyncs run on other threads), from `/proc`
 * (undefined where there is none).
 */
function cpuMs(pid: number, mainThread = false): number | undefined {
  try {
    const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in USER_HZ (100 on Linux)
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface MllpBenchOptions {
  readonly seconds: number;
  readonly connections: number;
}

/** Message n: an ADT^A01 (even n) or an ORU^R01 with two results (odd n), about patient n. */
function message(n: number): string {
  const msh = (type: string): string => `MSH|^~\\&|BENCH|HOSP|LYFE|GW|20240115123000+0000||${type}|B-${n}|P|2.5.1\r`;
  const pid = `PID|1||BP-${n}^^^HOSP^MR||DOE^JANE^Q||19800101|F|||1 MAIN ST^^SPRINGFIELD^IL^62701\r`;
  if (n % 2 === 0) return `${msh('ADT^A01^ADT_A01')}EVN|A01|20240115123000+0000\r${pid}PV1|1|I|||||||||||||||||BV-${n}^^^HOSP^VN\r`;
  return `${msh('ORU^R01^ORU_R01')}${pid}OBR|1|PL-${n}|FL-${n}^LAB|24331-1^Lipid panel^LN|||20240115120000+0000\r` +
    'OBX|1|NM|2093-3^Cholesterol^LN||185|mg/dL^mg/dL^UCUM|<200|N|||F\rOBX|2|NM|2571-8^Triglyceride^LN||120|mg/dL^mg/dL^UCUM|<150|N|||F\r';
}

export async function hl7v2MllpBench(o: MllpBenchOptions) {
  return withTempDir('hl7v2-mllp', async (dir) => {
    const server = await startGatewayProcess(dir, { LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn' });
    try {
      const port = server.mllpPort;
      if (port === undefined) throw new Error('the gateway did not report its MLLP port');
      let next = 0;
      const latencies: number[] = [];
      let refused = 0;
      const sender = async (until: number, record: boolean): Promise<void> => {
        const c = await MllpTestClient.connect(port);
        for (let k = 1; performance.now() < until; k++) {
          const t = performance.now();
          c.write(encodeMllpFrame(message(next++)));
          const frames = await c.waitFor(k);
          if (!(frames[k - 1] ?? '').includes('\rMSA|AA|')) refused++;
          if (record) latencies.push(performance.now() - t);
        }
        await c.end();
      };
      progress('hl7v2-mllp: warm-up');
      await Promise.all(Array.from({ length: o.connections }, () => sender(performance.now() + 3000, false)));
      progress(`hl7v2-mllp: ${o.connections} connections for ${o.seconds} s`);
      const cpuBefore = cpuMs(server.pid);
      const mainBefore = cpuMs(server.pid, true);
      const start = performance.now();
      await Promise.all(Array.from({ length: o.connections }, () => sender(start + o.seconds * 1000, true)));
      const elapsed = (performance.now() - start) / 1000;
      const cpuAfter = cpuMs(server.pid);
      const mainAfter = cpuMs(server.pid, true);
      const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      const mainCpu = mainBefore === undefined || mainAfter === undefined ? undefined : mainAfter - mainBefore;
      return {
        messagesPerSecond: round(latencies.length / elapsed, 0),
        messages: latencies.length,
        notAa: refused,
        ackLatencyMs: { p50: round(quantile(latencies, 0.5)), p99: round(quantile(latencies, 0.99)), max: round(Math.max(...latencies)) },
        connections: o.connections,
        seconds: round(elapsed, 1),
        peakRssMb: await server.peakRssMb(),
        ...(cpu === undefined ? {} : {
          gatewayCpuMsPerMessage: round(cpu / Math.max(1, latencies.length)),
          gatewayCpuUtilisation: round(cpu / 1000 / elapsed),
        }),
        ...(mainCpu === undefined ? {} : { gatewayMainThreadCpuMsPerMessage: round(mainCpu / Math.max(1, latencies.length)) }),
        loadAverage1m: round(loadavg()[0] ?? 0),
      };
    } finally {
      await server.stop();
    }
  });
}
