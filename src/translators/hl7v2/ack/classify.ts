/**
 * The MSH checks that decide AR / CR before any processing (v2.5.1 §2.9.2 step 1, §2.9.3): message
 * type and event (MSH-9), processing id (MSH-11) and version (MSH-12) must be ones we support.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9.2)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { hl7Issue, type Hl7Message } from '../parser/index.js';
import type { AckOutcome, RejectReason } from './types.js';

/** What the receiver supports; all three are required. */
export interface SupportedMessages {
  /** `ADT` (every event of the type) or `ADT^A01` (that event only). */
  readonly messageTypes: ReadonlySet<string>;
  /** MSH-12.1 values, e.g. `2.3`, `2.5.1`. */
  readonly versions: ReadonlySet<string>;
  /** MSH-11.1 values, e.g. `P`, `T`, `D` (table 0103). */
  readonly processingIds: ReadonlySet<string>;
}

/** A rejected outcome. */
export type RejectedOutcome = Extract<AckOutcome, { kind: 'rejected' }>;

/** The default issue for a rejection without a more specific one (e.g. a transient outage). */
export function rejectionIssue(reason: RejectReason, detail?: string): OperationOutcomeIssue {
  switch (reason) {
    case 'unsupported-message-type': return hl7Issue('error', '200', detail ?? 'unsupported message type', 'MSH-9');
    case 'unsupported-event': return hl7Issue('error', '201', detail ?? 'unsupported event code', 'MSH-9.2');
    case 'unsupported-processing-id': return hl7Issue('error', '202', detail ?? 'unsupported processing id', 'MSH-11');
    case 'unsupported-version': return hl7Issue('error', '203', detail ?? 'unsupported version id', 'MSH-12');
    case 'transient': {
      const i = hl7Issue('error', '207', detail ?? 'the message could not be stored now; resend it later', 'MSH');
      i.code = 'transient';
      delete i.expression; // not about any element of the message
      return i;
    }
    default: return reason satisfies never;
  }
}

const trimmed = (v: string | null | undefined): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * `undefined` when the message may be processed, else the rejection with one issue per failed
 * check (the reason is the first one). A missing MSH-9 / MSH-11 / MSH-12 value is a 101.
 */
export function classifyMessage(message: Hl7Message, supported: SupportedMessages): RejectedOutcome | undefined {
  const found: Array<[RejectReason, OperationOutcomeIssue]> = [];
  const type = trimmed(message.get('MSH-9.1'));
  const trigger = trimmed(message.get('MSH-9.2'));
  if (type === undefined) {
    found.push(['unsupported-message-type', hl7Issue('error', '101', 'MSH-9.1 (message type) is missing', 'MSH-9.1')]);
  } else if (!supported.messageTypes.has(type) && !supported.messageTypes.has(`${type}^${trigger ?? ''}`)) {
    if (![...supported.messageTypes].some((t) => t.startsWith(`${type}^`))) {
      found.push(['unsupported-message-type', rejectionIssue('unsupported-message-type', `message type ${type} is not supported`)]);
    } else if (trigger === undefined) {
      found.push(['unsupported-event', hl7Issue('error', '101', 'MSH-9.2 (trigger event) is missing', 'MSH-9.2')]);
    } else {
      found.push(['unsupported-event', rejectionIssue('unsupported-event', `event ${type}^${trigger} is not supported`)]);
    }
  }
  const processingId = trimmed(message.get('MSH-11.1'));
  if (processingId === undefined) {
    found.push(['unsupported-processing-id', hl7Issue('error', '101', 'MSH-11 (processing id) is missing', 'MSH-11')]);
  } else if (!supported.processingIds.has(processingId)) {
    found.push(['unsupported-processing-id', rejectionIssue('unsupported-processing-id', `processing id ${processingId} is not accepted here`)]);
  }
  const version = trimmed(message.get('MSH-12.1'));
  if (version === undefined) {
    found.push(['unsupported-version', hl7Issue('error', '101', 'MSH-12 (version id) is missing', 'MSH-12')]);
  } else if (!supported.versions.has(version)) {
    found.push(['unsupported-version', rejectionIssue('unsupported-version', `version ${version} is not supported`)]);
  }
  const first = found[0];
  if (first === undefined) return undefined;
  return { kind: 'rejected', reason: first[0], issues: found.map(([, i]) => i) };
}
