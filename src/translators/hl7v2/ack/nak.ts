/**
 * `buildNak`: the negative ACK of input with no usable MSH (no field separator, not HL7 at all).
 * It is a minimal ACK with the standard delimiters; MSA-2 is the MSH-10 we could still read from a
 * line starting with `MSH` (best effort), else empty, so the sender can match it if at all possible.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9.2)
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { DEFAULT_DELIMITERS, hl7Issue } from '../parser/index.js';
import { writeAck } from './ack-writer.js';
import { DEFAULT_PROCESSING_ID, DEFAULT_VERSION } from './build-ack.js';
import type { AckOptions, BuiltAck } from './types.js';

/** Options of `buildNak`: the injected clock / ids, and who we are (MSH-3 / MSH-4). */
export interface NakOptions extends Omit<AckOptions, 'stage'> {
  /** MSH-12 of the NAK when none can be read from the input; default 2.5.1. */
  readonly version?: string;
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
}

/** Best-effort header values of an unusable input: MSH-10 and MSH-12.1 when they look sane. */
export function salvageHeader(input: string): { controlId?: string; version?: string } {
  const line = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((l) => l.startsWith('MSH'));
  const sep = line?.[3];
  if (line === undefined || sep === undefined || /[\sA-Za-z0-9]/.test(sep)) return {};
  const fields = line.split(sep); // fields[n - 1] is MSH-n for n >= 2
  const controlId = fields[9];
  const version = /^\d+\.\d+(?:\.\d+)?/.exec(fields[11] ?? '')?.[0];
  return {
    ...(controlId !== undefined && /^[\x21-\x7E]{1,199}$/.test(controlId) ? { controlId } : {}),
    ...(version === undefined ? {} : { version }),
  };
}

/**
 * Builds an AR for input that could not be parsed into a message. `issues` are the parser's
 * input-level issues (`parseHl7(input).issues`); when empty, a 100 "no usable MSH" is reported.
 */
export function buildNak(input: string | Uint8Array, issues: readonly OperationOutcomeIssue[], options: NakOptions): BuiltAck {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  const salvaged = salvageHeader(text);
  const version = salvaged.version ?? options.version ?? DEFAULT_VERSION;
  const problems = issues.length > 0 ? issues : [hl7Issue('fatal', '100', 'no usable MSH segment', 'MSH')];
  return writeAck({
    delimiters: DEFAULT_DELIMITERS,
    sendingApplication: options.sendingApplication,
    sendingFacility: options.sendingFacility,
    receivingApplication: undefined,
    receivingFacility: undefined,
    trigger: undefined,
    processingId: DEFAULT_PROCESSING_ID,
    version,
    versionId: version,
    characterSet: undefined,
    originalControlId: salvaged.controlId,
    enhanced: false,
    encoding: 'utf8',
  }, 'AR', problems, options);
}
