/**
 * Token endpoint throughput: `client_credentials` with ES384 `private_key_jwt` assertions over real
 * HTTP (issue 6 target: >= 1,000 tokens/s). The server runs in a child process (token-endpoint-child.ts);
 * the load comes from autocannon here. Assertions are the client's cost, so a pool of them (each with
 * its own jti and a valid exp) is signed before the clock starts; every request still runs the full
 * check (signature, iss = sub, aud, exp, jti replay). Reports tokens/s and the server's CPU per token
 * (`process.cpuUsage()` of the child over the timed window), which a busy machine disturbs far less.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { signCompact } from '../src/auth/fast-jws.js';
import { JWT_BEARER_ASSERTION } from '../src/auth/client-assertion.js';
import { progress } from './lib/log.js';
import { round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

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
      // Enough assertions for ~2,500 tokens/s over the run (never replayed: a replay would be a 401).
      const count = Math.max(2000, o.seconds * 2500);
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
      progress(`token-endpoint: ${o.seconds}s of load over ${o.connections} connections`);
      let i = 0;
      child.send({ type: 'cpu' });
      const before = (await next<Cpu>(child, 'cpu')).usage;
      const result = await autocannon({
        url: `${ready.url}/oauth2/token`,
        connections: o.connections,
        duration: o.seconds,
        requests: [{
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] ?? '' }),
        }],
      });
      child.send({ type: 'cpu' });
      const after = (await next<Cpu>(child, 'cpu')).usage;
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
        uvThreadpoolSize: Number(process.env['UV_THREADPOOL_SIZE'] ?? 4),
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
