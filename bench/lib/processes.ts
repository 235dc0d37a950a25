/** Starting benchmark servers as child processes (gateway or baseline) and talking to them over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BOOTSTRAP_ID = 'bench-client';
export const BOOTSTRAP_SECRET = 'bench-secret-0123456789abcdef';

/** A server running in a child process. */
export interface ServerProcess {
  readonly url: string;
  /** The gateway's MLLP port (gateway processes only). */
  readonly mllpPort: number | undefined;
  readonly pid: number;
  /** Peak resident set size of the child so far, in MB. */
  peakRssMb(): Promise<number>;
  stop(): Promise<void>;
}

function once<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`child ${child.pid}: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { type?: string }): void => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      ok(m as T);
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      fail(new Error(`child ${child.pid} exited (${code}) while waiting for '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function start(script: string, args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const profile = process.env['BENCH_CPU_PROF'];
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    // BENCH_CPU_PROF=dir writes the server's CPU profile there (`node --cpu-prof`).
    execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url, mllpPort } = await once<{ url: string; mllpPort?: number }>(child, 'ready', 120_000);
  return {
    url,
    mllpPort,
    pid: child.pid ?? -1,
    peakRssMb: async () => {
      const reply = once<{ maxRssKb: number }>(child, 'rss', 10_000);
      child.send({ type: 'rss' });
      return Math.round((await reply).maxRssKb / 1024);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The real gateway on an ephemeral port over `dataDir` (embedded SQLite), with the bench client. */
export function startGatewayProcess(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  return start('./gateway-child.ts', [], {
    PORT: '0',
    MLLP_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'info',
    BOOTSTRAP_CLIENT_ID: BOOTSTRAP_ID,
    BOOTSTRAP_CLIENT_SECRET: BOOTSTRAP_SECRET,
    MONGODB_URL: '',
    ...extraEnv,
  });
}

/** A baseline hello server (`http` or `express`). */
export function startHelloProcess(kind: 'http' | 'express'): Promise<ServerProcess> {
  return start('./hello-child.ts', [kind], {});
}
