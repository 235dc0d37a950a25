/**
 * The Provenance written with every message: target = every resource the bundle writes, entity = the raw
 * inbox entry (`ctx.rawMessageRef`, else MSH-10), recorded = MSH-7 (when it is a full instant, else the
 * processing time), occurred = the event time, agent = the sending application on behalf of the
 * sending facility (MSH-3 / MSH-4) plus the operator EVN-5 as enterer, activity = the trigger event
 * (table 0003), reason = EVN-4; occurred = EVN-6 when given.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-msh-to-provenance-source.html ·
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-evn-to-provenance.html
 */
import type { Provenance } from 'fhir/r4.js';
import type { Hl7Message } from '../parser/index.js';
import type { BundleBuilder } from './bundle.js';
import type { Hl7v2TranslateContext } from './types.js';
import { fieldElement } from './element.js';
import { tableValueToCodeableConcept } from './datatypes/cwe.js';
import { hdText } from './datatypes/hd.js';
import { dtmToDateTime } from './datatypes/dtm.js';
import { IssueSink, type Mapped } from './result.js';
import { mapEvn } from './segments/evn.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Builds the Provenance for everything added to `bundle` so far (undefined when nothing is written). */
export function buildProvenance(message: Hl7Message, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, eventTime: string | undefined): Mapped<Provenance> {
  const target = bundle.targets();
  if (target.length === 0) return { value: undefined, issues: [] };
  const msh = message.msh;
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const sent = dtmToDateTime(message.get('MSH-7.1') ?? undefined, 'MSH-7', zone).value;
  const recorded = sent !== undefined && INSTANT.test(sent) ? sent : ctx.now().toISOString();
  const sink = new IssueSink();
  const activity = sink.take(tableValueToCodeableConcept(message.type.trigger, '0003', ctx, 'MSH-9.2', 'http://terminology.hl7.org/CodeSystem/v2-0003'));
  const evnSegment = message.segment('EVN');
  const evn = evnSegment === undefined ? undefined : sink.take(mapEvn(evnSegment, ctx));
  const occurred = evn?.occurred ?? eventTime;
  const app = hdText(fieldElement(msh, 3));
  const facility = hdText(fieldElement(msh, 4));
  const controlId = message.controlId;
  const entityId = ctx.rawMessageRef !== undefined
    ? { system: 'urn:ietf:rfc:3986', value: ctx.rawMessageRef }
    : { system: ctx.identifierSystem(app, 'other'), value: controlId ?? 'unknown' };
  const provenance: Provenance = {
    resourceType: 'Provenance',
    target,
    ...(occurred !== undefined ? { occurredDateTime: occurred } : {}),
    recorded,
    ...(evn?.reason !== undefined ? { reason: [evn.reason] } : {}),
    ...(activity !== undefined ? { activity } : {}),
    agent: [{
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }] },
      who: { display: app ?? 'unknown sending application' },
      ...(facility !== undefined ? { onBehalfOf: { display: facility } } : {}),
    }, ...(evn?.enterer !== undefined ? [evn.enterer] : [])],
    entity: [{ role: 'source', what: { identifier: entityId, display: `HL7 v2 ${message.type.code ?? '?'}^${message.type.trigger ?? '?'} ${controlId ?? ''}`.trim() } }],
  };
  return sink.result(provenance);
}
