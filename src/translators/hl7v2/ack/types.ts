/**
 * Shapes of the acknowledgement builder: codes (table 0008), conditions (table 0155), outcomes and
 * the injected clock / control-id source.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9, §2.15.8)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** MSA-1, HL7 table 0008: original / enhanced application codes and enhanced accept (commit) codes. */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** MSH-15 / MSH-16, HL7 table 0155: Always, Never, Error/reject only, Successful completion only. */
export type AckCondition = 'AL' | 'NE' | 'ER' | 'SU';

/** Which protocol the sender asked for (v2.5.1 §2.9.2 original, §2.9.3 enhanced). */
export type AckMode =
  | { readonly kind: 'original' }
  | { readonly kind: 'enhanced'; readonly accept: AckCondition; readonly application: AckCondition };

/**
 * When an ACK is being decided: `accept` once the raw message is durable in the inbox (or could not
 * be stored / was refused), `application` once processing finished (FHIR writes committed or failed).
 */
export type AckStage = 'accept' | 'application';

/** Why a message is refused without processing (AR / CR). `transient`: an outage, resend later. */
export type RejectReason =
  | 'unsupported-message-type'
  | 'unsupported-event'
  | 'unsupported-processing-id'
  | 'unsupported-version'
  | 'transient';

/**
 * What happened to the message. Issues become ERR segments (warnings / information may ride on an
 * accepted message). Issues are OperationOutcome issues as the parser / translators produce them:
 * table 0357 code in `details.coding`, HL7 location (`PID-3[1].1`) in `expression[0]`.
 */
export type AckOutcome =
  | { readonly kind: 'accepted'; readonly issues?: readonly OperationOutcomeIssue[] }
  | { readonly kind: 'error'; readonly issues: readonly OperationOutcomeIssue[] }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly issues?: readonly OperationOutcomeIssue[] };

/** Injected dependencies and choices of `buildAck`. */
export interface AckOptions {
  /** The clock for MSH-7. */
  readonly clock: () => Date;
  /** A unique message control id for MSH-10 (at most 20 chars for v2.3–2.5 receivers). */
  readonly controlId: () => string;
  /** Defaults to `application`. */
  readonly stage?: AckStage;
  /** Zone of MSH-7 in minutes east of UTC (e.g. -300 for `-0500`); default 0 (`+0000`). */
  readonly utcOffsetMinutes?: number;
}

/** A built acknowledgement. */
export interface BuiltAck {
  /** The ER7 text, segments terminated by CR (frame it / encode it with `encoding`). */
  readonly text: string;
  readonly code: AckCode;
  /** MSH-10 of the ACK. */
  readonly controlId: string;
  /** Node / iconv-lite encoding matching MSH-18 (copied from the original); `utf8` by default. */
  readonly encoding: string;
}
