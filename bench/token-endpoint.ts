/**
 * Token endpoint throughput: `client_credentials` with ES384 `private_key_jwt` assertions over real
 * HTTP (issue 6 target: >= 1,000 tokens/s). The server runs in a child process (token-endpoint-child.ts);
 * the load comes from autocannon here. Assertions are the client's cost, so a pool of them (each with
 * its own jti and a valid exp) is signed before the clock starts; every request still runs the full
 * check (signature, iss = sub, aud, exp, jti replay). Reports tokens/s and the server's CPU per token
 * (`process.cpuUsage()` of the child over the timed window), which a busy machine disturbs far less,
 * split by thread from /proc (token-endpoint-threads.ts): event loop, libuv pool (the ES384 check,
 * ~1 ms of P-384 math in OpenSSL 3.0, as `openssl speed ecdsap384` shows) and V8's helper threads.
 * Read V8 CPU profiles (BENCH_CPU_PROF) with care: they sample wall time on the main thread, and a
 * thread that wakes a pool thread (`uv_queue_work` inside `verifyOneShot` / `signOneShot`) or the load
 * generator (`writev`) is often preempted right there on 2 busy cores, so those frames collect samples
 * for time the main thread spent waiting for a core, not computing (the /proc split shows ~0.03 ms of
 * main-thread CPU per queued check). A 2 s warm-up precedes the window; `BENCH_TOKEN_FAST=0` serves
 * without the node:http fast path (src/api/middleware/fast-token.ts), through express alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request as LoadRequest } from 'autocannon';
import { signCompact } from '../src/auth/fast-jws.js';
import { JWT_BEARER_ASSERTION } from '../src/auth/client-assertion.js';
import { progress } from './lib/log.js';
import { round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';
import { splitThreads, threadCpu } from './token-endpoint-threads.js';

/** Seconds of load before the measured window. */
const WARM_UP_SECONDS = 2;

export interface TokenEndpointOptions {
  readonly seconds: number;
  readonly connections: number;
}

interface Ready { readonly type: 'ready'; readonly url: string; readonly clientId: string; readonly tokenEndpoint: string }
interface Cpu { readonly type: 'cpu'; readonly usage: NodeJS.CpuUsage }

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((ok, fail) => {
    const onMessage = (m: { type?: string }): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      ok(m as T);
    };
    const onExit = (code: number | null): void => fail(new Error(`token-endpoint child exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function tokenEndpointBench(o: TokenEndpointOptions) {
  return withTempDir('token', async (dir) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const jwk = { ...publicKey.export({ format: 'jwk' }), alg: 'ES384', kid: 'k1', use: 'sig' };
    const child = fork(fileURLToPath(new URL('./token-endpoint-child.ts', import.meta.url)), [], {
      // BENCH_CPU_PROF=dir writes the server's CPU profile there (`node --cpu-prof`).
      execArgv: ['--import', 'tsx', ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [])],
      env: { ...process.env, DATA_DIR: dir, TOKEN_CLIENT_JWK: JSON.stringify(jwk) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const ready = await next<Ready>(child, 'ready');
      // Enough assertions for ~2,500 tokens/s over warm-up and run (never replayed: a replay would be a 401).
      const count = Math.max(2000, (o.seconds + WARM_UP_SECONDS) * 2500);
      progress(`token-endpoint: signing ${count} ES384 assertions (setup, not timed)`);
      const exp = Math.floor(Date.now() / 1000) + 240;
      const bodies: string[] = [];
      for (let i = 0; i < count; i += 256) {
        const batch = Array.from({ length: Math.min(256, count - i) }, () => signCompact('ES384', privateKey, { kid: 'k1', typ: 'JWT' }, {
          iss: ready.clientId, sub: ready.clientId, aud: ready.tokenEndpoint, exp, jti: randomUUID(),
        }));
        for (const jwt of await Promise.all(batch)) {
          bodies.push(new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: jwt }).toString());
        }
      }
      let i = 0;
      const requests: LoadRequest[] = [{
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] ?? '' }),
      }];
      // The JIT's warm-up is not what is measured (a server runs for days).
      progress(`token-endpoint: ${WARM_UP_SECONDS}s warm-up, then ${o.seconds}s of load over ${o.connections} connections`);
      await autocannon({ url: `${ready.url}/oauth2/token`, connections: o.connections, duration: WARM_UP_SECONDS, requests });
      child.send({ type: 'cpu' });
      const before = (await next<Cpu>(child, 'cpu')).usage;
      const threadsBefore = child.pid === undefined ? undefined : threadCpu(child.pid);
      const loadBefore = loadavg()[0] ?? 0;
      const generatorBefore = process.cpuUsage();
      const result = await autocannon({
        url: `${ready.url}/oauth2/token`,
        connections: o.connections,
        duration: o.seconds,
        requests,
      });
      const generatorUs = process.cpuUsage(generatorBefore);
      const threadsAfter = child.pid === undefined ? undefined : threadCpu(child.pid);
      child.send({ type: 'cpu' });
      const after = (await next<Cpu>(child, 'cpu')).usage;
      const poolSize = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);
      const split = child.pid !== undefined && threadsBefore !== undefined && threadsAfter !== undefined
        ? splitThreads(child.pid, threadsBefore, threadsAfter, poolSize) : undefined;
      const perToken = (ms: number): number | undefined => (result['2xx'] > 0 ? round(ms / result['2xx'], 3) : undefined);
      const ok = result['2xx'];
      const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
      return {
        tokensPerSecond: round(ok / result.duration, 0),
        tokens: ok,
        errors: result.errors + result.timeouts + result.non2xx,
        assertionsReused: i > bodies.length,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        serverCpuMsPerToken: ok > 0 ? round(cpuMs / ok, 3) : undefined,
        /** Of which in the kernel (loopback TCP, syscalls). */
        serverSystemCpuMsPerToken: ok > 0 ? round((after.system - before.system) / 1000 / ok, 3) : undefined,
        /** Tokens per second of server CPU: the rate one fully used core would give. */
        tokensPerServerCpuSecond: cpuMs > 0 ? round(ok / (cpuMs / 1000), 0) : undefined,
        /**
         * Server CPU per token by thread (/proc, 10 ms ticks): the event loop (HTTP, express, claims,
         * journal, JSON), the libuv pool (assertion check, token signature) and V8's helpers (GC, JIT).
         */
        serverThreadsMsPerToken: split === undefined ? undefined : {
          main: perToken(split.mainMs), pool: perToken(split.poolMs), other: perToken(split.otherMs),
          poolThreadsMs: split.poolThreadsMs, threads: split.threads,
        },
        /** The load generator's CPU per token (autocannon, this process: it shares the cores). */
        generatorCpuMsPerToken: perToken((generatorUs.user + generatorUs.system) / 1000),
        loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) },
        uvThreadpoolSize: poolSize,
        cpus: cpus().length,
        target: '>= 1000 tokens/s',
        ok: ok / result.duration >= 1000,
      };
    } finally {
      child.send({ type: 'stop' });
      await new Promise<void>((done) => {
        if (child.exitCode !== null) done();
        else child.once('exit', () => done());
      });
    }
  });
}
