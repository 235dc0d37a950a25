/**
 * `POST /fhir/Claim/$submit` (Da Vinci PAS) over HTTP: the submitted Bundle's resources are stored
 * (Claim with care team and supporting info, Patient, Coverage, Practitioner, Organizations) and stay
 * queryable; the 278 it stands for still drives the X12 side (pended 278 response); the answer is the
 * PAS response Bundle (ClaimResponse first, reviewAction A4, then what it references); a resubmission
 * converges instead of duplicating.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Claim, ClaimResponse, Practitioner } from 'fhir/r4.js';
import { useX12App } from './support/x12-app.js';

const { get, search, submit } = useX12App();

const BASE = 'http://ehr.example.org/fhir';
const pas = {
  resourceType: 'Bundle', type: 'collection', identifier: { system: 'http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER', value: 'TX-0042' },
  timestamp: '2024-03-05T10:00:00Z',
  entry: [
    { fullUrl: `${BASE}/Claim/pa-1`, resource: {
      resourceType: 'Claim', id: 'pa-1', identifier: [{ system: 'http://example.org/PATIENT_EVENT_TRACE_NUMBER', value: 'PAS0042' }],
      status: 'active', use: 'preauthorization', created: '2024-03-05',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      patient: { reference: 'Patient/pat-1' }, insurer: { reference: 'Organization/payer-1' }, provider: { reference: 'Organization/clinic-1' },
      priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
      careTeam: [{ sequence: 1, provider: { reference: 'Practitioner/dr-1' } }],
      supportingInfo: [{ sequence: 1, category: { coding: [{ system: 'http://hl7.org/us/davinci-pas/CodeSystem/PASSupportingInfoType', code: 'patientEvent' }] }, timingPeriod: { start: '2024-03-10', end: '2024-04-30' } }],
      insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov-1' } }],
      diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M54.50' }] } }],
      item: [{ sequence: 1, careTeamSequence: [1], productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '97110' }] }, quantity: { value: 12 } }],
    } },
    { fullUrl: `${BASE}/Patient/pat-1`, resource: { resourceType: 'Patient', id: 'pat-1', identifier: [{ system: 'http://ehr.example.org/mrn', value: 'MRN-42' }], name: [{ family: 'RIVERA', given: ['ANA'] }], birthDate: '1980-02-14', gender: 'female' } },
    { fullUrl: `${BASE}/Organization/payer-1`, resource: { resourceType: 'Organization', id: 'payer-1', name: 'KEY INSURANCE', identifier: [{ value: '999996666' }] } },
    { fullUrl: `${BASE}/Organization/clinic-1`, resource: { resourceType: 'Organization', id: 'clinic-1', name: 'KILDARE CLINIC', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1912301953' }] } },
    { fullUrl: `${BASE}/Practitioner/dr-1`, resource: { resourceType: 'Practitioner', id: 'dr-1', name: [{ family: 'KILDARE', given: ['BEN'] }], identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1999996666' }] } },
    { fullUrl: `${BASE}/Coverage/cov-1`, resource: { resourceType: 'Coverage', id: 'cov-1', status: 'active', subscriberId: 'AR00424242', beneficiary: { reference: 'Patient/pat-1' }, payor: [{ reference: 'Organization/payer-1' }] } },
  ],
};

describe('POST /fhir/Claim/$submit stores the PAS Bundle', () => {
  let response: Bundle;
  beforeAll(async () => {
    response = (await submit(pas).expect(200)).body as Bundle;
  });

  it('answers the PAS response Bundle: ClaimResponse (pended, reviewAction A4) first, then its references', () => {
    expect(response).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { value: 'TX-0042' } });
    expect(response.timestamp).toBeDefined();
    const types = response.entry?.map((e) => e.resource?.resourceType);
    expect(types?.[0]).toBe('ClaimResponse');
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Organization', 'Claim']));
    const cr = response.entry?.[0]?.resource as ClaimResponse;
    expect(cr).toMatchObject({ status: 'active', use: 'preauthorization', outcome: 'queued' });
    expect(cr.requestor?.reference).toMatch(/^Organization\//);
    const action = cr.item?.[0]?.extension?.find((x) => x.url.endsWith('/extension-reviewAction'));
    expect(action?.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe('A4');
    for (const e of response.entry ?? []) expect(e.fullUrl).toBe(`http://gateway.test/fhir/${e.resource?.resourceType ?? ''}/${e.resource?.id ?? ''}`);
  });

  it('stores the submitted Claim, with its care team and supporting info, queryable by its own identifier', async () => {
    const claims = await search('Claim?identifier=http://example.org/PATIENT_EVENT_TRACE_NUMBER|PAS0042');
    expect(claims.entry).toHaveLength(1);
    const claim = claims.entry?.[0]?.resource as Claim;
    expect(claim.use).toBe('preauthorization');
    expect(claim.supportingInfo?.[0]?.timingPeriod).toEqual({ start: '2024-03-10', end: '2024-04-30' });
    const dr = claim.careTeam?.[0]?.provider.reference ?? '';
    expect(dr).toMatch(/^Practitioner\/[^/]+$/);
    const practitioner = (await get(`/fhir/${dr}`).expect(200)).body as Practitioner;
    expect(practitioner.name?.[0]?.family).toBe('KILDARE');
    expect(claim.meta?.source).toMatch(/^urn:lyfeai:inbox:/);
    // The 278 side still answers from it.
    const pended = await get(`/admin/api/x12/278/${claim.id ?? ''}`).expect(200);
    expect(pended.headers['x-review-action']).toBe('A4');
  });

  it('stores the Patient and Coverage as submitted, one each (no copy made from the 278)', async () => {
    const patients = await search('Patient?family=RIVERA');
    expect(patients.entry).toHaveLength(1);
    const patient = patients.entry?.[0]?.resource;
    expect(patient?.resourceType === 'Patient' ? patient.birthDate : undefined).toBe('1980-02-14');
    expect((await search('Patient?identifier=http://ehr.example.org/mrn|MRN-42')).entry).toHaveLength(1);
    const coverages = await search(`Coverage?beneficiary=Patient/${patient?.id ?? ''}`);
    expect(coverages.entry).toHaveLength(1);
    const cr = await search(`ClaimResponse?patient=Patient/${patient?.id ?? ''}`);
    expect(cr.entry).toHaveLength(1);
  });

  it('a resubmission converges: still one Claim, Patient, Practitioner', async () => {
    await submit(pas).expect(200);
    expect((await search('Claim?identifier=PAS0042')).entry).toHaveLength(1);
    expect((await search('Patient?family=RIVERA')).entry).toHaveLength(1);
    expect((await search('Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1999996666')).entry).toHaveLength(1);
  });
});
