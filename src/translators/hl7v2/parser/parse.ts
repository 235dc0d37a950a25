/**
 * Entry points: bytes or text → messages. Handles single messages, bare multi-MSH files and
 * FHS / BHS batches (v2.5.1 §2.10.3). Content problems are issues; nothing here throws except
 * `parseHl7Message` when the input holds no usable message.
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import { DEFAULT_DELIMITERS, type Delimiters, type SegmentRecord, type SourceText } from './types.js';
import { decodeInput, sourceText } from './charset.js';
import { splitSegments } from './segmenter.js';
import { readDelimiters } from './delimiters.js';
import { Hl7Message } from './message.js';
import { Hl7Segment } from './segment.js';
import { hl7Issue } from './issues.js';

/** One top-level piece of the input, in order. */
export type InputPart =
  | { readonly kind: 'message'; readonly message: Hl7Message }
  /** FHS, BHS, BTS or FTS. */
  | { readonly kind: 'envelope'; readonly segment: Hl7Segment }
  /** Segments that cannot form a message (outside any MSH, or under an unusable MSH). */
  | { readonly kind: 'unparsed'; readonly segments: readonly SegmentRecord[] };

/** Everything read from one input. `leading` + serialized parts === the input text. */
export interface ParsedInput {
  readonly source: SourceText;
  /** BOM and blank lines before the first segment. */
  readonly leading: string;
  readonly parts: readonly InputPart[];
  readonly messages: readonly Hl7Message[];
  /** Input-level issues (charset, batch envelope, stray segments, unusable MSH). */
  readonly issues: readonly OperationOutcomeIssue[];
}

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/** Parses `input` (a Buffer is decoded per BOM / MSH-18; a string is taken as already decoded). */
export function parseHl7(input: Uint8Array | string): ParsedInput {
  const issues: OperationOutcomeIssue[] = [];
  let source: SourceText;
  if (typeof input === 'string') source = sourceText(input, 'utf8');
  else {
    const decoded = decodeInput(Buffer.isBuffer(input) ? input : Buffer.from(input));
    source = decoded.source;
    issues.push(...decoded.issues);
  }
  const charsetIssues = [...issues];
  const { leading, segments } = splitSegments(source.text);
  const parts: InputPart[] = [];
  const messages: Hl7Message[] = [];
  let envelope: Delimiters = DEFAULT_DELIMITERS;
  let current: SegmentRecord[] | undefined;
  let inBatch = 0;
  let batches = 0;

  const flush = (): void => {
    if (current === undefined) return;
    const head = current[0];
    const read = head === undefined ? undefined : readDelimiters(head.raw);
    if (read?.delimiters === undefined) {
      issues.push(...(read?.issues ?? []));
      parts.push({ kind: 'unparsed', segments: current });
    } else {
      const message = new Hl7Message(current, read.delimiters, source, [...charsetIssues, ...read.issues]);
      messages.push(message);
      parts.push({ kind: 'message', message });
      inBatch++;
    }
    current = undefined;
  };

  for (const rec of segments) {
    if (rec.name === 'MSH') {
      flush();
      current = [rec];
    } else if (ENVELOPE.has(rec.name)) {
      flush();
      if (rec.name === 'FHS' || rec.name === 'BHS') {
        const read = readDelimiters(rec.raw);
        issues.push(...read.issues);
        envelope = read.delimiters ?? DEFAULT_DELIMITERS;
      }
      const segment = new Hl7Segment(rec, envelope, source, 0, 1);
      parts.push({ kind: 'envelope', segment });
      if (rec.name === 'BHS') {
        inBatch = 0;
        batches++;
      }
      if (rec.name === 'BTS') checkCount(segment, inBatch, 'messages', issues);
      if (rec.name === 'FTS') checkCount(segment, batches, 'batches', issues);
    } else if (current !== undefined) {
      current.push(rec);
    } else {
      issues.push(hl7Issue('error', '100', `line ${rec.line}: segment '${rec.name}' is outside any message`, rec.name));
      parts.push({ kind: 'unparsed', segments: [rec] });
    }
  }
  flush();
  if (messages.length === 0) issues.push(hl7Issue('fatal', '100', 'no usable MSH segment found', 'MSH'));
  return { source, leading, parts, messages, issues };
}

/** BTS-1 / FTS-1 hold the count of messages / batches; a mismatch means something was lost. */
function checkCount(seg: Hl7Segment, actual: number, what: string, issues: OperationOutcomeIssue[]): void {
  const declared = seg.get('1');
  if (typeof declared === 'string' && declared.trim() !== '' && Number(declared) !== actual) {
    issues.push(hl7Issue('warning', '100', `${seg.name}-1 declares ${declared} ${what}, found ${actual}`, `${seg.name}-1`));
  }
}

/**
 * Parses input expected to hold exactly one message (an MLLP frame, an HTTP body). Throws an
 * OperationOutcomeError (`invalid`) when there is no usable MSH or more than one message; every
 * other problem is in `message.issues` (input-level issues included).
 */
export function parseHl7Message(input: Uint8Array | string): Hl7Message {
  const parsed = parseHl7(input);
  const [first, second] = parsed.messages;
  if (first === undefined) {
    throw badRequest(parsed.issues.find((i) => i.severity === 'fatal')?.diagnostics ?? 'no usable MSH segment', 'MSH');
  }
  if (second !== undefined) throw badRequest(`expected one message, found ${parsed.messages.length}`, 'MSH');
  for (const i of parsed.issues) if (!first.issues.includes(i)) first.issues.push(i);
  return first;
}
