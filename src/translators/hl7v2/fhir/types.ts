/**
 * The contract of the HL7 v2 → FHIR translation: a pure function from a parsed message and an injected
 * context to one FHIR `transaction` Bundle plus issues. The pipeline (src/pipeline) calls it; the
 * message translators (messages/, segments/, datatypes/) implement it.
 * Mapping source: HL7 V2-to-FHIR IG https://build.fhir.org/ig/HL7/v2-to-fhir/
 */
import type { Bundle, OperationOutcomeIssue } from 'fhir/r4.js';
import type { CodeMapper } from '../../../core/code-mapping.js';
import type { Hl7Message } from '../parser/index.js';

/** What a translation may depend on besides the message (all injected; no I/O, no globals). */
export interface Hl7v2TranslateContext {
  /** The mapping API for every code (v2 tables, local codes). */
  readonly codes: CodeMapper;
  /** `source` for the CodeMapper and `meta.source` value, e.g. `hl7v2:SENDINGAPP^SENDINGFAC`. */
  readonly source: string;
  /** Identifier system for PID-3 / PV1-19 etc. when the assigning authority is `authority`; undefined → `urn:oid:` / `urn:id:` fallback. */
  readonly identifierSystem: (authority: string | undefined, kind: 'patient' | 'visit' | 'placer' | 'filler' | 'other') => string;
  /** New ids for `urn:uuid:` fullUrls. */
  readonly ids: () => string;
  /** The processing time (for Provenance.recorded when the message has none). */
  readonly now: () => Date;
  /** Reference to the raw inbox entry (Provenance.entity.what), e.g. `urn:lyfeai:inbox:123`. */
  readonly rawMessageRef?: string;
  /** Zone (`Z` or `±HH:MM`) assumed for HL7 times sent without one (the sender's configured zone); undefined → only the date is kept, with a warning. */
  readonly defaultZone?: string;
}

/** The translation result. `issues` with severity error/fatal mean the message is not applied (AE). */
export interface Hl7v2TranslateResult {
  /** A FHIR `transaction` Bundle (conditional create / update on business identifiers). */
  readonly bundle: Bundle;
  readonly issues: readonly OperationOutcomeIssue[];
  /**
   * The patient key used for per-patient ordering (e.g. `system|value` of the first PID-3), if any.
   */
  readonly patientKey?: string;
  /** Event time (EVN-2, else MSH-7) as FHIR dateTime, for out-of-order judgement. */
  readonly eventTime?: string;
  /**
   * For update events sent as conditional PATCH (A08 / A31): the same message as creating writes, to
   * apply instead when a PATCH entry finds no resource (404): an update about an unknown patient
   * registers it. Undefined when the bundle has no PATCH that may miss.
   */
  readonly fallbackBundle?: Bundle;
}

/** The translator entry point signature (implemented by `translateHl7v2` in ./translate.ts). */
export type Hl7v2Translator = (message: Hl7Message, ctx: Hl7v2TranslateContext) => Hl7v2TranslateResult;
