/**
 * What a message translator receives and fills: the parsed message, the context, the bundle being
 * built and the issue list. One translator per message type / trigger, registered in ./index.ts.
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7Message } from '../../parser/index.js';
import type { BundleBuilder } from '../bundle.js';
import type { Hl7v2TranslateContext } from '../types.js';

/** The state of one translation. */
export interface MessageTranslation {
  readonly message: Hl7Message;
  readonly ctx: Hl7v2TranslateContext;
  readonly bundle: BundleBuilder;
  readonly issues: OperationOutcomeIssue[];
  /** `system|value` of the first PID-3 (set by the PID mapping), for per-patient ordering. */
  patientKey?: string;
  /** A second bundle to apply when a conditional PATCH finds nothing (see Hl7v2TranslateResult). */
  fallback?: BundleBuilder;
}

/** Translates one message type into `t.bundle` (issues into `t.issues`). */
export type MessageTranslator = (t: MessageTranslation) => void;
