/**
 * Big 837P batches through the background path (`POST /ingest/x12?async=true`) over HTTP, streamed
 * (x12-batch-stream.ts: inputs of 837 sets only from 1 MiB): the job reports its progress in claims,
 * the answer is the 999 plus one 277CA per accepted set, and the claims are searchable. A set with a
 * defective claim is rejected by the 999 (IK5 R) and none of its claims is stored; the other sets are.
 * A run cut short by a store outage after some parts is re-run by `retryDue` and converges.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Bundle } from 'fhir/r4.js';
import { identityCodeMapper } from '../../src/core/code-mapping.js';
import { fail } from '../../src/core/outcomes.js';
import { silentLogger } from '../../src/log/logger.js';
import { X12Pipeline } from '../../src/pipeline/x12/x12-pipeline.js';
import type { FhirInteractions } from '../../src/repository/types.js';
import { isa } from '../../src/translators/x12/fixtures.js';
import { startX12App, type X12App } from './support/x12-app.js';

/** Claims per file: about 1.1 MB, over the streaming threshold. */
const N = 3300;
let t: X12App;
let token: string;
beforeAll(async () => {
  t = await startX12App();
  token = await t.token();
});
afterAll(async () => {
  await t.close();
});

const get = (path: string): request.Test => request(t.app).get(path).set('Authorization', `Bearer ${token}`);
const segments = (text: string): string[][] => text.split('~').map((s) => s.trim()).filter((s) => s !== '').map((s) => s.split('*'));

/** Claim `n` (CLM01 `<prefix><n>`, member `M<n>`, 150.00 = 100 + 50; `charge` changes CLM02 only). */
function claim(prefix: string, n: number, charge = '150'): string[] {
  return [
    `HL*${n + 1}*1*22*0`, 'SBR*P*18*GRP01******CI', `NM1*IL*1*DOE${n}*JANE****MI*M${prefix}${n}`, 'N3*236 N MAIN ST', 'N4*MIAMI*FL*33413',
    'DMG*D8*19730501*F', 'NM1*PR*2*KEY INSURANCE*****PI*999996666', `CLM*${prefix}${n}*${charge}***11:B:1*Y*A*Y*I`, 'HI*ABK:J020*ABF:R05',
    'LX*1', 'SV1*HC:99213*100*UN*1***1:2', 'DTP*472*D8*20240110', 'LX*2', 'SV1*HC:87880*50*UN*1***1', 'DTP*472*D8*20240110',
  ];
}

/** One interchange (ISA13 `control`), one group, one 837P set per list of claims. */
function batch(control: string, sets: readonly (readonly string[][])[]): string {
  const head = ['BHT*0019*00*SBATCH*20240115*1230*CH', 'NM1*41*2*BILLING SERVICE*****46*TGJ23', 'PER*IC*JERRY*TE*3055552222',
    'NM1*40*2*KEY INSURANCE*****46*66783JJT', 'HL*1**20*1', 'NM1*85*2*KILDARE CLINIC*****XX*1912301953', 'N3*234 SEAWAY ST',
    'N4*MIAMI*FL*331110000', 'REF*EI*587654321'];
  const lines = [`GS*HC*SENDER*RECEIVER*20240115*1230*${Number(control)}*X*005010X222A1`];
  sets.forEach((claims, k) => {
    const st = String(k + 1).padStart(4, '0');
    const body = [...head, ...claims.flat()];
    lines.push(`ST*837*${st}*005010X222A1`, ...body, `SE*${body.length + 2}*${st}`);
  });
  lines.push(`GE*${sets.length}*${Number(control)}`, `IEA*1*${control}`);
  return `${isa({ control })}\n${lines.map((l) => `${l}~\n`).join('')}`;
}

interface JobStatus {
  state: string;
  transactionSets: number;
  committed: number;
  code?: string;
  units?: { total: number; committed: number; rejected: number };
}

/** Posts `body` in the background and polls its job to the end; the statuses seen and the answer. */
async function runJob(body: string): Promise<{ seen: JobStatus[]; answer: string[][] }> {
  expect(body.length).toBeGreaterThan(1 << 20);
  const res = await request(t.app).post('/ingest/x12?async=true').set('Authorization', `Bearer ${token}`).type('application/edi-x12').send(body).expect(202);
  const location = res.headers['location'] ?? '';
  const seen: JobStatus[] = [];
  let status: JobStatus = { state: 'received', transactionSets: 0, committed: 0 };
  for (let i = 0; i < 2400 && (status.state === 'received' || status.state === 'processing'); i++) {
    await new Promise((ok) => setTimeout(ok, 50));
    status = (await get(location).expect(200)).body as JobStatus;
    seen.push(status);
  }
  return { seen, answer: segments((await get(`${location}/answer`).expect(200)).text) };
}

const count = async (query: string): Promise<number | undefined> => ((await get(`/fhir/Claim?${query}`).expect(200)).body as Bundle).total;

describe('a big 837P batch streamed in the background', () => {
  it('reports progress in claims, answers 999 + 277CA and stores every claim', async () => {
    const claims = Array.from({ length: N }, (_v, i) => claim('S', i + 1));
    const { seen, answer } = await runJob(batch('000000101', [claims]));
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ state: 'done', transactionSets: 1, committed: 1, code: 'A', units: { total: N, committed: N, rejected: 0 } });
    // Progress never goes back and never passes the total.
    const committed = seen.flatMap((s) => (s.units === undefined ? [] : [s.units.committed]));
    expect(committed).toEqual([...committed].sort((a, b) => a - b));
    expect(Math.max(...committed)).toBe(N);
    expect(answer.filter((s) => s[0] === 'ST').map((s) => s[1])).toEqual(['999', '277']);
    expect(answer.filter((s) => s[0] === 'AK9').map((s) => s.slice(0, 5).join('*'))).toEqual(['AK9*A*1*1*1']);
    expect(answer.filter((s) => s[0] === 'STC').map((s) => s[1])).toEqual(['A1:19', ...claims.map(() => 'A2:20')]);
    expect(answer.find((s) => s[0] === 'QTY')).toEqual(['QTY', '90', String(N)]);
    expect(await count('identifier=S1&_summary=count')).toBe(1);
    expect(await count(`identifier=S${N}&_summary=count`)).toBe(1);
  }, 600_000);

  it('with a defective claim: its set is rejected (999 IK5 R) and not stored, the other sets are', async () => {
    const half = N / 2;
    const first = Array.from({ length: half }, (_v, i) => claim('D', i + 1));
    const defective = [claim('D', half + 1, '151')];
    const last = Array.from({ length: half }, (_v, i) => claim('D', i + half + 2));
    const { seen, answer } = await runJob(batch('000000102', [first, defective, last]));
    expect(seen[seen.length - 1]).toMatchObject({ state: 'done', transactionSets: 3, committed: 2, code: 'P', units: { total: N, committed: N, rejected: 0 } });
    expect(answer.filter((s) => s[0] === 'IK5' || s[0] === 'AK9').map((s) => s[0] === 'AK9' ? s.slice(0, 5).join('*') : s[1])).toEqual(['A', 'R', 'A', 'AK9*P*3*3*2']);
    expect(answer.filter((s) => s[0] === 'CTX').map((s) => s[1])).toContain(`CLM01:D${half + 1}`);
    expect(answer.filter((s) => s[0] === 'ST').map((s) => s[1])).toEqual(['999', '277', '277']);
    expect(answer.filter((s) => s[0] === 'TRN' && s[1] === '2').map((s) => s[2])).not.toContain(`D${half + 1}`);
    expect(await count(`identifier=D${half + 1}&_summary=count`)).toBe(0);
    expect(await count(`identifier=D${half}&_summary=count`)).toBe(1);
    expect(await count(`identifier=D${N + 1}&_summary=count`)).toBe(1);
  }, 600_000);
});

describe('a streamed batch cut short by a store outage', () => {
  it('is left received, then resumed by retryDue: only the parts not yet committed are written, every claim once', async () => {
    const countOf = async (type: string): Promise<number> => ((await get(`/fhir/${type}?_summary=count`).expect(200)).body as Bundle).total ?? -1;
    const [claimsBefore, provenanceBefore] = [await countOf('Claim'), await countOf('Provenance')];
    let calls = 0;
    // The store fails from the third part on (after two parts were committed).
    const failing = new Proxy(t.repo, {
      get: (target, prop, receiver) => (prop === 'bundle'
        ? (...args: Parameters<FhirInteractions['bundle']>) => (++calls > 2 ? Promise.reject(fail('unavailable', 'store down')) : target.bundle(...args))
        : Reflect.get(target, prop, receiver)),
    });
    const common = { inbox: t.inbox, codes: identityCodeMapper, fhirBaseUrl: 'http://gateway.test/fhir', ids: randomUUID, logger: silentLogger(), aliases: {} };
    const crashing = new X12Pipeline({ ...common, repo: failing, clock: () => new Date(), owner: 'crashing' });
    const body = Buffer.from(batch('000000103', [Array.from({ length: N }, (_v, i) => claim('R', i + 1))]), 'latin1');
    const { id } = await crashing.receiveAsync(body, 'http:test');
    let entry = await t.inbox.get(id);
    for (let i = 0; i < 2400 && entry?.outcome === undefined; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      entry = await t.inbox.get(id);
    }
    expect([entry?.state, entry?.ack, calls]).toEqual(['received', undefined, 3]);
    // A restart (another owner, later clock: the retry is due) validates and translates it again from the
    // start, and commits only the parts the first attempt did not.
    let rewritten = 0;
    const counting = new Proxy(t.repo, {
      get: (target, prop, receiver) => (prop === 'bundle'
        ? (...args: Parameters<FhirInteractions['bundle']>) => { rewritten++; return target.bundle(...args); }
        : Reflect.get(target, prop, receiver)),
    });
    const restarted = new X12Pipeline({ ...common, repo: counting, clock: () => new Date(Date.now() + 60_000), owner: 'restarted' });
    expect(await restarted.retryDue()).toBe(1);
    expect((await t.inbox.get(id))?.state).toBe('done');
    expect(await countOf('Claim')).toBe(claimsBefore + N);
    const parts: string[] = [];
    while ((await get(`/fhir/Provenance/inbox-${id}-1-${parts.length + 1}`)).status === 200) parts.push(`inbox-${id}-1-${parts.length + 1}`);
    expect(parts.length).toBeGreaterThan(2);
    expect(rewritten).toBe(parts.length - 2);
    expect(await countOf('Provenance')).toBe(provenanceBefore + parts.length);
  }, 600_000);
});
