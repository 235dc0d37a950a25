/**
 * Parse problems as FHIR OperationOutcome issues carrying the HL7 table 0357 error code (for ERR-3)
 * and the element location (for ERR-2), e.g. `MSH-9`.
 * https://terminology.hl7.org/CodeSystem-v2-0357.html
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../../../core/outcomes.js';

/** HL7 table 0357 message error condition codes (the parser uses 100–103 and 207). */
export type Hl7ErrorCode =
  | '100' // segment sequence error
  | '101' // required field missing
  | '102' // data type error
  | '103' // table value not found
  | '200' // unsupported message type
  | '201' // unsupported event code
  | '202' // unsupported processing id
  | '203' // unsupported version id
  | '204' // unknown key identifier
  | '205' // duplicate key identifier
  | '206' // application record locked
  | '207'; // application internal error

/** System of table 0357 codes. */
export const V2_0357_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0357';

const ISSUE_TYPE: Record<Hl7ErrorCode, OperationOutcomeIssue['code']> = {
  '100': 'structure',
  '101': 'required',
  '102': 'value',
  '103': 'code-invalid',
  '200': 'not-supported',
  '201': 'not-supported',
  '202': 'not-supported',
  '203': 'not-supported',
  '204': 'not-found',
  '205': 'duplicate',
  '206': 'lock-error',
  '207': 'exception',
};

/** One issue at `location` (an HL7 path like `PID-3[1].1`, or `input` for the whole input). */
export function hl7Issue(
  severity: OperationOutcomeIssue['severity'],
  code: Hl7ErrorCode,
  diagnostics: string,
  location: string,
): OperationOutcomeIssue {
  const out = issue(severity, ISSUE_TYPE[code], diagnostics, location);
  out.details = { coding: [{ system: V2_0357_SYSTEM, code }] };
  return out;
}
