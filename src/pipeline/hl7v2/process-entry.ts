/**
 * One processing attempt of an inbox entry: parse → classify → translate → commit one FHIR transaction
 * (with its Provenance). Pure decisions about the result; the caller records it in the inbox and sends
 * the ACK. Content problems are answered AE and leave the entry `failed` (the dead letter, replayable
 * after a mapping fix); a store outage is `transient` (AR, retried); input that can never be
 * processed as sent is `dead`. DESIGN.md "Ingestion".
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9.2)
 */
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { isOperationOutcomeError, outcome as toOutcome } from '../../core/outcomes.js';
import type { InboxEntry, InboxState, StoredAck } from '../../ports/inbox.js';
import { classifyMessage, type AckOutcome } from '../../translators/hl7v2/ack/index.js';
import { hl7Issue, parseHl7, type Hl7Message } from '../../translators/hl7v2/parser/index.js';
import { inboxEntryUri, withProvenance } from '../provenance.js';
import { ackFor, conflictOutcome, nakFor, transientOutcome, type AckContext } from './acks.js';
import { messageTypeOf } from './message-keys.js';
import { staleUpdateIssue } from './out-of-order.js';
import { followMerge } from './merge-follow-up.js';
import { trackFieldReads } from '../../translators/hl7v2/coverage/index.js';
import { DEFAULT_SUPPORTED, type Hl7v2PipelineDeps } from './types.js';

/** The result of one attempt. `ack` is the application-stage ACK (absent: nothing to store). */
export interface ProcessResult {
  readonly state: Exclude<InboxState, 'processing'>;
  /** True for a transient failure (the entry stays retryable). */
  readonly transient: boolean;
  readonly outcome: AckOutcome;
  readonly ack: StoredAck;
  readonly operationOutcome: OperationOutcome | undefined;
  readonly patientKey: string | undefined;
  /** The parsed message (undefined when the payload held none). */
  readonly message: Hl7Message | undefined;
}

/** Most issues put in an ACK (each is one ERR segment); all are kept in the stored OperationOutcome. */
const MAX_ACK_ISSUES = 50;

const isError = (i: OperationOutcomeIssue): boolean => i.severity === 'error' || i.severity === 'fatal';

/** Error categories that mean "try again later", not "this message is wrong". */
const TRANSIENT = new Set(['unavailable', 'too-many-requests']);

/** Parses an entry's payload: the one message, or the issues explaining why there is none. */
export function parseEntry(raw: Buffer): { message: Hl7Message | undefined; issues: OperationOutcomeIssue[] } {
  const parsed = parseHl7(raw);
  const [first, second] = parsed.messages;
  if (first === undefined) return { message: undefined, issues: [...parsed.issues] };
  if (second !== undefined) {
    return { message: undefined, issues: [hl7Issue('error', '100', `one message per frame / request expected, found ${parsed.messages.length}`, 'MSH')] };
  }
  for (const i of parsed.issues) if (!first.issues.includes(i)) first.issues.push(i);
  return { message: first, issues: first.issues };
}

/**
 * The answer to a message refused before processing (unsupported type / version / processing id, or
 * header errors), or undefined when it may be processed.
 */
export function refusalOf(message: Hl7Message, deps: Pick<Hl7v2PipelineDeps, 'supported'>): AckOutcome | undefined {
  const rejected = classifyMessage(message, deps.supported ?? DEFAULT_SUPPORTED);
  if (rejected !== undefined) return rejected;
  const headerErrors = message.issues.filter((i) => isError(i) && (i.expression?.[0] ?? '').startsWith('MSH'));
  return headerErrors.length > 0 ? { kind: 'error', issues: headerErrors } : undefined;
}

function result(
  state: ProcessResult['state'], outcome: AckOutcome, message: Hl7Message | undefined, raw: Buffer, ack: AckContext,
  patientKey: string | undefined, transient = false,
): ProcessResult {
  const issues = outcome.issues ?? [];
  const built = message === undefined ? nakFor(raw, issues, ack) : ackFor(message, { ...outcome, issues: issues.slice(0, MAX_ACK_ISSUES) } as AckOutcome, 'application', ack);
  return {
    state, transient, outcome, ack: built, message, patientKey,
    operationOutcome: issues.length > 0 ? toOutcome(...issues) : undefined,
  };
}

/** Runs one attempt on `entry` (its raw payload must be present). */
export async function processEntry(deps: Hl7v2PipelineDeps, ack: AckContext, entry: InboxEntry, parsed?: Hl7Message): Promise<ProcessResult> {
  const raw = entry.raw ?? Buffer.alloc(0);
  const read = parsed === undefined ? parseEntry(raw) : { message: parsed, issues: parsed.issues };
  const message = read.message;
  if (message === undefined) return result('dead', { kind: 'rejected', reason: 'unsupported-message-type', issues: read.issues }, undefined, raw, ack, undefined);
  if (entry.conflictOf !== undefined) return result('dead', conflictOutcome(message.controlId, entry.conflictOf), message, raw, ack, undefined);
  const refusal = refusalOf(message, deps);
  if (refusal !== undefined) return result('dead', refusal, message, raw, ack, undefined);

  const source = `hl7v2:${entry.sender}`;
  let translated;
  try {
    const translateCtx = {
      codes: deps.codes, source, identifierSystem: deps.identifierSystem, ids: deps.ids, now: deps.clock,
      rawMessageRef: inboxEntryUri(entry.id),
    };
    if (deps.coverage === undefined) translated = deps.translate(message, translateCtx);
    else {
      // Coverage report: which fields the translator read, per sender and message type (field ids only).
      const tracked = trackFieldReads(message, () => deps.translate(message, translateCtx));
      translated = tracked.result;
      deps.coverage.record(entry.sender, messageTypeOf(message) ?? 'unknown', tracked.coverage);
    }
  } catch (e) {
    // The error's message may quote message content: log its kind only.
    deps.logger.error('hl7v2 translation threw', { entryId: entry.id, controlId: entry.controlId, error: e instanceof Error ? e.name : typeof e });
    return result('failed', { kind: 'error', issues: [hl7Issue('error', '207', 'the message could not be translated (internal error)', 'MSH')] }, message, raw, ack, undefined);
  }
  const patientKey = translated.patientKey ?? entry.patientKey;
  const issues = [...translated.issues];
  if (issues.some(isError)) return result('failed', { kind: 'error', issues }, message, raw, ack, patientKey);

  const provenance = {
    entryId: entry.id, sender: source, recorded: entry.receivedAt, ids: deps.ids,
    description: `HL7 v2 ${messageTypeOf(message) ?? 'message'} ${entry.controlId ?? ''}`.trim(),
  };
  const ctx = { baseUrl: deps.fhirBaseUrl, source: inboxEntryUri(entry.id), lenient: true, patientCompartment: undefined };
  try {
    // A demographic update older than what was already applied for the patient is skipped (out-of-order.ts).
    const stale = await staleUpdateIssue(deps.repo, ctx, messageTypeOf(message), translated.patientKey, translated.eventTime);
    if (stale !== undefined) return result('done', { kind: 'accepted', issues: [...issues, stale] }, message, raw, ack, patientKey);
    try {
      await deps.repo.bundle(ctx, withProvenance(translated.bundle, provenance), { prefer: 'minimal' });
    } catch (e) {
      // An update (conditional PATCH) about a resource we do not have: apply the creating form instead.
      if (translated.fallbackBundle === undefined || !isOperationOutcomeError(e) || e.category !== 'not-found') throw e;
      await deps.repo.bundle(ctx, withProvenance(translated.fallbackBundle, provenance), { prefer: 'minimal' });
    }
    // A merge (A40): the old patient's compartment moves to the survivor (resumable; a replay converges).
    issues.push(...(await followMerge(deps.repo, ctx, translated.bundle, provenance)));
  } catch (e) {
    if (isOperationOutcomeError(e) && !TRANSIENT.has(e.category)) {
      return result('failed', { kind: 'error', issues: [...issues.filter((i) => !isError(i)), ...e.outcome.issue] }, message, raw, ack, patientKey);
    }
    const detail = isOperationOutcomeError(e) ? e.message : 'the FHIR store is not available; resend later';
    deps.logger.warn('hl7v2 commit failed transiently', { entryId: entry.id, controlId: entry.controlId, error: e instanceof Error ? e.message : String(e) });
    return result('received', transientOutcome(detail), message, raw, ack, patientKey, true);
  }
  return result('done', { kind: 'accepted', issues }, message, raw, ack, patientKey);
}
