/**
 * IAM (patient adverse reaction information, A60) → AllergyIntolerance: the AL1 core fields plus the
 * unique identifier IAM-7 (matching key; else derived), action code IAM-6 (`D` delete →
 * verificationStatus entered-in-error), onset IAM-11, reported IAM-13, clinician identified code IAM-27 as
 * a second coding.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-iam-to-allergyintolerance.html
 */
import type { Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { allergyCore, type AllergyResult } from './al1.js';
import { derivedIdentifier } from './derived-id.js';

const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

/** IAM segment → AllergyIntolerance (undefined when IAM-3 is empty). */
export function mapIam(seg: Hl7Segment, ctx: Hl7v2TranslateContext, patient: Reference, patientKey: string): Mapped<AllergyResult> {
  const sink = new IssueSink();
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const core = allergyCore(seg, ctx, patient, sink);
  if (core === undefined) return sink.result<AllergyResult>(undefined);
  // IAM-27 (clinician identified code) is the same allergen in another code system.
  const clinician = sink.take(cweToCodeableConcept(fieldElement(seg, 27), ctx));
  const allergy = clinician?.coding === undefined ? core : { ...core, code: { ...core.code, coding: [...(core.code?.coding ?? []), ...clinician.coding] } };
  const key = sink.take(eiToIdentifier(fieldElement(seg, 7), ctx, 'other')) ?? derivedIdentifier('allergy', patientKey, allergy.code);
  if (key === undefined) return sink.result<AllergyResult>(undefined);
  const onset = sink.take(dtmToDateTime(fieldText(seg, 11), `${seg.name}-11`, zone));
  const recorded = sink.take(dtmToDateTime(fieldText(seg, 13), `${seg.name}-13`, zone));
  const deleted = fieldText(seg, 6)?.toUpperCase() === 'D';
  // ait-2: an entered-in-error allergy carries no clinicalStatus.
  const { clinicalStatus, ...rest } = allergy;
  return sink.result({
    key,
    allergy: {
      ...rest,
      identifier: [key],
      ...(deleted ? { verificationStatus: { coding: [{ system: VERIFICATION, code: 'entered-in-error' }] } } : { clinicalStatus }),
      ...(onset !== undefined ? { onsetDateTime: onset } : {}),
      ...(recorded !== undefined ? { recordedDate: recorded } : {}),
    },
  });
}
