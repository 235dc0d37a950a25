/**
 * BAR^P01 (add patient account) → the patient (created if absent), visit, diagnoses (Condition),
 * procedures, coverages and guarantors as the ADT mapping writes them, plus an Account: identifier
 * PID-18 (patient account number), subject the patient, coverage the Coverages of IN1, guarantor the
 * RelatedPersons of GT1, service period PV1-44 / PV1-45; upserted on PID-18 (else a key derived from the
 * patient and the visit number). P02 (purge) marks the account inactive; P12 (update diagnosis) writes
 * the diagnoses and procedures of the same visit.
 * V2-to-FHIR IG: PID[Account] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pid-to-account.html
 */
import type { Account, Identifier } from 'fhir/r4.js';
import type { MessageTranslator } from './types.js';
import { adtTranslator } from './adt-core.js';
import { writePatientObservations, writtenRef, writtenRefs } from './dft-p03.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { fieldElement, fieldText } from '../element.js';
import { dateTimeAt } from '../segments/segment-path.js';

const writeRegistration = adtTranslator({ patient: 'reference', encounter: {} });

/** The BAR translator. */
export const translateBar: MessageTranslator = (t) => {
  writeRegistration(t);
  const patient = writtenRef(t, 'Patient');
  const pid = t.message.segment('PID');
  if (patient === undefined || pid === undefined) return;
  writePatientObservations(t, patient, writtenRef(t, 'Encounter'));
  const number = cxToIdentifier(fieldElement(pid, 18), t.ctx, 'other');
  t.issues.push(...number.issues);
  const pv1 = t.message.segment('PV1');
  const visit = pv1 === undefined ? undefined : fieldText(pv1, 19);
  const key: Identifier | undefined = number.value !== undefined
    ? { ...(number.value.system !== undefined ? { system: number.value.system } : {}), value: number.value.value ?? '' }
    : visit !== undefined ? { system: 'urn:lyfeai:hl7v2:account', value: `${t.patientKey ?? ''}|${visit}` } : undefined;
  if (key === undefined) {
    t.issues.push({ severity: 'information', code: 'informational', diagnostics: 'BAR without PID-18 (account number) or PV1-19: no Account written', expression: ['PID-18'] });
    return;
  }
  const trigger = (t.message.type.trigger ?? '').toUpperCase();
  const account: Account = {
    resourceType: 'Account',
    identifier: [number.value ?? key],
    status: trigger === 'P02' ? 'inactive' : 'active',
    subject: [patient],
  };
  const coverage = writtenRefs(t, 'Coverage');
  if (coverage.length > 0) account.coverage = coverage.map((c, i) => ({ coverage: c, priority: i + 1 }));
  const guarantors = writtenRefs(t, 'RelatedPerson');
  if (guarantors.length > 0) account.guarantor = guarantors.map((party) => ({ party }));
  if (pv1 !== undefined) {
    const start = dateTimeAt(pv1, 44, t.ctx).value;
    const end = dateTimeAt(pv1, 45, t.ctx).value;
    if (start !== undefined || end !== undefined) account.servicePeriod = { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
  }
  t.bundle.upsert(account, key);
};

/** BAR triggers. */
export const ACCOUNT_TRANSLATORS = { 'BAR^P01': translateBar, 'BAR^P02': translateBar, 'BAR^P12': translateBar } as const;
