/**
 * X12 ingestion end to end over HTTP: `POST /ingest/x12` on real SQLite (inbox and FHIR store), with
 * the repo's own small hand-written fixtures (src/translators/x12/transactions/test-fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Bundle, ExplanationOfBenefit } from 'fhir/r4.js';
import { x270, x278, x834, x835, x837p } from '../../src/translators/x12/transactions/test-fixtures.js';
import { freshControlNumbers, segmentIds, segments, useX12App, withControlNumber } from './support/x12-app.js';

const x12 = useX12App();
const { auth, get, post, search, submit } = x12;
/** `text` with a fresh ISA13 / IEA02 (each test interchange has its own idempotency key). */
const fresh = freshControlNumbers(100);

/** A 270 about the 834 subscriber (payer 654456654, member 123456789). */
const inquiry = (): string => fresh(x270((b) => b.map((s) => s
  .replace('PI*999996666', 'PI*654456654')
  .replace('NM1*IL*1*SMITH*JANE****MI*JS00111223333', 'NM1*IL*1*DOE*JOHN****MI*123456789')
  .replace('DMG*D8*19730501*F', 'DMG*D8*19770816*M'))));

describe('POST /ingest/x12', () => {
  it('837P → 999 accepted + 277CA, Claim stored with meta.source and a Provenance', async () => {
    const res = await post(fresh(x837p())).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/edi-x12/);
    expect(segmentIds(res.text, ['ST', 'AK9'])).toEqual(['ST*999*0001', 'AK9*A*1', 'ST*277*0001']);
    expect(segments(res.text).filter((s) => s[0] === 'ISA')).toHaveLength(2);
    const claims = await search('Claim?_count=10');
    expect(claims.entry?.length).toBe(1);
    const claim = claims.entry?.[0]?.resource;
    expect(claim?.meta?.source).toMatch(/^urn:lyfeai:inbox:/);
    const prov = await search('Provenance');
    expect(prov.entry?.some((e) => e.resource?.resourceType === 'Provenance' && e.resource.target.some((r) => r.reference === `Claim/${claim?.id ?? ''}`))).toBe(true);
  });

  it('835 → 999 + ExplanationOfBenefit whose totals balance', async () => {
    const res = await post(fresh(x835())).expect(200);
    expect(segmentIds(res.text, ['AK9'])).toEqual(['AK9*A*1']);
    const eobs = (await search('ExplanationOfBenefit')).entry?.map((e) => e.resource as ExplanationOfBenefit) ?? [];
    expect(eobs.length).toBeGreaterThan(0);
    const cents = (n: number | undefined): number => Math.round((n ?? 0) * 100);
    for (const eob of eobs) {
      const total = (code: string): number => cents(eob.total?.find((x) => x.category.coding?.some((c) => c.code === code))?.amount.value);
      const items = (eob.item ?? []).flatMap((i) => i.adjudication ?? []);
      const sum = (keep: (system: string | undefined, code: string | undefined) => boolean): number =>
        items.filter((a) => a.category.coding?.some((c) => keep(c.system, c.code))).reduce((n, a) => n + cents(a.amount?.value), 0);
      const adjustments = sum((system) => system === 'https://x12.org/codes/claim-adjustment-group-codes');
      // CLP03 = Σ SVC02; CLP04 = Σ SVC03 = payment; SVC02 − CAS = SVC03.
      expect(total('submitted')).toBe(sum((_s, code) => code === 'submitted'));
      expect(total('benefit')).toBe(sum((_s, code) => code === 'benefit'));
      expect(total('benefit')).toBe(cents(eob.payment?.amount?.value));
      expect(total('submitted') - adjustments).toBe(total('benefit'));
      expect(total('submitted')).toBeGreaterThan(0);
    }
  });

  it('834 add then 270 → 271 active; 834 terminate then 270 → 271 inactive', async () => {
    await post(fresh(x834())).expect(200);
    const active = await post(inquiry()).expect(200);
    expect(segmentIds(active.text, ['EB', 'AAA'])).toContain('EB*1*');
    const terminate = fresh(x834((b) => b.slice(0, 4).concat([
      'INS*Y*18*024*07*A***TE', 'REF*0F*123456789', 'NM1*IL*1*DOE*JOHN*P***34*103229876', 'DMG*D8*19770816*M',
      'HD*024**HLT*GOLD PPO', 'DTP*348*D8*20240101', 'DTP*349*D8*20240131',
      'HD*024**DEN*DENTAL BASIC', 'DTP*348*D8*20240101', 'DTP*349*D8*20240131',
    ])));
    const term = await post(terminate).expect(200);
    expect(segmentIds(term.text, ['AK9'])).toEqual(['AK9*A*1']);
    const inactive = await post(inquiry()).expect(200);
    const eb = segmentIds(inactive.text, ['EB']);
    expect(eb.length).toBeGreaterThan(0);
    expect(eb.every((s) => s.startsWith('EB*6'))).toBe(true);
  });

  it('270 for an unknown member → 271 with AAA 75', async () => {
    const res = await post(fresh(x270((b) => b.map((s) => s.replace('MI*JS00111223333', 'MI*NOBODY0001'))))).expect(200);
    expect(segments(res.text).filter((s) => s[0] === 'AAA').map((s) => s[3])).toEqual(['75']);
  });

  it('278 request → 999 + pended 278 response (HCR A4)', async () => {
    const res = await post(fresh(x278())).expect(200);
    expect(segmentIds(res.text, ['ST'])).toEqual(['ST*999*0001', 'ST*278*0001']);
    expect(segments(res.text).filter((s) => s[0] === 'HCR').map((s) => s[1])).toContain('A4');
    const claims = await search('Claim?use=preauthorization');
    expect(claims.entry?.length).toBeGreaterThan(0);
  });

  it('278 pended, then a decision recorded as a ClaimResponse → the final 278 response (HCR A1 with the number)', async () => {
    await post(fresh(x278((b) => b.map((s) => s.replace('TRN*1*112233445X', 'TRN*1*DECIDE0001'))))).expect(200);
    const claim = (await search('Claim?use=preauthorization&identifier=DECIDE0001')).entry?.[0]?.resource;
    expect(claim?.id).toBeDefined();
    const admin = (path: string): request.Test => get(`/admin/api/x12/278/${path}`);
    const pended = await admin(claim?.id ?? '').expect(200);
    expect(pended.headers['x-review-action']).toBe('A4');
    const cr = (await search(`ClaimResponse?request=Claim/${claim?.id ?? ''}`)).entry?.[0]?.resource;
    expect(cr?.resourceType).toBe('ClaimResponse');
    await auth(request(x12.app).put(`/fhir/ClaimResponse/${cr?.id ?? ''}`)).type('application/fhir+json')
      .send({ ...cr, outcome: 'complete', disposition: 'A1', preAuthRef: 'AUTH778899' }).expect(200);
    const final = await admin(claim?.id ?? '').expect(200);
    expect(final.headers['x-review-action']).toBe('A1');
    expect(final.headers['content-type']).toMatch(/^application\/edi-x12/);
    expect(segments(final.text).filter((s) => s[0] === 'HCR').map((s) => s.slice(1, 3).join('*'))).toContain('A1*AUTH778899');
    await admin('no-such-claim').expect(404);
  });

  it('a duplicate interchange gets the same answer and writes nothing', async () => {
    const body = fresh(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*DUP0001'))));
    const first = await post(body).expect(200);
    const before = await search('Claim?_summary=count');
    const history = await get('/fhir/_history?_count=1').expect(200);
    const again = await post(body).expect(200);
    expect(again.text).toBe(first.text);
    expect((await search('Claim?_summary=count')).total).toBe(before.total);
    const after = await get('/fhir/_history?_count=1').expect(200);
    expect((after.body as Bundle).entry?.[0]?.resource?.meta?.versionId).toBe((history.body as Bundle).entry?.[0]?.resource?.meta?.versionId);
    expect((after.body as Bundle).entry?.[0]?.fullUrl).toBe((history.body as Bundle).entry?.[0]?.fullUrl);
  });

  it('the same key with another payload → TA1 R 025, never applied', async () => {
    const body = withControlNumber(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*KEY0001'))), 900);
    await post(body).expect(200);
    const other = body.replace('REF*D9*17312345600006351', 'REF*D9*17312345600006352');
    const res = await post(other).expect(200);
    expect(segmentIds(res.text, ['TA1']).map((s) => s.split('*')[0])).toEqual(['TA1']);
    const ta1 = segments(res.text).find((s) => s[0] === 'TA1');
    expect([ta1?.[4], ta1?.[5]]).toEqual(['R', '025']);
  });

  it.each([
    ['IEA02 differs from ISA13', '001', (s: string): string => s.replace(/IEA\*1\*\d+/, 'IEA*1*999999999')],
    ['IEA01 counts a group too many', '021', (s: string): string => s.replace(/IEA\*1\*/, 'IEA*2*')],
  ])('a defective envelope (%s) → TA1 with code %s', async (_name, code, edit) => {
    const res = await post(edit(fresh(x270()))).expect(200);
    const ta1 = segments(res.text).find((s) => s[0] === 'TA1');
    expect(ta1?.[5]).toBe(code);
  });

  it('an acknowledgement is stored and never acknowledged (204)', async () => {
    const ack = await post(fresh(x270())).expect(200);
    const only999 = ack.text.split('IEA')[0] ?? '';
    const res = await post(`${only999}IEA${ack.text.split('IEA')[1]?.split('~')[0] ?? ''}~`).expect(204);
    expect(res.text).toBe('');
  });

  it('?async=true → 202 with a Location; the job reports progress and the answer', async () => {
    const body = fresh(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*ASYNC001'))));
    const res = await post(body, '?async=true').expect(202);
    const location = res.headers['location'] ?? '';
    expect(location).toMatch(/^\/ingest\/x12\/jobs\/\d+$/);
    let state = 'received';
    for (let i = 0; i < 100 && state !== 'done'; i++) {
      await new Promise((ok) => setTimeout(ok, 20));
      const s = await get(location).expect(200);
      state = (s.body as { state: string }).state;
      if (state === 'done') expect(s.body).toMatchObject({ transactionSets: 1, committed: 1, code: 'A' });
    }
    expect(state).toBe('done');
    const answer = await get(`${location}/answer`).expect(200);
    expect(segmentIds(answer.text, ['ST'])).toEqual(['ST*999*0001', 'ST*277*0001']);
  });

  it('needs a bearer token (401) and allows only POST (405)', async () => {
    await request(x12.app).post('/ingest/x12').type('application/edi-x12').send(fresh(x270())).expect(401);
    await get('/ingest/x12').expect(405);
  });
});

describe('POST /fhir/Claim/$submit (Da Vinci PAS)', () => {
  it('stores the PAS Bundle as its 278, answers a pended ClaimResponse; a decision gives the final 278', async () => {
    const pas = {
      resourceType: 'Bundle', type: 'collection', entry: [
        { fullUrl: 'urn:uuid:claim', resource: {
          resourceType: 'Claim', identifier: [{ system: 'urn:example:pas', value: 'PAS0001' }], status: 'active', use: 'preauthorization',
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
          patient: { reference: 'urn:uuid:pat' }, created: '2024-03-05', insurer: { reference: 'urn:uuid:payer' }, provider: { reference: 'urn:uuid:prov' },
          priority: { coding: [{ code: 'normal' }] }, insurance: [{ sequence: 1, focal: true, coverage: { reference: 'urn:uuid:cov' } }],
          diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M54.50' }] } }],
          item: [{ sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '97110' }] }, quantity: { value: 12 } }],
        } },
        { fullUrl: 'urn:uuid:pat', resource: { resourceType: 'Patient', name: [{ family: 'SMITH', given: ['JANE'] }], birthDate: '1973-05-01', gender: 'female' } },
        { fullUrl: 'urn:uuid:payer', resource: { resourceType: 'Organization', name: 'KEY INSURANCE', identifier: [{ value: '999996666' }] } },
        { fullUrl: 'urn:uuid:prov', resource: { resourceType: 'Organization', name: 'KILDARE CLINIC', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1912301953' }] } },
        { fullUrl: 'urn:uuid:cov', resource: { resourceType: 'Coverage', status: 'active', subscriberId: 'JS00111223333', beneficiary: { reference: 'urn:uuid:pat' }, payor: [{ reference: 'urn:uuid:payer' }] } },
      ],
    };
    const res = await submit(pas).expect(200);
    const out = res.body as Bundle;
    expect(out.entry?.map((e) => e.resource?.resourceType)).toEqual(['ClaimResponse', 'Patient', 'Organization', 'Organization', 'Claim']);
    const cr = out.entry?.[0]?.resource;
    expect(cr?.resourceType === 'ClaimResponse' ? cr.outcome : undefined).toBe('queued');
    const claimId = out.entry?.find((e) => e.resource?.resourceType === 'Claim')?.resource?.id ?? '';
    const admin = (): request.Test => get(`/admin/api/x12/278/${claimId}`);
    expect((await admin().expect(200)).headers['x-review-action']).toBe('A4');
    await auth(request(x12.app).put(`/fhir/ClaimResponse/${cr?.id ?? ''}`)).type('application/fhir+json')
      .send({ ...cr, outcome: 'complete', disposition: 'A1', preAuthRef: 'PASAUTH1' }).expect(200);
    const final = await admin().expect(200);
    expect(segments(final.text).filter((s) => s[0] === 'HCR').map((s) => s.slice(1, 3).join('*'))).toContain('A1*PASAUTH1');
  });

  it('a Bundle without a preauthorization Claim → 400', async () => {
    const res = await submit({ resourceType: 'Bundle', type: 'collection', entry: [] }).expect(400);
    expect((res.body as { issue: { code: string }[] }).issue[0]?.code).toBe('invalid');
  });
});
