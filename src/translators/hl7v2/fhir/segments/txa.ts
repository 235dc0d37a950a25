/**
 * TXA (transcription document header) → DocumentReference: masterIdentifier TXA-12 (unique document
 * number), type TXA-2 (table 0270), date TXA-6 (origination, when a full instant) else TXA-4, authors
 * TXA-5 / TXA-9, authenticator TXA-10 / TXA-22, docStatus TXA-17 (table 0271), parent document TXA-13
 * → relatesTo, file name TXA-16 → attachment title. Content comes from the OBX of the message.
 * V2-to-FHIR IG: TXA[DocumentReference] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-txa-to-documentreference.html
 */
import type { DocumentReference, Identifier, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink } from '../result.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, isInstant, segmentPath } from './segment-path.js';

const DOC_STATUS = ['preliminary', 'final', 'amended', 'entered-in-error'] as const;
type DocStatus = (typeof DOC_STATUS)[number];

/** What TXA gives a DocumentReference (content, subject and context are added by the message translator). */
export interface MappedTxa {
  readonly document: Omit<DocumentReference, 'content'>;
  /** TXA-12 as an Identifier (the document's identity), if present. */
  readonly key: Identifier | undefined;
  /** TXA-16, the document's file name (attachment title). */
  readonly fileName: string | undefined;
}

/** Maps one TXA segment. */
export function mapTxa(txa: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, status: DocumentReference['status']): { value: MappedTxa; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const doc: Omit<DocumentReference, 'content'> = { resourceType: 'DocumentReference', status };
  const key = eiToIdentifier(fieldElement(txa, 12), ctx, 'filler').value;
  if (key !== undefined) doc.masterIdentifier = key;
  const type = sink.take(cweToCodeableConcept(fieldElement(txa, 2), ctx, { table: '0270' }));
  if (type !== undefined) doc.type = type;
  const origination = sink.take(dateTimeAt(txa, 6, ctx));
  const activity = sink.take(dateTimeAt(txa, 4, ctx));
  const date = [origination, activity].find((d): d is string => d !== undefined && isInstant(d));
  if (date !== undefined) doc.date = date;
  if (activity !== undefined) doc.context = { period: { start: activity } };
  const authors = [5, 9].map((f) => xcnToReference(fieldElement(txa, f), ctx, bundle)).filter((r): r is Reference => r !== undefined);
  if (authors.length > 0) doc.author = authors;
  const authenticator = xcnToReference(fieldElement(txa, 10), ctx, bundle) ?? xcnToReference(fieldElement(txa, 22), ctx, bundle);
  if (authenticator !== undefined) doc.authenticator = authenticator;
  const completion = fieldText(txa, 17);
  if (completion !== undefined) {
    const r = mapTableCode<DocStatus>(ctx, '0271', completion, 'http://hl7.org/fhir/composition-status', segmentPath(txa, 17), { allowed: DOC_STATUS });
    sink.add(...r.issues);
    if (r.code !== undefined) doc.docStatus = r.code;
  }
  const parent = eiToIdentifier(fieldElement(txa, 13), ctx, 'filler').value;
  if (parent !== undefined) doc.relatesTo = [{ code: 'appends', target: { identifier: parent } }];
  return { value: { document: doc, key, fileName: fieldText(txa, 16) }, issues: sink.issues };
}
