/**
 * MDM^T01–T11 (medical document management) → one DocumentReference per message, upserted on the unique
 * document number TXA-12, with the document body from the OBX (TX / FT / ST lines → text/plain; ED / RP
 * → their attachment) — the notification-only events (T01, T03, T05, T07, T09) carry none and keep a
 * title-only attachment. ORC / OBR (T02) become the ServiceRequest in `context.related`. T11 (cancel)
 * marks the document entered-in-error; T05 / T06 / T07–T10 (addendum, edit, replace) relate to TXA-13.
 * V2-to-FHIR IG: MDM_T02 message map · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-message-mdm-t02.html
 */
import type { Attachment, DocumentReference } from 'fhir/r4.js';
import { hl7Issue } from '../../parser/index.js';
import type { MessageTranslator } from './types.js';
import { groupMessage } from './order-groups.js';
import { buildServiceRequest, requirePatient, writeServiceRequest, writeSubject } from './order-writers.js';
import { mapTxa } from '../segments/txa.js';
import { mapObx } from '../segments/obx.js';
import { mapNotes } from '../segments/nte.js';

/** The MDM translator. */
export const translateMdm: MessageTranslator = (t) => {
  const groups = groupMessage(t.message);
  const txa = groups.header.find((s) => s.name === 'TXA');
  if (txa === undefined) {
    t.issues.push(hl7Issue('error', '101', 'MDM without TXA: nothing to translate', 'TXA'));
    return;
  }
  const group = groups.patients[0];
  const subject = writeSubject(t, group);
  if (group === undefined || !requirePatient(t, subject, 'a document')) return;
  const trigger = (t.message.type.trigger ?? '').toUpperCase();
  const mapped = mapTxa(txa, t.ctx, t.bundle, trigger === 'T11' ? 'entered-in-error' : 'current');
  t.issues.push(...mapped.issues);
  const related = [];
  for (const order of group.orders.filter((o) => o.orc !== undefined || o.obr !== undefined)) {
    const { request, numbers } = buildServiceRequest(t, order, subject.patient, subject.encounter);
    related.push(writeServiceRequest(t, request, numbers, 'create-if-absent'));
  }
  // Document body: OBX in the orders (the grouping puts OBX after ORC / OBR there) and after TXA.
  const observations = [...group.observations, ...group.orders.flatMap((o) => o.observations)];
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  const notes = [];
  for (const g of observations) {
    const obx = mapObx(g.obx, t.ctx);
    t.issues.push(...obx.issues.filter((i) => !(i.severity === 'warning' && /OBX-(3|11)\b/.test(i.diagnostics ?? ''))));
    attachments.push(...obx.value.attachments);
    const text = obx.value.observation.valueString;
    if (text !== undefined) lines.push(text);
    notes.push(...g.notes);
  }
  const content: DocumentReference['content'] = [];
  if (lines.length > 0) content.push({ attachment: { contentType: 'text/plain', data: Buffer.from(lines.join('\n'), 'utf8').toString('base64'), ...(mapped.value.fileName !== undefined ? { title: mapped.value.fileName } : {}) } });
  for (const a of attachments) content.push({ attachment: a });
  if (content.length === 0) content.push({ attachment: { title: mapped.value.fileName ?? 'document content not included in the message' } });
  const doc: DocumentReference = { ...mapped.value.document, subject: subject.patient, content };
  const described = mapNotes([...notes, ...(groups.headerNotes.get(txa.index) ?? [])]);
  t.issues.push(...described.issues);
  if (described.value.length > 0) doc.description = described.value.map((n) => n.text).join('\n');
  if (subject.encounter !== undefined || related.length > 0) {
    doc.context = { ...doc.context, ...(subject.encounter !== undefined ? { encounter: [subject.encounter] } : {}), ...(related.length > 0 ? { related } : {}) };
  }
  if (mapped.value.key === undefined) {
    t.issues.push(hl7Issue('warning', '101', 'TXA-12 (unique document number) is empty: written without identity', 'TXA-12'));
    t.bundle.create(doc);
  } else {
    t.bundle.upsert(doc, mapped.value.key);
  }
};

/** MDM triggers. */
export const DOCUMENT_TRANSLATORS = Object.fromEntries(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10', 'T11'].map((s) => [`MDM^${s}`, translateMdm])) as Readonly<Record<string, MessageTranslator>>;
