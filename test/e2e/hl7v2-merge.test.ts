/**
 * ADT A40 end to end over real HTTP and TCP (real translator, real SQLite): the old patient's data,
 * written over MLLP and the FHIR API, moves to the survivor when the A40 arrives on `POST /ingest/hl7v2`;
 * resending the A40 over MLLP changes nothing more. The admin replay dry run of an A40 lists the
 * references that would move, without writing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Bundle, Encounter, Observation, Patient, Provenance } from 'fhir/r4.js';
import { encodeMllpFrame } from '../../src/channels/mllp/frame-encoder.js';
import { MllpTestClient } from '../../src/channels/mllp/mllp-test-client.js';
import { ADT_FIXTURES } from '../../src/translators/hl7v2/fhir/messages/fixtures.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { hl7Issue } from '../../src/translators/hl7v2/parser/index.js';
import { SENDER_ID, SENDER_SECRET, startHl7v2App, type Hl7v2App } from './support/hl7v2-app.js';

let t: Hl7v2App;
let admin: string;
let sender: string;
let holdMerges = false;
beforeAll(async () => {
  // While `holdMerges` is set, an A40 fails translation (as with a mapping problem) and waits for replay.
  t = await startHl7v2App({
    translate: (message, ctx) => {
      const out = translateHl7v2(message, ctx);
      return holdMerges && message.type.trigger === 'A40' ? { ...out, issues: [...out.issues, hl7Issue('error', '207', 'held for the test', 'MSH-9')] } : out;
    },
  });
  admin = await t.token();
  sender = await t.token(SENDER_ID, SENDER_SECRET);
});
afterAll(async () => {
  await t.close();
});

const A01 = ADT_FIXTURES.A01 ?? '';
const A40 = ADT_FIXTURES.A40 ?? '';
const msa = (er7: string): string | undefined => er7.split('\r').find((s) => s.startsWith('MSA'))?.split('|')[1];

async function fhir<T>(path: string): Promise<T> {
  return (await request(t.app).get(`/fhir/${path}`).set('Authorization', `Bearer ${admin}`).expect(200)).body as T;
}
const ingest = async (er7: string): Promise<string> =>
  (await request(t.app).post('/ingest/hl7v2').set('Authorization', `Bearer ${sender}`).type('x-application/hl7-v2+er7').send(er7).expect(200)).text;

describe('ADT A40 over HTTP and MLLP', () => {
  it('moves the Observation and Encounter of the merged patient to the survivor; a resend changes nothing', async () => {
    expect(msa(await ingest(A01))).toBe('AA');
    const mllp = await MllpTestClient.connect(t.mllp.port);
    mllp.write(encodeMllpFrame(A01.replace('PID|1||123^', 'PID|1||999^').replace('V100^', 'V999^').replace('|M01|', '|M01B|')));
    expect(msa((await mllp.waitFor(1))[0] ?? '')).toBe('AA');
    const old = (await fhir<Bundle>('Patient?identifier=urn:id:HOSP|999')).entry?.[0]?.resource as Patient;
    const survivor = (await fhir<Bundle>('Patient?identifier=urn:id:HOSP|123')).entry?.[0]?.resource as Patient;
    const obs = (await request(t.app).post('/fhir/Observation').set('Authorization', `Bearer ${admin}`)
      .send({ resourceType: 'Observation', status: 'final', code: { text: 'pulse' }, subject: { reference: `Patient/${old.id ?? ''}` } }).expect(201)).body as Observation;
    const encounter = (await fhir<Bundle>(`Encounter?subject=Patient/${old.id ?? ''}`)).entry?.[0]?.resource as Encounter;

    expect(msa(await ingest(A40))).toBe('AA');
    expect((await fhir<Observation>(`Observation/${obs.id ?? ''}`)).subject?.reference).toBe(`Patient/${survivor.id ?? ''}`);
    expect((await fhir<Encounter>(`Encounter/${encounter.id ?? ''}`)).subject?.reference).toBe(`Patient/${survivor.id ?? ''}`);
    const everythingOld = await fhir<Bundle>(`Patient/${old.id ?? ''}/$everything?_type=Observation,Encounter`);
    expect(everythingOld.entry ?? []).toEqual([]);
    const prov = (await fhir<Bundle>(`Provenance?target=Observation/${obs.id ?? ''}`)).entry?.map((e) => e.resource as Provenance) ?? [];
    expect(prov.map((p) => p.activity?.text)).toEqual([`patient merge: references moved from Patient/${old.id ?? ''} to Patient/${survivor.id ?? ''}`]);

    // The same A40 resent under a new control id over MLLP: nothing left to move.
    mllp.write(encodeMllpFrame(A40.replace('|M40|', '|M40B|')));
    expect(msa((await mllp.waitFor(2))[1] ?? '')).toBe('AA');
    await mllp.end();
    expect((await fhir<Observation>(`Observation/${obs.id ?? ''}`)).meta?.versionId).toBe('2');
    expect((await fhir<Encounter>(`Encounter/${encounter.id ?? ''}`)).meta?.versionId).toBe(encounter.meta?.versionId === undefined ? undefined : String(Number(encounter.meta.versionId) + 1));
    expect((await fhir<Bundle>(`Provenance?target=Observation/${obs.id ?? ''}`)).entry).toHaveLength(1);
  });
});

describe('admin replay dry run of an A40', () => {
  it('lists the resources whose reference would move from the old patient to the survivor, and writes nothing', async () => {
    const pid = (mrn: string, visit: string, control: string): string => A01.replace('PID|1||123^', `PID|1||${mrn}^`).replace('V100^', `${visit}^`).replace('|M01|', `|${control}|`);
    expect(msa(await ingest(pid('555', 'V555', 'M01C')))).toBe('AA');
    expect(msa(await ingest(pid('777', 'V777', 'M01D')))).toBe('AA');
    const old = (await fhir<Bundle>('Patient?identifier=urn:id:HOSP|777')).entry?.[0]?.resource as Patient;
    const survivor = (await fhir<Bundle>('Patient?identifier=urn:id:HOSP|555')).entry?.[0]?.resource as Patient;
    const obs = (await request(t.app).post('/fhir/Observation').set('Authorization', `Bearer ${admin}`)
      .send({ resourceType: 'Observation', status: 'final', code: { text: 'pulse' }, subject: { reference: `Patient/${old.id ?? ''}` } }).expect(201)).body as Observation;
    const encounter = (await fhir<Bundle>(`Encounter?subject=Patient/${old.id ?? ''}`)).entry?.[0]?.resource as Encounter;

    holdMerges = true;
    const a40 = A40.replace('PID|1||123^', 'PID|1||555^').replace('MRG|999^', 'MRG|777^').replace('|M40|', '|M40C|');
    expect(msa(await ingest(a40))).not.toBe('AA');
    holdMerges = false;
    const id = (await request(t.app).get('/admin/api/messages?controlId=M40C').set('Authorization', `Bearer ${admin}`).expect(200)).body.entries[0].id as string;

    const dry = await request(t.app).post(`/admin/api/messages/${id}/replay?dryRun=true`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, applicable: true });
    const moves = dry.body.referenceMoves as Array<{ from: string; to: string; resources: Array<{ resource: string; versionId: string; changedElements: string[] }> }>;
    expect(moves.map((m) => [m.from, m.to])).toEqual([[`Patient/${old.id ?? ''}`, `Patient/${survivor.id ?? ''}`]]);
    expect(moves[0]?.resources).toEqual(expect.arrayContaining([
      { resource: `Observation/${obs.id ?? ''}`, versionId: '1', changedElements: ['subject'] },
      { resource: `Encounter/${encounter.id ?? ''}`, versionId: encounter.meta?.versionId, changedElements: ['subject'] },
    ]));
    expect(moves[0]?.resources.map((r) => r.resource.split('/')[0])).not.toContain('Patient');
    // Nothing written: same versions, still the old patient's.
    const unmoved = await fhir<Observation>(`Observation/${obs.id ?? ''}`);
    expect([unmoved.meta?.versionId, unmoved.subject?.reference]).toEqual(['1', `Patient/${old.id ?? ''}`]);
    expect((await fhir<Encounter>(`Encounter/${encounter.id ?? ''}`)).meta?.versionId).toBe(encounter.meta?.versionId);
    expect((await fhir<Patient>(`Patient/${old.id ?? ''}`)).link).toBeUndefined();

    // The replay moves exactly what the dry run listed; a second dry run has nothing left to move.
    expect((await request(t.app).post(`/admin/api/messages/${id}/replay`).set('Authorization', `Bearer ${admin}`).expect(200)).body).toMatchObject({ state: 'done', ackCode: 'AA' });
    for (const r of moves[0]?.resources ?? []) {
      const moved = await fhir<Record<string, unknown> & { meta?: { versionId?: string } }>(r.resource);
      const elements = JSON.stringify(r.changedElements.map((k) => moved[k]));
      expect([moved.meta?.versionId, elements.includes(`Patient/${survivor.id ?? ''}`), elements.includes(`Patient/${old.id ?? ''}`)]).toEqual([String(Number(r.versionId) + 1), true, false]);
    }
    const again = await request(t.app).post(`/admin/api/messages/${id}/replay?dryRun=true`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(again.body.referenceMoves).toMatchObject([{ from: `Patient/${old.id ?? ''}`, to: `Patient/${survivor.id ?? ''}`, resources: [] }]);
  });
});
