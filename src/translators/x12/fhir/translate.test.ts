import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../../../validation/index.js';
import { x270, x278, x834, x835, x837p } from '../transactions/test-fixtures.js';
import { resourcesOf, translateText } from './test-support.js';

const schema = createSchemaValidator();

describe('X12 → FHIR', () => {
  it.each([
    ['837P', x837p(), ['Organization', 'Organization', 'Patient', 'Coverage', 'Practitioner', 'Claim']],
    ['835', x835(), ['Organization', 'Organization', 'Patient', 'Coverage', 'ClaimResponse', 'ExplanationOfBenefit', 'PaymentReconciliation']],
    ['834', x834(), ['Organization', 'Organization', 'Patient', 'Coverage', 'Coverage', 'Patient', 'Coverage']],
    ['270', x270(), ['Organization', 'Practitioner', 'CoverageEligibilityRequest']],
    ['278', x278(), ['Patient', 'Organization', 'Coverage', 'Practitioner', 'Claim', 'ClaimResponse']],
  ] as const)('%s: a transaction Bundle of schema-valid resources, no issues', (_name, text, types) => {
    const { bundle, issues } = translateText(text);
    expect(issues).toEqual([]);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(types);
    expect(schema.validate(bundle).filter((i) => i.severity === 'error')).toEqual([]);
    for (const e of bundle.entry ?? []) expect(e.resource?.meta?.source).toBe('x12:ZZ:SENDER');
  });

  it('837P: CLM01 identifier, CLM02 total, ICD-10-CM diagnoses, items with modifiers, pointers, POS, NDC, rendering provider', () => {
    const { bundle } = translateText(x837p());
    const [claim] = resourcesOf(bundle, 'Claim');
    expect(claim?.identifier?.[0]).toMatchObject({ system: 'urn:lyfeai:x12:claim:1912301953', value: '26463774' });
    expect(claim?.total).toEqual({ value: 150, currency: 'USD' });
    expect(claim?.diagnosis?.map((d) => [d.diagnosisCodeableConcept?.coding?.[0]?.system, d.diagnosisCodeableConcept?.coding?.[0]?.code, d.type?.[0]?.coding?.[0]?.code]))
      .toEqual([['http://hl7.org/fhir/sid/icd-10-cm', 'J02.0', 'principal'], ['http://hl7.org/fhir/sid/icd-10-cm', 'R05', 'other']]);
    expect(claim?.careTeam?.map((c) => c.role?.coding?.[0]?.code)).toEqual(['rendering']);
    const [line1, line2] = claim?.item ?? [];
    expect(line1).toMatchObject({
      sequence: 1, careTeamSequence: [1], diagnosisSequence: [1, 2], servicedDate: '2024-01-10', net: { value: 100, currency: 'USD' },
      productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] },
      modifier: [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '25' }] }],
      locationCodeableConcept: { coding: [{ code: '11' }] },
    });
    expect(line2?.detail?.[0]?.productOrService.coding?.[0]).toEqual({ system: 'http://hl7.org/fhir/sid/ndc', code: '00093015001' });
    const entry = bundle.entry?.find((e) => e.resource?.resourceType === 'Claim');
    expect(entry?.request).toEqual({ method: 'PUT', url: 'Claim?identifier=urn%3Alyfeai%3Ax12%3Aclaim%3A1912301953|26463774' });
    expect(bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.request?.ifNoneExist).toBe('identifier=urn%3Alyfeai%3Ax12%3Amember%3A999996666|JS00111223333');
  });

  it('835: totals, CAS as CARC adjudications, RARC remarks, payment reconciliation with PLB', () => {
    const { bundle } = translateText(x835((b) => [...b.map((s) => s.replace('BPR*I*130', 'BPR*I*120')), 'PLB*1912301953*20241231*WO:X1*10']));
    const [response] = resourcesOf(bundle, 'ClaimResponse');
    expect(response?.total?.map((t) => [t.category.coding?.[0]?.code, t.amount.value])).toEqual([['submitted', 150], ['benefit', 130], ['memberliability', 0]]);
    expect(response?.item?.[0]?.adjudication.map((a) => [a.category.coding?.[0]?.code, a.reason?.coding?.[0]?.code, a.amount?.value]))
      .toEqual([['submitted', undefined, 100], ['benefit', undefined, 80], ['CO', '45', 20], ['denialreason', 'N130', undefined]]);
    const [eob] = resourcesOf(bundle, 'ExplanationOfBenefit');
    expect(eob?.item?.map((i) => i.productOrService.coding?.[0]?.code)).toEqual(['99213', '87880']);
    const [recon] = resourcesOf(bundle, 'PaymentReconciliation');
    expect(recon?.paymentAmount).toEqual({ value: 120, currency: 'USD' });
    expect(recon?.detail?.map((d) => [d.type.coding?.[0]?.code, d.amount?.value])).toEqual([['payment', 130], ['adjustment', -10]]);
  });

  it('835: a reversal (CLP02 = 22) is a new version of the same ClaimResponse / EOB, cancelled', () => {
    const { bundle } = translateText(x835((b) => b.map((s) => s.replace('CLP*26463774*1*', 'CLP*26463774*22*'))));
    const entries = bundle.entry?.filter((e) => e.resource?.resourceType === 'ClaimResponse' || e.resource?.resourceType === 'ExplanationOfBenefit') ?? [];
    expect(entries.map((e) => [e.request?.method, (e.resource as { status?: string }).status])).toEqual([['PUT', 'cancelled'], ['PUT', 'cancelled']]);
  });

  it.each([
    ['add (021)', (b: string[]) => b, 'active', undefined],
    ['change (001)', (b: string[]) => b.map((s) => s.replace('INS*Y*18*021', 'INS*Y*18*001')), 'active', undefined],
    ['terminate (024)', (b: string[]) => b.map((s) => s.replace('INS*Y*18*021', 'INS*Y*18*024').replace('HD*021**HLT', 'HD*024**HLT')).toSpliced(15, 0, 'DTP*349*D8*20240630'), 'cancelled', '2024-06-30'],
    ['reinstate (025)', (b: string[]) => b.map((s) => s.replace('INS*Y*18*021', 'INS*Y*18*025').replace('HD*021**HLT', 'HD*025**HLT')), 'active', undefined],
  ] as const)('834 maintenance %s: the subscriber health coverage is written by conditional update', (_name, edit, status, end) => {
    const { bundle } = translateText(x834(edit));
    const entry = bundle.entry?.find((e) => e.resource?.resourceType === 'Coverage');
    expect(entry?.request?.method).toBe('PUT');
    const coverage = resourcesOf(bundle, 'Coverage')[0];
    expect([coverage?.status, coverage?.period?.end, coverage?.subscriberId, coverage?.identifier?.[0]?.value]).toEqual([status, end, '123456789', '123456789-HLT']);
  });

  it('834: a dependent has her own coverage; its subscriber is the subscriber Patient, or a RelatedPerson when not in the file', () => {
    const both = translateText(x834()).bundle;
    const spouse = resourcesOf(both, 'Coverage')[2];
    expect(spouse?.subscriber?.reference).toBe(both.entry?.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl);
    const alone = translateText(x834((b) => [...b.slice(0, 4), ...b.slice(17)])).bundle;
    const related = resourcesOf(alone, 'RelatedPerson')[0];
    expect(related?.relationship?.[0]?.coding?.[0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SPS' });
    expect(resourcesOf(alone, 'Coverage')[0]?.subscriber?.reference).toBe(alone.entry?.find((e) => e.resource?.resourceType === 'RelatedPerson')?.fullUrl);
  });

  it('270: the inquiry, with the member contained (an inquiry registers nobody) and one item per EQ', () => {
    const { bundle } = translateText(x270());
    const [request] = resourcesOf(bundle, 'CoverageEligibilityRequest');
    expect(request?.contained?.map((r) => r.resourceType)).toEqual(['Patient', 'Coverage']);
    expect(request?.item?.map((i) => i.category?.coding?.[0]?.code)).toEqual(['30', '98']);
    expect([request?.servicedDate, request?.identifier?.[0]?.value]).toEqual(['2024-03-01', '93175-012547']);
  });

  it('278: request → Claim use=preauthorization + pended ClaimResponse; response → decision', () => {
    const req = translateText(x278()).bundle;
    const [claim] = resourcesOf(req, 'Claim');
    expect([claim?.use, claim?.item?.[0]?.productOrService.coding?.[0]?.code, claim?.item?.[0]?.quantity?.value, claim?.diagnosis?.[0]?.diagnosisCodeableConcept?.coding?.[0]?.code])
      .toEqual(['preauthorization', '97110', 12, 'M54.50']);
    expect(resourcesOf(req, 'ClaimResponse')[0]?.outcome).toBe('queued');
    const resp = translateText(x278((b) => b.map((s) => s.replace('BHT*0007*13', 'BHT*0007*11')).toSpliced(11, 0, 'HCR*A1*AUTH0001'))).bundle;
    expect(resourcesOf(resp, 'ClaimResponse').map((r) => [r.outcome, r.preAuthRef, r.disposition])).toEqual([['complete', 'AUTH0001', 'A1']]);
  });
});
