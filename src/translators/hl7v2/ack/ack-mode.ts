/**
 * Acknowledgement mode and the decision of which ACK to send at which stage.
 * Original mode (MSH-15 and MSH-16 empty): one ACK, AA / AE / AR, after processing — or at once when
 * the message is refused or cannot be stored. Enhanced mode (either one valued): an accept ACK
 * (CA / CE / CR) once the message is in safe storage, sent as MSH-15 asks, then an application ACK
 * (AA / AE / AR) as MSH-16 asks. An empty or unknown condition in enhanced mode counts as AL: the
 * sender asked for enhanced acknowledgements and silence is the costlier mistake.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9.2–2.9.3, tables 0008, 0155)
 */
import type { Hl7Message } from '../parser/index.js';
import type { AckCode, AckCondition, AckMode, AckOutcome, AckStage } from './types.js';

const CONDITIONS: ReadonlySet<string> = new Set<AckCondition>(['AL', 'NE', 'ER', 'SU']);

function condition(value: string | null | undefined): AckCondition | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const v = value.trim().toUpperCase();
  return CONDITIONS.has(v) ? (v as AckCondition) : 'AL';
}

/** Reads MSH-15 / MSH-16 of `message`. The explicit null `""` counts as empty. */
export function readAckMode(message: Hl7Message): AckMode {
  const accept = condition(message.get('MSH-15'));
  const application = condition(message.get('MSH-16'));
  if (accept === undefined && application === undefined) return { kind: 'original' };
  return { kind: 'enhanced', accept: accept ?? 'AL', application: application ?? 'AL' };
}

/**
 * MSA-1 for `outcome` at `stage`. Enhanced accept stage: CA stored, CE could not be stored
 * (`transient`) or content refused at commit, CR refused (unsupported type / event / version /
 * processing id). Otherwise AA / AE / AR.
 */
export function ackCode(mode: AckMode, stage: AckStage, outcome: AckOutcome): AckCode {
  const commit = mode.kind === 'enhanced' && stage === 'accept';
  switch (outcome.kind) {
    case 'accepted': return commit ? 'CA' : 'AA';
    case 'error': return commit ? 'CE' : 'AE';
    case 'rejected':
      if (!commit) return 'AR';
      return outcome.reason === 'transient' ? 'CE' : 'CR';
    default: return outcome satisfies never;
  }
}

function wanted(c: AckCondition, success: boolean): boolean {
  switch (c) {
    case 'AL': return true;
    case 'NE': return false;
    case 'ER': return !success;
    case 'SU': return success;
    default: return c satisfies never;
  }
}

/**
 * The ACK to send now, or `undefined` for none. Original mode: nothing at the accept stage while the
 * message goes on to processing (a refusal or storage failure is answered at once), always one at
 * the application stage. Enhanced mode: MSH-15 governs the accept stage, MSH-16 the application
 * stage; warnings do not make an accepted message unsuccessful.
 */
export function ackToSend(mode: AckMode, stage: AckStage, outcome: AckOutcome): AckCode | undefined {
  const success = outcome.kind === 'accepted';
  const send = mode.kind === 'original'
    ? stage === 'application' || !success
    : wanted(stage === 'accept' ? mode.accept : mode.application, success);
  return send ? ackCode(mode, stage, outcome) : undefined;
}
