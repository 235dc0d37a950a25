/**
 * HL7 v2 acknowledgements (pure: no I/O; the clock and the control-id source are injected).
 *
 * Flow used by the inbox / pipeline, per message:
 * 1. Input without a usable MSH → `buildNak(raw, parseHl7(raw).issues, …)` (AR, MSA-2 best effort).
 * 2. `classifyMessage(message, supported)` → a `rejected` outcome (AR / CR with 200–203 or 101) when
 *    MSH-9 / MSH-11 / MSH-12 are not ones we support.
 * 3. Once the raw message is durable (or could not be stored: `rejected` / `transient`):
 *    `ackToSend(readAckMode(message), 'accept', outcome)` — CA / CE / CR in enhanced mode as MSH-15
 *    asks; in original mode only a refusal is answered at this point.
 * 4. After the FHIR writes commit or fail: `ackToSend(mode, 'application', outcome)` — AA / AE / AR
 *    (original mode always; enhanced mode as MSH-16 asks).
 * 5. `buildAck(message, outcome, { clock, controlId, stage })` writes the ACK; its `code` matches
 *    `ackToSend`'s answer.
 *
 * Version-dependent layout: MSH-9.3 (`ACK`) from v2.3.1; before v2.5 one ERR whose ERR-1 (ELD)
 * repeats per problem plus MSA-6, from v2.5 one ERR per problem with ERR-2..4, 7, 8; MSA-3 (text)
 * up to v2.6 (withdrawn in v2.7); severity F only from v2.7.
 *
 * Specs: HL7 v2.5.1 ch. 2 (control: §2.9 acknowledgment modes, §2.14.1 ACK, §2.15 MSH / MSA / ERR)
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 ·
 * tables https://terminology.hl7.org/CodeSystem-v2-0008.html (MSA-1),
 * https://terminology.hl7.org/CodeSystem-v2-0155.html (MSH-15/16),
 * https://terminology.hl7.org/CodeSystem-v2-0357.html (ERR-3),
 * https://terminology.hl7.org/CodeSystem-v2-0516.html (ERR-4).
 */
export { ackCode, ackToSend, readAckMode } from './ack-mode.js';
export { ackDelimiters, formatTimestamp } from './ack-writer.js';
export { buildAck, DEFAULT_PROCESSING_ID, DEFAULT_VERSION } from './build-ack.js';
export { classifyMessage, rejectionIssue, type RejectedOutcome, type SupportedMessages } from './classify.js';
export { errorCodeOf, severityOf, V2_0357_TEXT, type Hl7Severity } from './error-code.js';
export { issueLocation, parseErrorLocation, positionLocation, type ErrorLocation } from './error-location.js';
export { errSegments, HL70357, userMessage } from './err-segment.js';
export { buildNak, salvageHeader, type NakOptions } from './nak.js';
export { versionAtLeast } from './version.js';
export type { AckCode, AckCondition, AckMode, AckOptions, AckOutcome, AckStage, BuiltAck, RejectReason } from './types.js';
