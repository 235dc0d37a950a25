import { describe, expect, it } from 'vitest';
import { BundleBuilder } from '../bundle.js';
import { addMinutes, mapSch, toMinutes } from './sch.js';
import { mapAppointmentInfo } from './ais.js';
import { mapTxa } from './txa.js';
import { mapPrt } from './prt.js';
import { segmentOf, testContext } from './orders-fixtures.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';

const ctx = testContext(v2ConceptMapCodeMapper);

describe('SCH → Appointment', () => {
  it('maps ids, duration, start / end and status (table 0278)', () => {
    const sch = segmentOf('SCH', 'SCH|A1^CLINIC|B2^SCHED|||||R^Routine^HL70276||45|min|^^^20240310090000-0500^20240310094500-0500||||||||||||||Booked');
    const r = mapSch(sch, ctx, new BundleBuilder(ctx), 'proposed');
    expect(r.value).toMatchObject({ status: 'booked', minutesDuration: 45, start: '2024-03-10T09:00:00-05:00', end: '2024-03-10T09:45:00-05:00' });
    expect(r.value.identifier?.map((i) => [i.type?.coding?.[0]?.code, i.value])).toEqual([['PLAC', 'A1'], ['FILL', 'B2']]);
  });

  it('falls back to the trigger status without SCH-25', () => {
    expect(mapSch(segmentOf('SCH', 'SCH|A1|B2'), ctx, new BundleBuilder(ctx), 'cancelled').value.status).toBe('cancelled');
  });

  it.each([
    [30, 'min', 30], [2, 'h', 120], [90, 's', 2], [undefined, 'min', undefined], [1, 'd', 1440],
  ] as const)('%s %s is %s minutes', (amount, units, minutes) => {
    expect(toMinutes(amount, units)).toBe(minutes);
  });

  it('adds minutes keeping the zone offset', () => {
    expect(addMinutes('2024-03-10T23:30:00-05:00', 45)).toBe('2024-03-11T00:15:00-05:00');
    expect(addMinutes('2024-03-10', 45)).toBeUndefined();
  });
});

describe('AIS / AIG / AIL / AIP', () => {
  it.each([
    ['AIS service type and period', 'AIS', 'AIS|1||99213^Visit^C4|20240310090000-0500|||30|min', { serviceType: { coding: [{ code: '99213' }] }, period: { start: '2024-03-10T09:00:00-05:00', end: '2024-03-10T09:30:00-05:00' } }],
    ['AIG general resource', 'AIG', 'AIG|1||R5^Scope^L|EQ^Equipment^L', { participant: { actor: { display: 'Scope' }, status: 'accepted' } }],
    ['AIP personnel', 'AIP', 'AIP|1||1234^SMITH^JOHN^^^^^^NPI|ATND^Attending^L', { participant: { status: 'accepted', type: [{ coding: [{ code: 'ATND' }] }] } }],
  ] as const)('%s', (_n, name, text, expected) => {
    expect(mapAppointmentInfo(segmentOf(name, text), ctx, new BundleBuilder(ctx)).value).toMatchObject(expected);
  });
});

describe('TXA → DocumentReference', () => {
  it('maps number, type, dates, author, parent and file name', () => {
    const txa = segmentOf('TXA', 'TXA|1|DS^Discharge summary^HL70270|TX|20240301100000-0500|1234^SMITH^JOHN^^^^^^NPI|20240301110000-0500||||||DOC7^HOSP|DOC6^HOSP|||note.txt|AU');
    const r = mapTxa(txa, ctx, new BundleBuilder(ctx), 'current');
    expect(r.value.key).toEqual({ system: 'urn:id:HOSP', value: 'DOC7' });
    expect(r.value.fileName).toBe('note.txt');
    expect(r.value.document).toMatchObject({ status: 'current', date: '2024-03-01T11:00:00-05:00', context: { period: { start: '2024-03-01T10:00:00-05:00' } }, relatesTo: [{ code: 'appends', target: { identifier: { value: 'DOC6' } } }] });
    expect(r.value.document.author).toHaveLength(1);
  });
});

describe('PRT → participation', () => {
  it('maps role, person, organization and period; PRT-2 D yields nothing', () => {
    const bundle = new BundleBuilder(ctx);
    const r = mapPrt(segmentOf('PRT', 'PRT|1|UC||RO^Responsible observer^HL70912|1234^SMITH^JOHN^^^^^^NPI|||LAB^^^^^^^^^L1|||20240301|20240302'), ctx, bundle);
    expect(r.value).toMatchObject({ roleCode: 'RO', person: { display: 'JOHN SMITH' }, organization: { display: 'LAB' }, period: { start: '2024-03-01', end: '2024-03-02' } });
    expect(bundle.entries.map((e) => e.resourceType)).toEqual(['Practitioner', 'Organization']);
    expect(mapPrt(segmentOf('PRT', 'PRT|1|D||RO|1234^SMITH'), ctx, bundle).value).toBeUndefined();
  });
});
