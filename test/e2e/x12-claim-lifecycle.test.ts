/**
 * Claim life cycle over HTTP (`POST /ingest/x12`, real SQLite): an 837D dental claim is accepted
 * (999 + 277CA) and stored with its teeth, surfaces and oral cavity (CARIN BB oral code systems);
 * an 837P then a 276 about it → 277 pending (P1:20), after the 835 → finalized (F1:1 with the paid
 * amount); a 276 about an unknown claim → A4:35.
 */
import { describe, expect, it } from 'vitest';
import type { Claim } from 'fhir/r4.js';
import { x835, x837p } from '../../src/translators/x12/transactions/test-fixtures.js';
import { x276, x837d } from './support/x12-claims.js';
import { freshControlNumbers, segmentIds, segments, useX12App } from './support/x12-app.js';

const { post, search } = useX12App();
const fresh = freshControlNumbers(7000);
const stc = (text: string): string[] => segments(text).filter((s) => s[0] === 'STC').map((s) => s[1] ?? '');

const TOOTH = 'http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignationSystem';
const SURFACE = 'http://terminology.hl7.org/CodeSystem/ADAToothSurfaceCodes';
const CAVITY = 'http://terminology.hl7.org/CodeSystem/ADAAreaOralCavitySystem';

describe('837D dental claim', () => {
  it('is accepted (999 A + 277CA) and stored as an oral Claim with teeth, surfaces and oral cavity', async () => {
    const res = await post(fresh(x837d())).expect(200);
    expect(segmentIds(res.text, ['ST', 'AK9'])).toEqual(['ST*999*0001', 'AK9*A*1', 'ST*277*0001']);
    const claim = (await search('Claim?identifier=DENT0001')).entry?.[0]?.resource as Claim | undefined;
    expect(claim?.type.coding?.[0]?.code).toBe('oral');
    expect(claim?.total?.value).toBe(245);
    const [filling, scaling] = claim?.item ?? [];
    expect(filling?.productOrService.coding?.[0]?.code).toBe('D2391');
    expect(filling?.net?.value).toBe(145);
    expect(filling?.bodySite?.coding?.[0]).toMatchObject({ system: TOOTH, code: '30' });
    expect(filling?.subSite?.map((s) => s.coding?.[0])).toEqual([expect.objectContaining({ system: SURFACE, code: 'M' }), expect.objectContaining({ system: SURFACE, code: 'O' })]);
    expect(filling?.diagnosisSequence).toEqual([1]);
    expect(scaling?.productOrService.coding?.[0]?.code).toBe('D4341');
    expect(scaling?.bodySite?.coding?.[0]).toMatchObject({ system: CAVITY, code: '10' });
    expect(scaling?.subSite).toBeUndefined();
  });

  it('an unbalanced 837D (CLM02 ≠ Σ SV302) is rejected by the 999', async () => {
    const res = await post(fresh(x837d((b) => b.map((s) => s.replace('CLM*DENT0001*245', 'CLM*DENT0002*999'))))).expect(200);
    expect(segmentIds(res.text, ['AK9'])).toEqual(['AK9*R*1']);
    expect((await search('Claim?identifier=DENT0002')).entry ?? []).toHaveLength(0);
  });
});

describe('276 → 277 from stored claims', () => {
  it('pending after the 837P, finalized (paid) after the 835', async () => {
    const claim = fresh(x837p((b) => b.map((s) => s.replace('CLM*26463774', 'CLM*STAT0001'))));
    expect(segmentIds((await post(claim).expect(200)).text, ['AK9'])).toEqual(['AK9*A*1']);
    const pending = await post(fresh(x276('STAT0001'))).expect(200);
    expect(segmentIds(pending.text, ['ST'])).toEqual(['ST*999*0001', 'ST*277*0001']);
    expect(stc(pending.text)).toEqual(['P1:20']);

    const remit = fresh(x835((b) => b.map((s) => s.replace('CLP*26463774', 'CLP*STAT0001'))));
    expect(segmentIds((await post(remit).expect(200)).text, ['AK9'])).toEqual(['AK9*A*1']);
    const finalized = await post(fresh(x276('STAT0001'))).expect(200);
    const s = segments(finalized.text).find((x) => x[0] === 'STC');
    expect(s?.[1]).toBe('F1:1');
    expect(s?.[5]).toBe('130'); // STC05: paid
  });

  it('an unknown claim → A4:35 (not found)', async () => {
    const res = await post(fresh(x276('NOSUCHCLAIM'))).expect(200);
    expect(stc(res.text)).toEqual(['A4:35']);
  });
});
