/** Identifier systems by assigning authority (`HL7V2_IDENTIFIER_SYSTEMS`), over the pipeline with the real translator. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Encounter, Patient } from 'fhir/r4.js';
import { loadConfig } from '../../config/config.js';
import { translateHl7v2 } from '../../translators/hl7v2/fhir/translate.js';
import { ackSummary, startHl7v2Harness, type Hl7v2Harness } from '../../../test/e2e/support/hl7v2-harness.js';
import { configuredIdentifierSystem, defaultIdentifierSystem } from './identifier-system.js';

const ctx = { baseUrl: 'http://gateway.test/fhir', source: undefined, lenient: false, patientCompartment: undefined };
let h: Hl7v2Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('configuredIdentifierSystem', () => {
  const systems = configuredIdentifierSystem({ HOSP: 'urn:oid:1.2.3', MRN: 'http://hospital.example/mrn' });
  it.each([
    ['HOSP', 'patient', 'urn:oid:1.2.3'],
    ['hosp', 'visit', 'urn:oid:1.2.3'],
    ['MRN', 'other', 'http://hospital.example/mrn'],
    ['OTHER', 'patient', 'urn:id:OTHER'],
    ['2.16.840.1', 'patient', 'urn:oid:2.16.840.1'],
    [undefined, 'visit', 'urn:id:unknown-visit'],
  ] as const)('%s (%s) → %s', (authority, kind, expected) => {
    expect(systems(authority, kind)).toBe(expected);
  });

  it('is the default when nothing is configured', () => {
    expect(configuredIdentifierSystem({})).toBe(defaultIdentifierSystem);
  });
});

describe('HL7V2_IDENTIFIER_SYSTEMS over the pipeline', () => {
  it('writes PID-3 and PV1-19 with the configured systems; unknown authorities keep the fallback', async () => {
    const config = loadConfig({ HL7V2_IDENTIFIER_SYSTEMS: '{"HOSP":"urn:oid:1.2.3","VN":"http://hospital.example/visit"}' });
    h = startHl7v2Harness({ translate: translateHl7v2, identifierSystem: configuredIdentifierSystem(config.hl7v2IdentifierSystems) });
    const msg = [
      'MSH|^~\\&|ADT|HOSP|LYFE|GW|20240115123000||ADT^A01^ADT_A01|C1|P|2.5.1',
      'EVN|A01|20240115123000',
      'PID|1||123^^^HOSP^MR~999^^^STATE^SS||DOE^JOHN||19800101|M',
      'PV1|1|I|ICU^101^A^HOSP||||||||||||||||V77^^^VN^VN',
    ].join('\r');
    const [ack] = await h.send(`${msg}\r`);
    expect(ackSummary(ack).code).toBe('AA');
    const patients = await h.repo.search(ctx, 'Patient', new URLSearchParams('identifier=urn:oid:1.2.3|123'));
    const p = patients.entry?.[0]?.resource as Patient | undefined;
    expect(p?.identifier?.map((i) => [i.system, i.value])).toEqual([['urn:oid:1.2.3', '123'], ['urn:id:STATE', '999']]);
    const encounters = await h.repo.search(ctx, 'Encounter', new URLSearchParams('identifier=http://hospital.example/visit|V77'));
    expect((encounters.entry?.[0]?.resource as Encounter | undefined)?.subject?.reference).toBe(`Patient/${p?.id}`);
  });
});
