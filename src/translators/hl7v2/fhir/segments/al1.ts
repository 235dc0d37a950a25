/**
 * AL1 → AllergyIntolerance: allergen AL1-3 → code, type AL1-2 (table 0127) → category / type, severity
 * AL1-4 (table 0128) → criticality and reaction severity, reactions AL1-5 → reaction.manifestation,
 * identification date AL1-6 → onsetDateTime. Matched on a derived identifier (patient + allergen).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-al1-to-allergyintolerance.html
 */
import type { AllergyIntolerance, AllergyIntoleranceReaction, CodeableConcept, Identifier, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldElements, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { mapTableCode } from './table-code.js';
import { derivedIdentifier } from './derived-id.js';

type Category = NonNullable<AllergyIntolerance['category']>[number];
type Criticality = NonNullable<AllergyIntolerance['criticality']>;
type AllergyType = NonNullable<AllergyIntolerance['type']>;
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';

/** An allergy and the identifier it is matched on. */
export interface AllergyResult {
  readonly allergy: AllergyIntolerance;
  readonly key: Identifier;
}

/** Fields of AL1 / IAM that share positions (2 type, 3 allergen, 4 severity, 5 reaction). */
export function allergyCore(seg: Hl7Segment, ctx: Hl7v2TranslateContext, patient: Reference, sink: IssueSink): AllergyIntolerance | undefined {
  const code = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx));
  if (code === undefined) return undefined;
  const typeCode = fieldElement(seg, 2).get(1);
  const where = `${seg.name}-2`;
  const category = mapTableCode<Category>(ctx, '0127', typeCode, 'http://hl7.org/fhir/allergy-intolerance-category', where, { allowed: ['food', 'medication', 'environment', 'biologic'] });
  const type = mapTableCode<AllergyType>(ctx, '0127', typeCode, 'http://hl7.org/fhir/allergy-intolerance-type', where, { allowed: ['allergy', 'intolerance'] });
  if (category.code === undefined && type.code === undefined) sink.add(...category.issues);
  const severityCode = fieldElement(seg, 4).get(1);
  const criticality = mapTableCode<Criticality>(ctx, '0128', severityCode, 'http://hl7.org/fhir/allergy-intolerance-criticality', `${seg.name}-4`, { allowed: ['low', 'high', 'unable-to-assess'] });
  const severity = mapTableCode<'mild' | 'moderate' | 'severe'>(ctx, '0128', severityCode, 'http://hl7.org/fhir/reaction-event-severity', `${seg.name}-4`, { allowed: ['mild', 'moderate', 'severe'] });
  if (criticality.code === undefined && severity.code === undefined) sink.add(...criticality.issues);
  const manifestation = fieldElements(seg, 5)
    .map((el) => el.get(1) !== undefined && el.get(2) === undefined && el.get(3) === undefined ? { text: el.get(1) } as CodeableConcept : sink.take(cweToCodeableConcept(el, ctx)))
    .filter((c): c is CodeableConcept => c !== undefined);
  const reaction: AllergyIntoleranceReaction | undefined = manifestation.length > 0 ? { manifestation, ...(severity.code !== undefined ? { severity: severity.code } : {}) } : undefined;
  return {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
    ...(type.code !== undefined ? { type: type.code } : {}),
    ...(category.code !== undefined ? { category: [category.code] } : {}),
    ...(criticality.code !== undefined ? { criticality: criticality.code } : {}),
    code,
    patient,
    ...(reaction !== undefined ? { reaction: [reaction] } : {}),
  };
}

/** AL1 segment → AllergyIntolerance (undefined when AL1-3 is empty). */
export function mapAl1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, patient: Reference, patientKey: string): Mapped<AllergyResult> {
  const sink = new IssueSink();
  const allergy = allergyCore(seg, ctx, patient, sink);
  const key = derivedIdentifier('allergy', patientKey, allergy?.code);
  if (allergy === undefined || key === undefined) return sink.result<AllergyResult>(undefined);
  const onset = sink.take(dtmToDateTime(fieldText(seg, 6), `${seg.name}-6`, ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {}));
  return sink.result({ allergy: { ...allergy, identifier: [key], ...(onset !== undefined ? { onsetDateTime: onset } : {}) }, key });
}
