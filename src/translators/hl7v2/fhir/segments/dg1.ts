/**
 * DG1 → Condition (encounter-diagnosis) and an Encounter.diagnosis entry: code DG1-3, onset DG1-5,
 * diagnosis type DG1-6 (table 0052 → diagnosis-role), rank DG1-15, clinician DG1-16, recorded DG1-19,
 * identifier DG1-20 (else derived from the visit / patient and the code), action DG1-21 (`D` →
 * entered-in-error). https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-dg1-to-condition.html
 */
import type { CodeableConcept, Condition, Identifier, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept, tableValueToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { dtmToDateTime } from '../datatypes/dtm.js';
import { practitionerRef } from './refs.js';
import { derivedIdentifier } from './derived-id.js';

/** The Condition, its matching key and the Encounter.diagnosis use / rank. */
export interface Dg1Result {
  readonly condition: Condition;
  readonly key: Identifier;
  readonly use: CodeableConcept | undefined;
  readonly rank: number | undefined;
}

/** DG1 segment → Condition (undefined when DG1-3 and DG1-4 are empty). */
export function mapDg1(seg: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, subject: Reference, owner: string, encounter?: Reference): Mapped<Dg1Result> {
  const sink = new IssueSink();
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const coded = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx));
  const description = fieldText(seg, 4);
  const code = coded ?? (description !== undefined ? { text: description } : undefined);
  if (code === undefined) return sink.result<Dg1Result>(undefined);
  const key = sink.take(eiToIdentifier(fieldElement(seg, 20), ctx, 'other')) ?? derivedIdentifier('diagnosis', owner, code);
  if (key === undefined) return sink.result<Dg1Result>(undefined);
  const onset = sink.take(dtmToDateTime(fieldText(seg, 5), `${seg.name}-5`, zone));
  const recorded = sink.take(dtmToDateTime(fieldText(seg, 19), `${seg.name}-19`, zone));
  const asserter = practitionerRef(fieldElement(seg, 16), ctx, bundle);
  const use = sink.take(tableValueToCodeableConcept(fieldText(seg, 6), '0052', ctx, `${seg.name}-6`, 'http://terminology.hl7.org/CodeSystem/diagnosis-role'));
  const rankText = fieldText(seg, 15);
  const rank = rankText !== undefined && /^[1-9]\d*$/.test(rankText) ? Number(rankText) : undefined;
  const deleted = fieldText(seg, 21)?.toUpperCase() === 'D';
  const condition: Condition = {
    resourceType: 'Condition',
    identifier: [key],
    ...(deleted ? { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }] } } : {}),
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code,
    subject,
    ...(encounter !== undefined ? { encounter } : {}),
    ...(onset !== undefined ? { onsetDateTime: onset } : {}),
    ...(recorded !== undefined ? { recordedDate: recorded } : {}),
    ...(asserter !== undefined ? { asserter } : {}),
  };
  return sink.result({ condition, key, use, rank });
}
