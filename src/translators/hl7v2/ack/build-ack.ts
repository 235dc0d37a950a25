/**
 * `buildAck`: the acknowledgement of a parsed message. MSH keeps the original's delimiters, swaps
 * sender and receiver (MSH-3/4 ← MSH-5/6, MSH-5/6 ← MSH-3/4, whole HD copied verbatim), echoes
 * MSH-11 processing id, MSH-12 version and MSH-18 character set; MSH-9 is `ACK^<trigger>^ACK`;
 * MSA-2 is the original MSH-10; one ERR per problem.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9, §2.14.1 ACK)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { hl7Issue, type Hl7Message, type Hl7Text } from '../parser/index.js';
import { ackCode, readAckMode } from './ack-mode.js';
import { ackDelimiters, writeAck } from './ack-writer.js';
import { rejectionIssue } from './classify.js';
import type { AckOptions, AckOutcome, BuiltAck } from './types.js';

/** MSH-12 / MSH-11 written when the original has none (the ACK needs both). */
export const DEFAULT_VERSION = '2.5.1';
export const DEFAULT_PROCESSING_ID = 'P';

/** The issues that become ERR segments; a negative outcome always carries at least one. */
function outcomeIssues(outcome: AckOutcome): readonly OperationOutcomeIssue[] {
  switch (outcome.kind) {
    case 'accepted': return outcome.issues ?? [];
    case 'error':
      return outcome.issues.length > 0 ? outcome.issues : [hl7Issue('error', '207', 'the message could not be processed', 'MSH')];
    case 'rejected':
      return outcome.issues !== undefined && outcome.issues.length > 0 ? outcome.issues : [rejectionIssue(outcome.reason)];
    default: return outcome satisfies never;
  }
}

/**
 * Builds the ACK of `original` for `outcome` at `options.stage` (default `application`). Whether to
 * send it at all is `ackToSend`'s decision. Pure: the clock and control id are injected.
 */
export function buildAck(original: Hl7Message, outcome: AckOutcome, options: AckOptions): BuiltAck {
  const mode = readAckMode(original);
  const code = ackCode(mode, options.stage ?? 'application', outcome);
  const delimiters = ackDelimiters(original.delimiters);
  // Raw copies are exact only when the ACK escapes with the very same delimiters.
  const verbatim = delimiters === original.delimiters;
  const msh = original.msh;
  const copy = (field: number): Hl7Text => {
    const raw = msh.rawField(field);
    if (raw === undefined || raw === '') return undefined;
    return verbatim ? { raw } : msh.get(String(field));
  };
  const version = copy(12);
  const versionId = original.get('MSH-12.1') ?? undefined;
  return writeAck({
    delimiters,
    sendingApplication: copy(5),
    sendingFacility: copy(6),
    receivingApplication: copy(3),
    receivingFacility: copy(4),
    trigger: original.type.trigger,
    processingId: copy(11) ?? DEFAULT_PROCESSING_ID,
    version: version ?? DEFAULT_VERSION,
    versionId: version === undefined ? DEFAULT_VERSION : versionId,
    characterSet: copy(18),
    originalControlId: copy(10),
    enhanced: mode.kind === 'enhanced',
    encoding: original.source.encoding,
  }, code, outcomeIssues(outcome), options);
}
