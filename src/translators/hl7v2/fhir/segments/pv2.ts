/**
 * PV2 → Encounter additions: admit reason PV2-3 → reasonCode, actual length of stay PV2-11 → length
 * (days), visit priority PV2-25 (table 0217) → priority; expected admit / discharge PV2-8 / PV2-9 → period
 * when PV1-44 / PV1-45 are empty (planned encounters).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-pv2-to-encounter.html
 */
import type { Encounter } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept, tableValueToCodeableConcept } from '../datatypes/cwe.js';
import { nmToNumber } from '../datatypes/quantity.js';
import { dtmToDateTime } from '../datatypes/dtm.js';

/** `encounter` with the PV2 elements added. */
export function applyPv2(seg: Hl7Segment, ctx: Hl7v2TranslateContext, encounter: Encounter): Mapped<Encounter> {
  const sink = new IssueSink();
  const reason = sink.take(cweToCodeableConcept(fieldElement(seg, 3), ctx));
  const days = sink.take(nmToNumber(fieldText(seg, 11), `${seg.name}-11`));
  const priority = sink.take(tableValueToCodeableConcept(fieldText(seg, 25), '0217', ctx, `${seg.name}-25`, 'http://terminology.hl7.org/CodeSystem/v3-ActPriority'));
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const start = encounter.period?.start ?? sink.take(dtmToDateTime(fieldText(seg, 8), `${seg.name}-8`, zone));
  const end = encounter.period?.end ?? sink.take(dtmToDateTime(fieldText(seg, 9), `${seg.name}-9`, zone));
  return sink.result({
    ...encounter,
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
    ...(reason !== undefined ? { reasonCode: [...(encounter.reasonCode ?? []), reason] } : {}),
    ...(days !== undefined ? { length: { value: days, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } } : {}),
    ...(priority !== undefined ? { priority } : {}),
  });
}
