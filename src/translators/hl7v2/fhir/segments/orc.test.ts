import { describe, expect, it } from 'vitest';
import { BundleBuilder } from '../bundle.js';
import { mapOrcToServiceRequest, orderNumbers, requestStatus } from './orc.js';
import { mapObrToDiagnosticReport, mapObrToServiceRequest } from './obr.js';
import { segmentOf, testContext } from './orders-fixtures.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';

const ctx = testContext(v2ConceptMapCodeMapper);
const PLAC = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' };
const FILL = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'FILL' };

describe('ORC / OBR order numbers', () => {
  it.each([
    ['ORC wins', 'ORC|NW|P1^OE|F1^LAB', 'OBR|1|P9^X|F9^Y', { placer: 'P1', filler: 'F1' }],
    ['OBR fills in', 'ORC|NW', 'OBR|1|P9^X|F9^Y', { placer: 'P9', filler: 'F9' }],
    ['placer only', 'ORC|NW|P1^OE', 'OBR|1', { placer: 'P1', filler: undefined }],
  ] as const)('%s', (_n, orc, obr, expected) => {
    const n = orderNumbers(segmentOf('ORC', orc), segmentOf('OBR', obr), ctx);
    expect(n.placer?.value).toBe(expected.placer);
    expect(n.filler?.value).toBe(expected.filler);
    if (n.placer !== undefined) expect(n.placer.type?.coding?.[0]).toEqual(PLAC);
    if (n.filler !== undefined) expect(n.filler.type?.coding?.[0]).toEqual(FILL);
  });

  it('takes the authority from EI.2 through ctx.identifierSystem', () => {
    expect(orderNumbers(segmentOf('ORC', 'ORC|NW|P1^OE^1.2.3^ISO'), undefined, ctx).placer?.system).toBe('urn:id:OE');
    expect(orderNumbers(segmentOf('ORC', 'ORC|NW|P1^^1.2.3^ISO'), undefined, ctx).placer?.system).toBe('urn:oid:1.2.3');
  });
});

describe('ORC status (table 0038 / 0119 → request-status through the ConceptMaps)', () => {
  it.each([
    ['ORC-5 CM', 'ORC|SC|P1||G1|CM', 'completed'],
    ['ORC-5 IP', 'ORC|SC|P1||G1|IP', 'active'],
    ['ORC-1 OC (order cancelled) without ORC-5', 'ORC|OC|P1', 'revoked'],
    ['ORC-1 CA (cancel request) stays active per the IG map', 'ORC|CA|P1', 'active'],
    ['ORC-1 NW without ORC-5', 'ORC|NW|P1', 'active'],
  ] as const)('%s → %s', (_n, orc, status) => {
    expect(requestStatus(segmentOf('ORC', orc), ctx).value).toBe(status);
  });

  it('maps authoredOn, requester and requisition', () => {
    const orc = segmentOf('ORC', 'ORC|NW|P1^OE||G7^OE|||||20240301080000-0500|||1234^SMITH^JOHN^^^DR^^^NPI');
    const r = mapOrcToServiceRequest(orc, orderNumbers(orc, undefined, ctx), ctx, new BundleBuilder(ctx));
    expect(r.value).toMatchObject({ status: 'active', intent: 'order', authoredOn: '2024-03-01T08:00:00-05:00', requisition: { value: 'G7' } });
    expect(r.value.requester?.reference).toMatch(/^urn:uuid:/);
  });
});

describe('OBR → DiagnosticReport / ServiceRequest', () => {
  it('maps code, effective, issued, category and status', () => {
    const obr = segmentOf('OBR', 'OBR|1|P1^OE|F1^LAB|24331-1^Lipid panel^LN|||20240301073000-0500|20240301074500-0500||||||||||||||20240301110000-0500||CH|F');
    const r = mapObrToDiagnosticReport(obr, orderNumbers(undefined, obr, ctx), ctx);
    expect(r.value).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '24331-1' }] },
      effectivePeriod: { start: '2024-03-01T07:30:00-05:00', end: '2024-03-01T07:45:00-05:00' },
      issued: '2024-03-01T11:00:00-05:00',
    });
    expect(r.value.identifier?.map((i) => i.value)).toEqual(['P1', 'F1']);
  });

  it('issued needs a full instant; a date-only OBR-22 is left out', () => {
    const obr = segmentOf('OBR', 'OBR|1||F1^LAB|X^Y^L||||||||||||||||||20240301||CH|P');
    const r = mapObrToDiagnosticReport(obr, orderNumbers(undefined, obr, ctx), ctx);
    expect(r.value.issued).toBeUndefined();
    expect(r.value.status).toBe('preliminary');
  });

  it('an empty OBR-4 is a placeholder with a warning, not an error', () => {
    const r = mapObrToServiceRequest(segmentOf('OBR', 'OBR|1|P1'), false, ctx, new BundleBuilder(ctx));
    expect(r.value.code).toEqual({ text: 'unspecified service' });
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'warning', expression: ['OBR-4'] }));
  });
});
