/**
 * DFT^P03 (post detail financial transaction) → the patient, visit, diagnoses, procedures, coverages and
 * guarantors as the ADT mapping writes them (patient created if absent, never overwritten), the
 * financial common orders (ORC / OBR / OBX) as ServiceRequests with Observations, plus one
 * ChargeItem per FT1, upserted on FT1-2 (transaction id), else on a key derived from the patient, the
 * visit and FT1-1 / code / date, so that a replay converges.
 * https://hl7.org/fhir/R4/chargeitem.html · HL7 v2.5.1 §6.4.3 (DFT^P03)
 */
import type { ChargeItem, Identifier, Reference } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslation, MessageTranslator } from './types.js';
import { adtTranslator } from './adt-core.js';
import { mapFt1 } from '../segments/ft1.js';
import { fieldText } from '../element.js';
import { groupMessage } from './order-groups.js';
import { buildServiceRequest, requestKey, writeObservation, writePatientLevelObservations, writeServiceRequest } from './order-writers.js';

/** The first entry of `resourceType` written so far, as a reference. */
export function writtenRef(t: MessageTranslation, resourceType: string): Reference | undefined {
  const e = t.bundle.entries.find((x) => x.resourceType === resourceType && x.fullUrl !== undefined);
  return e?.fullUrl === undefined ? undefined : { reference: e.fullUrl };
}

/** Every entry of `resourceType` written so far, as references. */
export function writtenRefs(t: MessageTranslation, resourceType: string): Reference[] {
  return t.bundle.entries.filter((x) => x.resourceType === resourceType && x.fullUrl !== undefined).map((x) => ({ reference: x.fullUrl ?? '' }));
}

const writeRegistration = adtTranslator({ patient: 'reference', encounter: {} });

/**
 * OBX of the patient / visit as Observations of the patient, and the financial common orders (ORC / OBR
 * with their OBX) as ServiceRequests (created if absent) with their Observations.
 */
export function writePatientObservations(t: MessageTranslation, patient: Reference, encounter: Reference | undefined): void {
  const subject = { patient, encounter };
  for (const group of groupMessage(t.message).patients) {
    writePatientLevelObservations(t, group.observations, subject);
    for (const order of group.orders.filter((o) => o.orc !== undefined || o.obr !== undefined)) {
      const { request, numbers } = buildServiceRequest(t, order, patient, encounter);
      const owner = requestKey(numbers);
      const basedOn = writeServiceRequest(t, request, numbers, 'create-if-absent');
      for (const g of order.observations) writeObservation(t, g, { subject, basedOn, ...(owner !== undefined ? { owner } : {}) });
    }
  }
}

/** The DFT translator. */
export const translateDft: MessageTranslator = (t) => {
  writeRegistration(t);
  const patient = writtenRef(t, 'Patient');
  if (patient === undefined) return;
  const encounter = writtenRef(t, 'Encounter');
  writePatientObservations(t, patient, encounter);
  const visit = fieldText(t.message.segment('PV1') ?? t.message.msh, 19) ?? '';
  const charges = t.message.segments('FT1');
  if (charges.length === 0) t.issues.push(hl7Issue('error', '101', 'DFT without FT1: nothing to post', 'FT1'));
  for (const ft1 of charges) {
    const mapped = mapFt1(ft1, t.ctx, t.bundle, patient);
    t.issues.push(...mapped.issues);
    const item: ChargeItem = { ...mapped.value };
    if (encounter !== undefined) item.context = encounter;
    const code = item.code.coding?.[0]?.code ?? item.code.text ?? '';
    const key: Identifier = item.identifier?.[0] ?? { system: 'urn:lyfeai:hl7v2:charge', value: `${t.patientKey ?? ''}|${visit}|${fieldText(ft1, 1) ?? ft1.occurrence}|${code}|${item.occurrenceDateTime ?? item.occurrencePeriod?.start ?? ''}` };
    if (item.identifier === undefined) item.identifier = [key];
    t.bundle.upsert(item, key);
  }
};

/** DFT triggers (P11, detail financial transactions with expanded structure, maps the same way). */
export const FINANCIAL_TRANSLATORS = { 'DFT^P03': translateDft, 'DFT^P11': translateDft } as const;
