/**
 * SPM → Specimen: identifiers SPM-2 (EIP placer / filler), type SPM-4, additive SPM-6, collection method
 * SPM-7, body site SPM-8, collected SPM-17 (DR → dateTime or Period), received SPM-18, condition SPM-24,
 * container type SPM-27, accession SPM-30, note SPM-14. Subject is linked by the message translator.
 * V2-to-FHIR IG: SPM[Specimen] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-spm-to-specimen.html
 */
import type { CodeableConcept, Identifier, OperationOutcomeIssue, Specimen } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { cqToQuantity } from '../datatypes/quantity.js';
import { fieldElement, fieldElements } from '../element.js';
import { IssueSink } from '../result.js';
import { dateTimeAt } from './segment-path.js';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** SPM-2 placer (PGN) and filler (FGN) specimen ids. */
export function specimenIdentifiers(spm: Hl7Segment, ctx: Hl7v2TranslateContext): Identifier[] {
  const el = fieldElement(spm, 2);
  const out: Identifier[] = [];
  for (const [n, code, kind] of [[1, 'PGN', 'placer'], [2, 'FGN', 'filler']] as const) {
    const id = eiToIdentifier(el.child(n), ctx, kind).value;
    if (id !== undefined) out.push({ type: { coding: [{ system: V2_0203, code }] }, ...id });
  }
  return out;
}

/** Maps one SPM segment. */
export function mapSpm(spm: Hl7Segment, ctx: Hl7v2TranslateContext): { value: Specimen; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const specimen: Specimen = { resourceType: 'Specimen' };
  const identifier = specimenIdentifiers(spm, ctx);
  if (identifier.length > 0) specimen.identifier = identifier;
  const accession = sink.take(cxToIdentifier(fieldElement(spm, 30), ctx, 'other'));
  if (accession !== undefined) specimen.accessionIdentifier = accession;
  const concept = (f: number): CodeableConcept | undefined => sink.take(cweToCodeableConcept(fieldElement(spm, f), ctx));
  const type = concept(4);
  if (type !== undefined) specimen.type = type;
  const collection: NonNullable<Specimen['collection']> = {};
  const method = concept(7);
  if (method !== undefined) collection.method = method;
  const site = concept(8);
  if (site !== undefined) collection.bodySite = site;
  const quantity = sink.take(cqToQuantity(fieldElement(spm, 12)));
  if (quantity !== undefined) collection.quantity = quantity;
  const start = sink.take(dateTimeAt(spm, 17, ctx, 1));
  const end = sink.take(dateTimeAt(spm, 17, ctx, 2));
  if (start !== undefined && end !== undefined) collection.collectedPeriod = { start, end };
  else if (start !== undefined) collection.collectedDateTime = start;
  if (Object.keys(collection).length > 0) specimen.collection = collection;
  const received = sink.take(dateTimeAt(spm, 18, ctx));
  if (received !== undefined) specimen.receivedTime = received;
  const conditions: CodeableConcept[] = [];
  for (const el of fieldElements(spm, 24)) {
    const cc = sink.take(cweToCodeableConcept(el, ctx));
    if (cc !== undefined) conditions.push(cc);
  }
  if (conditions.length > 0) specimen.condition = conditions;
  const additive = concept(6);
  const containerType = concept(27);
  if (additive !== undefined || containerType !== undefined) {
    specimen.container = [{ ...(containerType !== undefined ? { type: containerType } : {}), ...(additive !== undefined ? { additiveCodeableConcept: additive } : {}) }];
  }
  const note = spm.get('14');
  if (typeof note === 'string') specimen.note = [{ text: note }];
  return { value: specimen, issues: sink.issues };
}
