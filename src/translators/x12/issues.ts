/**
 * X12 problems as structured findings that carry the acknowledgement codes directly: TA1 note codes
 * (TA105, interchange envelope), AK9 functional group error codes (999 AK905–AK909) and IK5
 * transaction set error codes (999 IK502–IK506), so the TA1 / 999 generators copy them as they are.
 * https://x12.org/codes (element 668 TA105 note codes, 716 AK905, 618 IK502 (999; 718 is the 997 AK502))
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../../core/outcomes.js';

/** TA105 Interchange Note Codes (X12 00501) used by the tokenizer and envelope layer. */
export type Ta1NoteCode =
  | '001' // ISA13 and IEA02 do not match (the header value is used in the TA1)
  | '004' // segment terminator is invalid
  | '005' // invalid interchange ID qualifier for sender (ISA05)
  | '006' // invalid interchange sender ID (ISA06)
  | '007' // invalid interchange ID qualifier for receiver (ISA07)
  | '008' // invalid interchange receiver ID (ISA08)
  | '010' // invalid authorization information qualifier (ISA01)
  | '011' // invalid authorization information value (ISA02)
  | '012' // invalid security information qualifier (ISA03)
  | '013' // invalid security information value (ISA04)
  | '014' // invalid interchange date (ISA09)
  | '015' // invalid interchange time (ISA10)
  | '017' // invalid interchange version ID (ISA12)
  | '018' // invalid interchange control number (ISA13)
  | '019' // invalid acknowledgment requested (ISA14)
  | '020' // invalid test indicator (ISA15)
  | '021' // invalid number of included groups (IEA01)
  | '022' // invalid control structure
  | '023' // improper (premature) end of file
  | '024' // invalid interchange content (e.g. a segment other than GS / IEA at interchange level)
  | '025' // duplicate interchange control number
  | '026' // invalid data element separator
  | '027'; // invalid component element separator

/** AK905 Functional Group Syntax Error Codes used by the envelope layer. */
export type Ak9ErrorCode =
  | '3' // functional group trailer (GE) missing
  | '4' // GS06 and GE02 do not agree
  | '5' // GE01 does not match the number of transaction sets
  | '6' // group control number violates syntax
  | '19'; // group control number not unique within the interchange

/** IK502 Transaction Set Syntax Error Codes used by the envelope layer. */
export type Ik5ErrorCode =
  | '2' // transaction set trailer (SE) missing
  | '3' // ST02 and SE02 do not match
  | '4' // SE01 does not match the number of included segments
  | '6' // missing or invalid transaction set identifier (ST01)
  | '7' // missing or invalid transaction set control number (ST02)
  | '23'; // transaction set control number not unique within the functional group

/** What went wrong, one name per rule (stable: tests and generators switch on it). */
export type X12Rule =
  | 'isa-unreadable'
  | 'isa-truncated'
  | 'segment-unterminated'
  | 'segment-too-long'
  | 'separator-invalid'
  | 'separator-legacy-repetition'
  | 'isa-length'
  | 'isa-element-count'
  | 'isa-element'
  | 'iea-control-number'
  | 'iea-group-count'
  | 'iea-missing'
  | 'isa-duplicate'
  | 'ge-control-number'
  | 'ge-transaction-count'
  | 'ge-missing'
  | 'gs-control-number'
  | 'gs-duplicate'
  | 'se-control-number'
  | 'se-segment-count'
  | 'se-missing'
  | 'st-identifier'
  | 'st-control-number'
  | 'st-duplicate'
  | 'unexpected-segment'
  | 'outside-interchange';

/** Where a finding points: a segment (1-based number in the input) and optionally an element. */
export interface X12IssuePlace {
  /** 1-based number of the segment in the input. */
  readonly segment: number;
  /** Segment id (`CLM`). */
  readonly segmentId: string;
  /** 1-based element index (`CLM02` → 2); absent when the finding is about the whole segment. */
  readonly element?: number;
  /** Byte offset, 1-based line and column of the segment (or element) start. */
  readonly byteOffset: number;
  readonly line: number;
  readonly column: number;
}

/** One finding. Content problems are returned as these, never thrown. */
export interface X12Issue {
  readonly severity: 'fatal' | 'error' | 'warning';
  readonly rule: X12Rule;
  readonly message: string;
  /** Human location: `ISA16`, `seg 12 (CLM) element 02`, `input`. */
  readonly location: string;
  readonly place?: X12IssuePlace;
  /** TA105 note code when the finding rejects (or notes) the interchange. */
  readonly ta1?: Ta1NoteCode;
  /** AK905 code when the finding is about a functional group. */
  readonly ak9?: Ak9ErrorCode;
  /** IK502 code when the finding is about a transaction set. */
  readonly ik5?: Ik5ErrorCode;
}

/** `seg 12 (CLM) element 02` (element omitted when absent); ISA / IEA elements read `ISA16`. */
export function formatLocation(segment: number, segmentId: string, element?: number): string {
  const el = element === undefined ? '' : String(element).padStart(2, '0');
  if (element !== undefined && (segmentId === 'ISA' || segmentId === 'IEA')) return `${segmentId}${el}`;
  return `seg ${segment} (${segmentId})${element === undefined ? '' : ` element ${el}`}`;
}

/** System URIs for the codes in `OperationOutcomeIssue.details` (X12 code sources 668 / 716 / 618). */
export const X12_CODE_SYSTEMS = {
  ta1: 'https://x12.org/codes/668',
  ak9: 'https://x12.org/codes/716',
  ik5: 'https://x12.org/codes/618',
} as const;

const ISSUE_TYPE: Record<X12Rule, OperationOutcomeIssue['code']> = {
  'isa-unreadable': 'structure',
  'isa-truncated': 'incomplete',
  'segment-unterminated': 'incomplete',
  'segment-too-long': 'too-long',
  'separator-invalid': 'structure',
  'separator-legacy-repetition': 'structure',
  'isa-length': 'structure',
  'isa-element-count': 'structure',
  'isa-element': 'value',
  'iea-control-number': 'value',
  'iea-group-count': 'value',
  'iea-missing': 'incomplete',
  'isa-duplicate': 'duplicate',
  'ge-control-number': 'value',
  'ge-transaction-count': 'value',
  'ge-missing': 'incomplete',
  'gs-control-number': 'value',
  'gs-duplicate': 'duplicate',
  'se-control-number': 'value',
  'se-segment-count': 'value',
  'se-missing': 'incomplete',
  'st-identifier': 'value',
  'st-control-number': 'value',
  'st-duplicate': 'duplicate',
  'unexpected-segment': 'structure',
  'outside-interchange': 'structure',
};

/** The finding as a FHIR OperationOutcome issue (codes in `details.coding`, location in `expression`). */
export function toOperationOutcomeIssue(x: X12Issue): OperationOutcomeIssue {
  const out = issue(x.severity, ISSUE_TYPE[x.rule], x.message, x.location);
  const coding = [
    ...(x.ta1 === undefined ? [] : [{ system: X12_CODE_SYSTEMS.ta1, code: x.ta1 }]),
    ...(x.ak9 === undefined ? [] : [{ system: X12_CODE_SYSTEMS.ak9, code: x.ak9 }]),
    ...(x.ik5 === undefined ? [] : [{ system: X12_CODE_SYSTEMS.ik5, code: x.ik5 }]),
  ];
  if (coding.length > 0) out.details = { coding, text: x.rule };
  return out;
}
