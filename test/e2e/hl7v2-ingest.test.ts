/**
 * HL7 v2 ingestion end to end over real HTTP and TCP: `POST /ingest/hl7v2`, MLLP, and the inbox admin
 * API (list, detail, replay, dry run), on real SQLite, with the test translator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { encodeMllpFrame } from '../../src/channels/mllp/frame-encoder.js';
import { MllpTestClient } from '../../src/channels/mllp/mllp-test-client.js';
import { testTranslator } from '../../src/pipeline/hl7v2/test-translator.js';
import { hl7 } from './support/hl7v2-harness.js';
import { SENDER_ID, SENDER_SECRET, startHl7v2App, type Hl7v2App } from './support/hl7v2-app.js';

const failOn = new Set(['UNMAPPED']);
let t: Hl7v2App;
let admin: string;
let sender: string;
beforeAll(async () => {
  t = await startHl7v2App({ translate: testTranslator({ failOn }) });
  admin = await t.token();
  sender = await t.token(SENDER_ID, SENDER_SECRET);
});
afterAll(async () => {
  await t.close();
});

const msa = (er7: string): string[] => er7.split('\r').find((s) => s.startsWith('MSA'))?.split('|') ?? [];

describe('POST /ingest/hl7v2', () => {
  it('answers the ACK as x-application/hl7-v2+er7 after the commit', async () => {
    const res = await request(t.app).post('/ingest/hl7v2').set('Authorization', `Bearer ${sender}`).type('x-application/hl7-v2+er7')
      .send(hl7('H1', { pid: 'H-1' })).expect(200);
    expect(res.headers['content-type']).toBe('x-application/hl7-v2+er7; charset=utf-8');
    expect(msa(res.text)).toEqual(['MSA', 'AA', 'H1']);
    const found = await request(t.app).get('/fhir/Patient?identifier=urn:id:HOSP|H-1').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(found.body.total).toBe(1);
  });

  it.each([
    ['text/plain', hl7('H2', { pid: 'H-2', family: 'UNMAPPED' }), 'AE'],
    ['application/octet-stream', 'not hl7 at all', 'AR'],
    ['text/plain', '', 'AR'],
  ])('%s body → %s (200 with the NAK)', async (type, body, code) => {
    const res = await request(t.app).post('/ingest/hl7v2').set('Authorization', `Bearer ${sender}`).type(type).send(body).expect(200);
    expect(msa(res.text)[1]).toBe(code);
  });

  it('needs a bearer token (401) and allows only POST (405)', async () => {
    await request(t.app).post('/ingest/hl7v2').type('text/plain').send(hl7('H3')).expect(401);
    await request(t.app).get('/ingest/hl7v2').set('Authorization', `Bearer ${sender}`).expect(405);
  });
});

describe('MLLP', () => {
  it('acknowledges over TCP after the commit; a resend gets the same ACK', async () => {
    const c = await MllpTestClient.connect(t.mllp.port);
    c.write(encodeMllpFrame(hl7('T1', { pid: 'T-1' })));
    c.write(encodeMllpFrame(hl7('T1', { pid: 'T-1' })));
    const [first, second] = await c.waitFor(2);
    expect(msa(first ?? '')).toEqual(['MSA', 'AA', 'T1']);
    expect(second).toBe(first);
    await c.end();
  });
});

describe('/admin/api/messages', () => {
  it('lists without payload or patient data, filters, pages, and needs admin', async () => {
    await request(t.app).get('/admin/api/messages').set('Authorization', `Bearer ${sender}`).expect(403);
    const res = await request(t.app).get('/admin/api/messages?count=2').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body.count).toBe(2);
    expect(typeof res.body.next).toBe('string');
    for (const e of res.body.entries) {
      expect(e).not.toHaveProperty('raw');
      expect(e).not.toHaveProperty('patientKey');
      expect(e).not.toHaveProperty('outcome');
    }
    const next = await request(t.app).get(res.body.next).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(next.body.entries[0].id).not.toBe(res.body.entries[0].id);
    const failed = await request(t.app).get('/admin/api/messages?state=failed&type=ADT^A08').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(failed.body.entries.map((e: { controlId: string }) => e.controlId)).toEqual(['H2']);
    const byControl = await request(t.app).get('/admin/api/messages?controlId=T1&since=2000-01-01&until=2999-12-31').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(byControl.body.entries).toHaveLength(1);
  });

  it.each([['?state=bogus'], ['?since=yesterday'], ['?count=0'], ['?nope=1']])('400 for %s', async (q) => {
    const res = await request(t.app).get(`/admin/api/messages${q}`).set('Authorization', `Bearer ${admin}`).expect(400);
    expect(res.body.issue[0].code).toBe('invalid');
  });

  it('shows one entry with its raw message, ACK and OperationOutcome; 404 when unknown', async () => {
    const list = await request(t.app).get('/admin/api/messages?controlId=H2').set('Authorization', `Bearer ${admin}`).expect(200);
    const id = list.body.entries[0].id as string;
    const res = await request(t.app).get(`/admin/api/messages/${id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body).toMatchObject({ state: 'failed', controlId: 'H2', patientKey: 'HOSP|H-2', ackCode: 'AE' });
    expect(res.body.raw).toContain('PID|1||H-2');
    expect(res.body.outcome.issue[0].expression).toEqual(['PID-5.1']);
    await request(t.app).get('/admin/api/messages/999999').set('Authorization', `Bearer ${admin}`).expect(404);
  });

  it('dry run shows what a replay would change; replay after the mapping fix applies the message', async () => {
    const list = await request(t.app).get('/admin/api/messages?controlId=H2').set('Authorization', `Bearer ${admin}`).expect(200);
    const id = list.body.entries[0].id as string;
    failOn.clear();
    const dry = await request(t.app).post(`/admin/api/messages/${id}/replay?dryRun=true`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, applicable: true, changes: [{ resourceType: 'Patient', action: 'create' }] });
    await request(t.app).get('/fhir/Patient?identifier=urn:id:HOSP|H-2').set('Authorization', `Bearer ${admin}`).expect(200)
      .then((r) => expect(r.body.total).toBe(0));
    const done = await request(t.app).post(`/admin/api/messages/${id}/replay`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(done.body).toMatchObject({ id, state: 'done', ackCode: 'AA' });
    await request(t.app).get('/fhir/Patient?identifier=urn:id:HOSP|H-2').set('Authorization', `Bearer ${admin}`).expect(200)
      .then((r) => expect(r.body.total).toBe(1));
    await request(t.app).post('/admin/api/messages/999999/replay').set('Authorization', `Bearer ${admin}`).expect(404);
  });

  it('replays many by filter (and refuses an unfiltered replay)', async () => {
    await request(t.app).post('/admin/api/messages/replay').set('Authorization', `Bearer ${admin}`).expect(400);
    const dry = await request(t.app).post('/admin/api/messages/replay?state=done&dryRun=true').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.count).toBeGreaterThanOrEqual(3);
    expect(dry.body.results.every((r: { changes: Array<{ action: string }> }) => r.changes.every((c) => c.action === 'unchanged'))).toBe(true);
    const res = await request(t.app).post('/admin/api/messages/replay?state=dead').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body.results.length).toBeGreaterThanOrEqual(2);
  });
});
