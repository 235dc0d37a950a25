/**
 * ACK construction for the pipeline: unique MSH-10 values, the stored form of an ACK, and the answers
 * the pipeline gives besides processing results (NAK of unusable input, transient refusal, conflict).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9, §2.14.1)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { StoredAck } from '../../ports/inbox.js';
import { buildAck, buildNak, rejectionIssue, type AckOutcome, type AckStage, type BuiltAck } from '../../translators/hl7v2/ack/index.js';
import { hl7Issue, type Hl7Message } from '../../translators/hl7v2/parser/index.js';

/** What ACKs need injected. */
export interface AckContext {
  readonly clock: () => Date;
  readonly controlId: () => string;
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
}

/**
 * A source of unique ACK control ids (MSH-10, at most 20 characters): the start time in base 36 and a
 * counter, so ids stay unique across restarts of one process and never repeat within one.
 */
export function ackControlIds(now: () => Date): () => string {
  const prefix = `G${now().getTime().toString(36).toUpperCase()}`;
  let n = 0;
  return () => `${prefix}${(++n).toString(36).toUpperCase()}`;
}

/** The stored form of a built ACK. */
export function storedAck(ack: BuiltAck): StoredAck {
  return { code: ack.code, text: ack.text, encoding: ack.encoding };
}

/** The ACK of `message` for `outcome` at `stage`. */
export function ackFor(message: Hl7Message, outcome: AckOutcome, stage: AckStage, ctx: AckContext): StoredAck {
  return storedAck(buildAck(message, outcome, { clock: ctx.clock, controlId: ctx.controlId, stage }));
}

/** The AR of input holding no usable message. */
export function nakFor(raw: Uint8Array, issues: readonly OperationOutcomeIssue[], ctx: AckContext): StoredAck {
  return storedAck(buildNak(raw, issues, {
    clock: ctx.clock, controlId: ctx.controlId,
    ...(ctx.sendingApplication === undefined ? {} : { sendingApplication: ctx.sendingApplication }),
    ...(ctx.sendingFacility === undefined ? {} : { sendingFacility: ctx.sendingFacility }),
  }));
}

/** The outcome of a transient failure (resend later). */
export function transientOutcome(detail: string): AckOutcome {
  return { kind: 'rejected', reason: 'transient', issues: [rejectionIssue('transient', detail)] };
}

/** The outcome of a control id already used by another payload (table 0357 code 205). */
export function conflictOutcome(controlId: string | undefined, originalId: string): AckOutcome {
  const text = `message control id ${controlId ?? '(empty)'} from this sender was already used by another message (inbox entry ${originalId}); not processed`;
  return { kind: 'error', issues: [hl7Issue('error', '205', text, 'MSH-10')] };
}
