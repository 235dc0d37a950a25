/**
 * Durability across a crash: the real gateway process (`src/main.ts`) is SIGKILLed in the middle of a
 * stream of MLLP messages, restarted over the same DATA_DIR, and sent again every message it had not
 * acknowledged. Every message ends up acknowledged AA and every message's resources (Patient and
 * Encounter by business identifier, one Provenance per inbox entry) exist exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMllpFrame } from '../../src/channels/mllp/frame-encoder.js';
import { MllpTestClient } from '../../src/channels/mllp/mllp-test-client.js';

const ID = 'crash-test';
const SECRET = 'crash-test-secret-0123456789';
const N = 120;

/** Message i: ADT^A01 about patient P-i with visit V-i, control id C-i. */
const message = (i: number): string => `MSH|^~\\&|EPIC|HOSP|LYFE|GW|20240115123000+0000||ADT^A01^ADT_A01|C-${i}|P|2.5.1\r` +
  `EVN|A01|20240115123000+0000\rPID|1||P-${i}^^^HOSP^MR||DOE^JANE||19800101\rPV1|1|I|||||||||||||||||V-${i}^^^HOSP^VN\r`;

interface Child { readonly process: ChildProcess; readonly url: string; readonly mllpPort: number }

/** Starts `src/main.ts` over `dir`; resolves when both HTTP and MLLP listen. */
function startChild(dir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env, PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URL: '',
      BOOTSTRAP_CLIENT_ID: ID, BOOTSTRAP_CLIENT_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    const timer = setTimeout(() => reject(new Error('gateway did not start')), 120_000);
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}`)));
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      let entry: { message?: string; url?: string; port?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.message === 'listening') url = entry.url;
      if (entry.message === 'mllp listening' && url !== undefined && entry.port !== undefined) {
        clearTimeout(timer);
        resolve({ process: child, url, mllpPort: entry.port });
      }
    });
  });
}

const msa = (er7: string): string[] => er7.split('\r').find((s) => s.startsWith('MSA'))?.split('|') ?? [];

let dir: string | undefined;
let running: ChildProcess | undefined;
afterAll(async () => {
  running?.kill('SIGKILL');
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of an MLLP stream', () => {
  it('loses no acknowledged message and duplicates none after restart and resend', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lyfe-crash-'));
    const first = await startChild(dir);
    running = first.process;
    const c = await MllpTestClient.connect(first.mllpPort);
    c.write(Buffer.concat(Array.from({ length: N }, (_, i) => encodeMllpFrame(message(i)))));
    await c.waitFor(N / 4);
    first.process.kill('SIGKILL');
    await c.closed();
    const acked = new Set<string>();
    for (const f of c.frames) {
      const [, code, control] = msa(f);
      expect(code).toBe('AA'); // nothing but AA before the crash
      if (control !== undefined) acked.add(control);
    }
    expect(acked.size).toBeGreaterThanOrEqual(N / 4);
    expect(acked.size).toBeLessThan(N);

    const second = await startChild(dir);
    running = second.process;
    const resend = Array.from({ length: N }, (_, i) => i).filter((i) => !acked.has(`C-${i}`));
    const c2 = await MllpTestClient.connect(second.mllpPort);
    c2.write(Buffer.concat(resend.map((i) => encodeMllpFrame(message(i)))));
    const answers = await c2.waitFor(resend.length);
    expect(answers.map((a) => msa(a).slice(1, 3))).toEqual(resend.map((i) => ['AA', `C-${i}`]));
    await c2.end();

    const tokenRes = await fetch(`${second.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ID}:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const total = async (q: string): Promise<number> => {
      const res = await fetch(`${second.url}/fhir/${q}`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { total: number }).total;
    };
    const counts: number[] = [];
    for (let i = 0; i < N; i++) counts.push(await total(`Patient?identifier=urn:id:HOSP|P-${i}&_summary=count`), await total(`Encounter?identifier=urn:id:HOSP|V-${i}&_summary=count`));
    expect(counts).toEqual(Array.from({ length: 2 * N }, () => 1));
    expect(await total('Provenance?_summary=count')).toBe(N);
    second.process.kill('SIGTERM');
    await new Promise((r) => second.process.once('exit', r));
    running = undefined;
  }, 240_000);
});
