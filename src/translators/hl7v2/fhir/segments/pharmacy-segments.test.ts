import { describe, expect, it } from 'vitest';
import { BundleBuilder } from '../bundle.js';
import { mapRxaToImmunization, mapRxaToMedicationAdministration } from './rxa.js';
import { mapRxr } from './rxr.js';
import { mapPharmacyOrder } from './rxe.js';
import { mapFt1 } from './ft1.js';
import { segmentOf, testContext } from './orders-fixtures.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';

const ctx = testContext(v2ConceptMapCodeMapper);
const patient = { reference: 'urn:uuid:p' };
const rxa = (fields: string) => segmentOf('RXA', `RXA|0|1|${fields}`);

describe('RXA → Immunization', () => {
  it('maps vaccine, time, dose, lot, expiry and manufacturer', () => {
    const r = mapRxaToImmunization(rxa('20240215103000-0500||08^Hep B^CVX|0.5|mL^^UCUM||||||||LOT42|20251231|MSD^Merck^MVX|||CP'), ctx, new BundleBuilder(ctx), patient);
    expect(r.value).toMatchObject({
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '08' }] },
      occurrenceDateTime: '2024-02-15T10:30:00-05:00',
      doseQuantity: { value: 0.5, system: 'http://unitsofmeasure.org', code: 'mL' },
      lotNumber: 'LOT42',
      expirationDate: '2025-12-31',
      manufacturer: { display: 'Merck', identifier: { value: 'MSD' } },
    });
  });

  it.each([
    ['RXA-21 D → entered-in-error', '20240215||08^Hep B^CVX|||||||||||||||CP|D', 'entered-in-error'],
    ['RXA-20 RE (refused) → not-done', '20240215||08^Hep B^CVX|||||||||||||||RE', 'not-done'],
    ['RXA-20 empty → completed', '20240215||08^Hep B^CVX', 'completed'],
  ] as const)('%s', (_n, fields, status) => {
    expect(mapRxaToImmunization(rxa(fields), ctx, new BundleBuilder(ctx), patient).value.status).toBe(status);
  });

  it('dose 999 (unknown amount) is left out', () => {
    expect(mapRxaToImmunization(rxa('20240215||08^Hep B^CVX|999'), ctx, new BundleBuilder(ctx), patient).value.doseQuantity).toBeUndefined();
  });
});

describe('RXA → MedicationAdministration', () => {
  it('period from RXA-3 / RXA-4 and the message time when RXA-3 is empty', () => {
    const a = mapRxaToMedicationAdministration(rxa('20240301090000-0500|20240301090500-0500|197361^Amlodipine^RXNORM|5|mg^^UCUM'), ctx, new BundleBuilder(ctx), patient, undefined);
    expect(a.value).toMatchObject({ status: 'completed', effectivePeriod: { start: '2024-03-01T09:00:00-05:00', end: '2024-03-01T09:05:00-05:00' }, dosage: { dose: { value: 5 } } });
    const b = mapRxaToMedicationAdministration(rxa('||197361^Amlodipine^RXNORM'), ctx, new BundleBuilder(ctx), patient, '2024-03-01T12:00:00-05:00');
    expect(b.value.effectiveDateTime).toBe('2024-03-01T12:00:00-05:00');
    expect(b.issues).toContainEqual(expect.objectContaining({ severity: 'warning', expression: ['RXA-3'] }));
  });
});

describe('RXR, RXE / RXO', () => {
  it('RXR route and site', () => {
    const r = mapRxr(segmentOf('RXR', 'RXR|IM^Intramuscular^HL70162|LA^Left arm^HL70163'), ctx).value;
    expect(r.route?.coding).toContainEqual({ system: 'http://terminology.hl7.org/CodeSystem/v2-0162', code: 'IM', display: 'Intramuscular' });
    expect(r.site?.coding?.map((c) => c.code)).toContain('LA');
  });

  it.each([
    ['RXE', 'RXE||197361^Amlodipine^RXNORM|5||mg^^UCUM||^Take once daily|||30|TAB^Tablet^L|2'],
    ['RXO', 'RXO|197361^Amlodipine^RXNORM|5||mg^^UCUM|||^Take once daily||||30|TAB^Tablet^L|2'],
  ] as const)('%s → MedicationRequest fields', (name, text) => {
    const r = mapPharmacyOrder(segmentOf(name, text), ctx);
    expect(r.value).toMatchObject({
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361' }] },
      dosageInstruction: [{ text: 'Take once daily', doseAndRate: [{ doseQuantity: { value: 5, code: 'mg' } }] }],
      dispenseRequest: { quantity: { value: 30, unit: 'Tablet' }, numberOfRepeatsAllowed: 2 },
    });
  });
});

describe('FT1 → ChargeItem', () => {
  it('maps id, code, date, quantity, price and reason', () => {
    const r = mapFt1(segmentOf('FT1', 'FT1|1|T9||20240301|20240301|CG|99213^Office visit^C4|||2|120.5&USD||||||||I10^Hypertension^I10'), ctx, new BundleBuilder(ctx), patient);
    expect(r.value).toMatchObject({
      status: 'billable',
      identifier: [{ value: 'T9' }],
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] },
      occurrenceDateTime: '2024-03-01',
      quantity: { value: 2 },
      priceOverride: { value: 120.5, currency: 'USD' },
      reason: [{ coding: [{ code: 'I10' }] }],
    });
  });
});
