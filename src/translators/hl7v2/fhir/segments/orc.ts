/**
 * ORC + OBR order numbers → business identifiers (placer `PLAC`, filler `FILL`, placer group `PGN`),
 * the keys of the conditional create / update that make replays converge; and ORC → ServiceRequest
 * fields: status (ORC-5 table 0038, else ORC-1 table 0119 → request-status), authoredOn (ORC-9),
 * requester (ORC-12), requisition (ORC-4).
 * V2-to-FHIR IG: ORC[ServiceRequest], ORC[DiagnosticReport], EI[Identifier-Extension]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-orc-to-servicerequest.html
 */
import type { Identifier, OperationOutcomeIssue, Reference, ServiceRequest } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { eiToIdentifier } from '../datatypes/ei.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { fieldElement, fieldText, type V2Element } from '../element.js';
import { IssueSink } from '../result.js';
import { mapTableCode } from './table-code.js';
import { dateTimeAt, segmentPath } from './segment-path.js';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const REQUEST_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;
type RequestStatus = (typeof REQUEST_STATUS)[number];

/** The order numbers of one ORC / OBR pair (ORC wins, OBR fills in, as the IG's conditions say). */
export interface OrderNumbers {
  readonly placer?: Identifier;
  readonly filler?: Identifier;
  readonly placerGroup?: Identifier;
}

/** An EI → Identifier typed `code` (v2-0203), or undefined when empty. */
function typed(el: V2Element | undefined, ctx: Hl7v2TranslateContext, kind: 'placer' | 'filler' | 'other', code: string): Identifier | undefined {
  if (el === undefined) return undefined;
  const id = eiToIdentifier(el, ctx, kind).value;
  return id === undefined ? undefined : { type: { coding: [{ system: V2_0203, code }] }, ...id };
}

/** Placer / filler / group numbers from ORC-2 / ORC-3 / ORC-4, else OBR-2 / OBR-3 (also RXO, RXE, RXA orders). */
export function orderNumbers(orc: Hl7Segment | undefined, obr: Hl7Segment | undefined, ctx: Hl7v2TranslateContext): OrderNumbers {
  const pick = (f: number): V2Element | undefined => {
    if (orc !== undefined && fieldText(orc, f) !== undefined) return fieldElement(orc, f);
    if (obr !== undefined && fieldText(obr, f) !== undefined) return fieldElement(obr, f);
    return undefined;
  };
  const placer = typed(pick(2), ctx, 'placer', 'PLAC');
  const filler = typed(pick(3), ctx, 'filler', 'FILL');
  const placerGroup = orc === undefined ? undefined : typed(fieldElement(orc, 4), ctx, 'placer', 'PGN');
  return { ...(placer !== undefined ? { placer } : {}), ...(filler !== undefined ? { filler } : {}), ...(placerGroup !== undefined ? { placerGroup } : {}) };
}

/** The identifiers of an order as a list (placer, filler). */
export function orderIdentifiers(n: OrderNumbers): Identifier[] {
  return [n.placer, n.filler].filter((i): i is Identifier => i !== undefined);
}

/** An identifier without its `type` (the form used as a conditional key and in references). */
export function keyOf(id: Identifier | undefined): Identifier | undefined {
  if (id?.value === undefined) return undefined;
  return { ...(id.system !== undefined ? { system: id.system } : {}), value: id.value };
}

/** ORC-5 (order status) else ORC-1 (order control) → ServiceRequest.status via the CodeMapper. */
export function requestStatus(orc: Hl7Segment | undefined, ctx: Hl7v2TranslateContext, fallback: RequestStatus = 'active'): { value: RequestStatus; issues: OperationOutcomeIssue[] } {
  if (orc === undefined) return { value: fallback, issues: [] };
  const status = fieldText(orc, 5);
  if (status !== undefined) {
    const r = mapTableCode<RequestStatus>(ctx, '0038', status, 'http://hl7.org/fhir/request-status', segmentPath(orc, 5), { allowed: REQUEST_STATUS, fallback });
    return { value: r.code ?? fallback, issues: r.issues };
  }
  const control = fieldText(orc, 1);
  const r = mapTableCode<RequestStatus>(ctx, '0119', control, 'http://hl7.org/fhir/request-status', segmentPath(orc, 1), { allowed: REQUEST_STATUS, fallback });
  return { value: r.code ?? fallback, issues: r.issues };
}

/** The ServiceRequest fields ORC carries (status, requisition, authoredOn, requester); subject is set by the caller. */
export function mapOrcToServiceRequest(orc: Hl7Segment | undefined, numbers: OrderNumbers, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): { value: Partial<ServiceRequest>; issues: OperationOutcomeIssue[] } {
  const sink = new IssueSink();
  const out: Partial<ServiceRequest> = { status: sink.take(requestStatus(orc, ctx)) ?? 'active', intent: 'order' };
  const identifier = orderIdentifiers(numbers);
  if (identifier.length > 0) out.identifier = identifier;
  if (numbers.placerGroup !== undefined) out.requisition = numbers.placerGroup;
  if (orc !== undefined) {
    const authored = sink.take(dateTimeAt(orc, 9, ctx));
    if (authored !== undefined) out.authoredOn = authored;
    const requester: Reference | undefined = xcnToReference(fieldElement(orc, 12), ctx, bundle);
    if (requester !== undefined) out.requester = requester;
  }
  return { value: out, issues: sink.issues };
}
