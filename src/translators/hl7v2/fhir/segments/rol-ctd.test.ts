/** ROL and CTD segment mappers: table tests (role / persons / period; contact → RelatedPerson). */
import { describe, expect, it } from 'vitest';
import { BundleBuilder } from '../bundle.js';
import { mapRol, roleToCareTeamParticipants, roleToEncounterParticipants } from './rol.js';
import { mapCtd } from './ctd.js';
import { segmentOf, testContext } from './orders-fixtures.js';

const ctx = testContext();
const patient = { reference: 'urn:uuid:patient' };

describe('mapRol', () => {
  it.each([
    ['ROL|1|AD|AT^Attending^HL70443|1^KILDARE^JAMES~2^GILLESPIE^LEONARD|20240101', 'AT', 2, { start: '2024-01-01' }],
    ['ROL|1|UC|pp^Primary^HL70443|5^WELBY^MARCUS', 'PP', 1, undefined],
    ['ROL|1||CP|||||||||||ORG^Group^^^^^^^^G1', 'CP', 0, undefined],
  ] as const)('%s', (text, roleCode, persons, period) => {
    const r = mapRol(segmentOf('ROL', text), ctx, new BundleBuilder(ctx)).value;
    expect(r?.roleCode).toBe(roleCode);
    expect(r?.persons).toHaveLength(persons);
    expect(r?.period).toEqual(period);
  });

  it.each(['ROL|1|DE|AT|1^KILDARE^JAMES', 'ROL|1|AD|AT'])('yields nothing for a deleted or empty role: %s', (text) => {
    expect(mapRol(segmentOf('ROL', text), ctx, new BundleBuilder(ctx)).value).toBeUndefined();
  });

  it('becomes CareTeam participants (organization as onBehalfOf, or as member when nobody is named) and Encounter participants', () => {
    const b = new BundleBuilder(ctx);
    const both = mapRol(segmentOf('ROL', 'ROL|1|AD|CP|1^HOUSE^GREGORY|||||CARD^Cardiology|||||ORG^Group^^^^^^^^G1'), ctx, b).value;
    const orgOnly = mapRol(segmentOf('ROL', 'ROL|1|AD|CP|||||||||||ORG^Group^^^^^^^^G1'), ctx, b).value;
    if (both === undefined || orgOnly === undefined) throw new Error('mapped');
    const [p] = roleToCareTeamParticipants(both);
    expect(p?.role).toHaveLength(2);
    expect(p?.member?.display).toBe('GREGORY HOUSE');
    expect(p?.onBehalfOf?.display).toBe('ORG');
    expect(roleToCareTeamParticipants(orgOnly)).toEqual([{ role: [expect.anything()], member: expect.objectContaining({ display: 'ORG' }) }]);
    expect(roleToEncounterParticipants(both).map((x) => x.individual?.display)).toEqual(['GREGORY HOUSE']);
    expect(roleToEncounterParticipants(orgOnly)).toEqual([]);
  });
});

describe('mapCtd', () => {
  it('maps role, name, address, telecom and identifiers to a RelatedPerson of the patient', () => {
    const r = mapCtd(segmentOf('CTD', 'CTD|C^Emergency Contact^HL70131|DOE^JOHN|1 MAIN ST^^BOSTON^MA|X|^PRN^PH^^1^617^5551234|E|12345^DL^MA~777'), ctx, patient).value;
    expect(r).toMatchObject({
      resourceType: 'RelatedPerson', patient,
      relationship: [{ coding: [expect.objectContaining({ code: 'C' })] }],
      name: [{ family: 'DOE', given: ['JOHN'] }],
      address: [{ line: ['1 MAIN ST'], city: 'BOSTON', state: 'MA' }],
      telecom: [expect.objectContaining({ system: 'phone' })],
      identifier: [{ value: '12345', type: { text: 'DL' } }, { value: '777' }],
    });
  });

  it('yields nothing when the contact names and reaches nobody', () => {
    expect(mapCtd(segmentOf('CTD', 'CTD|C'), ctx, patient).value).toBeUndefined();
  });
});
