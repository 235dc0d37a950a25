/**
 * X12 entries in the inbox admin API over HTTP: `GET /admin/api/messages` lists real-time and batch
 * interchanges beside HL7 v2 entries with their keys (sender ISA05:ISA06, type ST01, control id
 * ISA13, state, time), the detail view, replay (one and many, with dry run); and the ISA13 of our
 * answers keeps increasing per partner pair across a restart (DATA_DIR counter file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Bundle } from 'fhir/r4.js';
import { X12ControlNumbers } from '../../src/pipeline/x12/control-numbers.js';
import { x270, x837p } from '../../src/translators/x12/transactions/test-fixtures.js';
import { freshControlNumbers, postX12, segments, startX12App, useX12App, type X12App } from './support/x12-app.js';

const x12 = useX12App();
const { auth, get, post } = x12;
/** `text` with a fresh ISA13 / IEA02, and optionally another ISA06 (padded to 15). */
const fresh = freshControlNumbers(5000);
const admin = (path: string): request.Test => get(`/admin/api/${path}`);
const adminPost = (path: string): request.Test => auth(request(x12.app).post(`/admin/api/${path}`));
const isa13 = (text: string): string[] => segments(text).filter((s) => s[0] === 'ISA').map((s) => s[13] ?? '');

interface Summary { id: string; format: string; sender: string; messageType: string; controlId: string; state: string; ackCode: string; receivedAt: string }
const listed = async (query: string): Promise<{ entries: Summary[]; next?: string }> => (await admin(`messages${query}`).expect(200)).body as { entries: Summary[]; next?: string };

async function waitDone(location: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const s = await get(location).expect(200);
    if ((s.body as { state: string }).state === 'done') return;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error('batch job did not finish');
}

describe('X12 entries in /admin/api/messages', () => {
  let claimEntry = '';
  let inquiryEntry = '';
  let batchEntry = '';
  beforeAll(async () => {
    await x12.started.otherInbox.put({
      format: 'hl7v2', channel: 'mllp', sender: 'LAB^HOSP', origin: 'mllp:127.0.0.1', messageType: 'ORU^R01', controlId: 'MSG0001',
      idempotencyKey: 'LAB|HOSP|MSG0001', payloadHash: 'ab', raw: Buffer.from('MSH|^~\\&|LAB|HOSP'), receivedAt: '2020-01-01T00:00:00.000Z', state: 'received',
    });
    const claim = fresh(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*ADMIN0001'))), 'SUBMITTERA');
    await post(claim).expect(200);
    await post(fresh(x270(), 'SUBMITTERB')).expect(200);
    const batch = await post(fresh(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*ADMIN0002'))), 'BATCHSUB'), '?async=true').expect(202);
    await waitDone(batch.headers['location'] ?? '');
    const all = await listed('?type=837,270&count=50');
    expect(all.entries).toEqual([]); // type is one exact value, not a list
    claimEntry = (await listed('?sender=ZZ:SUBMITTERA')).entries[0]?.id ?? '';
    inquiryEntry = (await listed('?type=270')).entries[0]?.id ?? '';
    batchEntry = (await listed('?sender=BATCHSUB')).entries[0]?.id ?? '';
  });

  it('lists real-time and batch interchanges with sender, type, control id, state and time', async () => {
    expect(claimEntry).toMatch(/^x12-\d+$/);
    expect(batchEntry).toMatch(/^x12-\d+$/);
    const claims = await listed('?type=837');
    expect(claims.entries.map((e) => e.id).sort()).toEqual([claimEntry, batchEntry].sort());
    expect(claims.entries.find((e) => e.id === claimEntry)).toMatchObject({ format: 'x12', sender: 'ZZ:SUBMITTERA', messageType: '837', state: 'done', ackCode: 'A' });
    const controlId = claims.entries.find((e) => e.id === claimEntry)?.controlId ?? '';
    expect(controlId).toMatch(/^\d{9}$/);
    expect((await listed(`?controlId=${controlId}`)).entries.map((e) => e.id)).toEqual([claimEntry]);
    // A bare ISA06 matches under any qualifier; a qualified one exactly.
    expect((await listed('?sender=SUBMITTERB')).entries.map((e) => e.id)).toEqual([inquiryEntry]);
    expect((await listed('?sender=30:SUBMITTERB')).entries).toEqual([]);
    expect((await listed('?state=done&since=2024-01-01')).entries.map((e) => e.id)).toEqual(expect.arrayContaining([claimEntry, inquiryEntry, batchEntry]));
    expect((await listed('?until=2021-01-01')).entries.map((e) => e.format)).toEqual(['hl7v2']);
  });

  it('merges both inboxes newest first and pages through them with the next cursor', async () => {
    const seen: Summary[] = [];
    let page = await listed('?count=1');
    seen.push(...page.entries);
    for (let i = 0; i < 10 && page.next !== undefined; i++) {
      page = (await get(page.next).expect(200)).body as { entries: Summary[]; next?: string };
      seen.push(...page.entries);
    }
    expect(seen.map((e) => e.format).sort()).toEqual(['hl7v2', 'x12', 'x12', 'x12']);
    expect(new Set(seen.map((e) => e.id)).size).toBe(4);
    const times = seen.map((e) => e.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(seen[seen.length - 1]?.format).toBe('hl7v2');
    await admin('messages?after=12').expect(400);
  });

  it('shows one X12 entry with its raw interchange and answer', async () => {
    const res = await admin(`messages/${claimEntry}`).expect(200);
    expect(res.body).toMatchObject({ id: claimEntry, format: 'x12', messageType: '837' });
    expect((res.body as { raw: string }).raw).toContain('CLM*ADMIN0001');
    expect((res.body as { ack: string }).ack).toContain('ST*999*');
    await admin('messages/x12-999999').expect(404);
  });

  it('dry run reports what a replay would change, writing nothing', async () => {
    const before = (await get('/fhir/Claim?_summary=count').expect(200)).body as Bundle;
    const res = await adminPost(`messages/${claimEntry}/replay?dryRun=true`).expect(200);
    const body = res.body as { id: string; dryRun: boolean; applicable: boolean; changes: Array<{ resourceType: string; action: string }> };
    expect(body).toMatchObject({ id: claimEntry, dryRun: true, applicable: true });
    const claim = body.changes.find((c) => c.resourceType === 'Claim');
    expect(claim?.action === 'unchanged' || claim?.action === 'update').toBe(true);
    const after = (await get('/fhir/Claim?_summary=count').expect(200)).body as Bundle;
    expect(after.total).toBe(before.total);
  });

  it('replays one entry: processed again, converging on the stored Claim, with a new answer', async () => {
    const before = (await admin(`messages/${claimEntry}`).expect(200)).body as { ack: string; attempts: number };
    const res = await adminPost(`messages/${claimEntry}/replay`).expect(200);
    expect(res.body).toMatchObject({ id: claimEntry, state: 'done', ackCode: 'A' });
    const claims = (await get('/fhir/Claim?identifier=ADMIN0001').expect(200)).body as Bundle;
    expect(claims.entry?.length).toBe(1);
    const after = (await admin(`messages/${claimEntry}`).expect(200)).body as { ack: string; attempts: number };
    expect(after.attempts).toBe(before.attempts + 1);
    expect(isa13(after.ack)[0]).not.toBe(isa13(before.ack)[0]);
    await adminPost('messages/x12-999999/replay').expect(404);
  });

  it('replays many by filter (dry run and real), oldest first', async () => {
    const dry = await adminPost('messages/replay?type=837&dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, count: 2 });
    expect((dry.body as { results: Array<{ id: string }> }).results.map((r) => r.id)).toEqual([claimEntry, batchEntry]);
    const real = await adminPost('messages/replay?sender=BATCHSUB').expect(200);
    expect((real.body as { results: Array<{ id: string; state: string }> }).results).toEqual([expect.objectContaining({ id: batchEntry, state: 'done' })]);
  });
});

describe('ISA13 of our answers', () => {
  it('increases per partner pair and keeps increasing after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lyfe-x12-isa13-'));
    const path = join(dir, 'x12-control-numbers.json');
    try {
      const first = await startX12App({}, { controlNumbers: X12ControlNumbers.open(path) });
      const firstToken = await first.token();
      const send = async (app: X12App, bearer: string, sender: string): Promise<number> => {
        const res = await postX12(app.app, bearer, fresh(x270(), sender)).expect(200);
        return Number(isa13(res.text)[0]);
      };
      const a1 = await send(first, firstToken, 'PARTNERA');
      const a2 = await send(first, firstToken, 'PARTNERA');
      const b1 = await send(first, firstToken, 'PARTNERB');
      expect(a2).toBeGreaterThan(a1);
      expect(b1).toBe(1);
      await first.close();
      const second = await startX12App({}, { controlNumbers: X12ControlNumbers.open(path) });
      try {
        const a3 = await send(second, await second.token(), 'PARTNERA');
        expect(a3).toBeGreaterThan(a2);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
