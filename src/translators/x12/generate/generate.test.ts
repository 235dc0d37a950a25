import type { Bundle, ClaimResponse, FhirResource, PaymentReconciliation, Reference } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { fixedContext, segmentsOf } from '../ack/test-support.js';
import { fixed } from '../fhir/index.js';
import { resourcesOf, testContext, translateText } from '../fhir/test-support.js';
import { validateX12 } from '../snip/index.js';
import { interchange, x270, x278, x835, x837p } from '../transactions/test-fixtures.js';
import { build271, build277, build277CA, build278Response, build835, build837P, CLAIM_NOT_FOUND } from './index.js';

/** Every finding of our own validator (envelope + SNIP 2 / 3) on a generated document. */
const problems = (text: string): string[] => validateX12(text).findings.flat().map((f) => `${f.rule ?? ''} ${f.segment?.id ?? ''}@${f.segment?.position ?? ''} ${f.message ?? ''}`);
const lines = (text: string, ...ids: string[]): string[] => segmentsOf(text).filter((s) => ids.includes(s[0] ?? '')).map((s) => s.join('*'));
const parsed = (text: string) => {
  const t = validateX12(text).transactions[0];
  if (t === undefined) throw new Error('no transaction');
  return t;
};

/** A resolver over bundles: fullUrl references, and Claim identifiers (logical references). */
function resolver(...bundles: Bundle[]) {
  const entries = bundles.flatMap((b) => b.entry ?? []);
  return (ref: Reference | undefined): FhirResource | undefined => {
    if (ref?.reference !== undefined) return entries.find((e) => e.fullUrl === ref.reference)?.resource;
    const id = ref?.identifier;
    return id === undefined ? undefined : entries.map((e) => e.resource).find((r) => r !== undefined && 'identifier' in r && Array.isArray(r.identifier)
      && r.resourceType === 'Claim' && r.identifier.some((i) => i.system === id.system && i.value === id.value));
  };
}

const coverage = (status: 'active' | 'cancelled', end?: string) => ({
  resourceType: 'Coverage' as const, status, beneficiary: { reference: 'Patient/1' }, payor: [{ reference: 'Organization/1' }],
  period: { start: '2024-01-01', ...(end === undefined ? {} : { end }) }, class: [{ type: fixed('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan'), value: 'GOLD', name: 'GOLD PPO' }],
});

const X276 = interchange('HR', '276', [
  'BHT*0010*13*ABC276XXX*20240305*1425', 'HL*1**20*1', 'NM1*PR*2*KEY INSURANCE*****PI*999996666', 'HL*2*1*21*1', 'NM1*41*2*BILLING SERVICE*****46*TGJ23',
  'HL*3*2*19*1', 'NM1*1P*2*KILDARE CLINIC*****XX*1912301953', 'HL*4*3*22*0', 'DMG*D8*19730501*F', 'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
  'TRN*1*ABCXYZ1', 'REF*EJ*26463774', 'AMT*T3*150', 'DTP*472*D8*20240110',
], '005010X212');

describe('X12 generators (each output passes our own parser and SNIP 1–3)', () => {
  it.each([
    ['active coverage → EB*1 per service type', [coverage('active')], ['EB*1**30**GOLD PPO', 'EB*1**98**GOLD PPO'], []],
    ['ended coverage → EB*6', [coverage('active', '2024-02-01')], ['EB*6**30**GOLD PPO', 'EB*6**98**GOLD PPO'], []],
    ['unknown member → AAA 75', [], [], ['AAA*N**75*C']],
  ] as const)('271: %s', (_name, coverages, eb, aaa) => {
    const out = build271(parsed(x270()), () => coverages, fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'EB')).toEqual(eb);
    expect(lines(out.text, 'AAA')).toEqual(aaa);
    expect(lines(out.text, 'TRN', 'BHT')).toEqual(['BHT*0022*11*10001234*20240305*1407', 'TRN*2*93175-012547*9877281234']);
  });

  it.each([
    ['found and paid', () => ({ category: 'F1', status: '65', billed: 150, paid: 130, paidDate: '2024-02-20', payerClaimNumber: '94060555410000' }),
      ['STC*F1:65*20240305**150*130**20240220', 'REF*1K*94060555410000', 'REF*EJ*26463774']],
    ['not found', () => CLAIM_NOT_FOUND, ['STC*A4:35*20240305**150', 'REF*EJ*26463774']],
  ] as const)('277: %s', (_name, answer, expected) => {
    const out = build277(parsed(X276), answer, testContext(), fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'STC', 'REF')).toEqual(expected);
  });

  it('277CA: accepted claims with CLM01 as trace, totals per batch', () => {
    const out = build277CA(parsed(x837p()), () => ({ accepted: true, payerClaimNumber: 'P123' }), fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'STC', 'QTY', 'AMT', 'TRN', 'REF')).toEqual(['TRN*1*0001', 'TRN*2*0123', 'STC*A1:19*20240305*WQ*150', 'QTY*90*1', 'AMT*YU*150',
      'TRN*1*0', 'TRN*2*26463774', 'STC*A2:20*20240305*WQ*150', 'REF*1K*P123']);
  });

  it('278 response: certified with the authorization number and period', () => {
    const out = build278Response(parsed(x278()), () => ({ action: 'A1', authorization: 'AUTH0001', period: { start: '2024-03-10', end: '2024-04-30' } }), fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'BHT', 'HCR', 'TRN')).toEqual(['BHT*0007*11*101*20240305*1407', 'TRN*2*112233445X*9146111111', 'HCR*A1*AUTH0001', 'HCR*A1*AUTH0001']);
    expect(translateText(out.text).bundle.entry?.map((e) => e.resource?.resourceType)).toContain('ClaimResponse');
  });

  it('837P from a Claim: round trip 837P → FHIR → 837P keeps the claim, diagnoses and lines', () => {
    const { bundle } = translateText(x837p());
    const [claim] = resourcesOf(bundle, 'Claim');
    if (claim === undefined) throw new Error('no claim');
    const out = build837P(claim, resolver(bundle), {
      sender: { qualifier: 'ZZ', id: 'SENDER' }, receiver: { qualifier: 'ZZ', id: 'RECEIVER' }, submitterName: 'BILLING SERVICE', receiverName: 'KEY INSURANCE',
    }, fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'CLM', 'HI', 'SV1', 'DTP', 'LIN', 'NM1').filter((l) => !l.startsWith('NM1*4'))).toEqual(lines(x837p(), 'CLM', 'HI', 'SV1', 'DTP', 'LIN', 'NM1')
      .filter((l) => !l.startsWith('NM1*4')).map((l) => l.replace('CLM*26463774*150***11:B:1*Y*A*Y*I', 'CLM*26463774*150***11:B:1*Y*A*Y*Y').replace('HI*ABK:J020*ABF:R05', 'HI*ABK:J020*ABF:R05')));
  });

  it('835 from PaymentReconciliation + ClaimResponses: balances (BPR, CLP, SVC, PLB) and round-trips the amounts', () => {
    const claims = translateText(x837p()).bundle;
    const { bundle } = translateText(x835((b) => [...b.map((s) => s.replace('BPR*I*130', 'BPR*I*120')), 'PLB*1912301953*20241231*WO:X1*10']));
    const [payment] = resourcesOf(bundle, 'PaymentReconciliation') as PaymentReconciliation[];
    if (payment === undefined) throw new Error('no payment');
    const responses = resourcesOf(bundle, 'ClaimResponse') as ClaimResponse[];
    const out = build835(payment, responses, resolver(bundle, claims), { sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'PROVIDER' } }, fixedContext('\n'));
    expect(problems(out.text)).toEqual([]);
    expect(lines(out.text, 'BPR', 'CLP', 'SVC', 'CAS', 'LQ', 'PLB')).toEqual([
      'BPR*I*120*C*CHK************20240220', 'CLP*26463774*1*150*130*0*12*94060555410000',
      'SVC*HC:99213:25*100*80**1', 'CAS*CO*45*20', 'LQ*HE*N130', 'SVC*HC:87880*50*50**1', 'PLB*1912301953*20241231*WO:X1*10',
    ]);
  });
});
