/**
 * ERR-3 / ERR-4 inputs: the table 0357 code of an issue and its table 0516 severity.
 * An issue carrying a 0357 coding (as the parser's do) keeps it; other issues (validation,
 * translation) get one from their FHIR issue type, else 207 (application internal error).
 * https://terminology.hl7.org/CodeSystem-v2-0357.html · https://terminology.hl7.org/CodeSystem-v2-0516.html
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { V2_0357_SYSTEM, type Hl7ErrorCode } from '../parser/index.js';

/** Display text of every table 0357 code (v2.5.1), the CWE.2 of ERR-3. */
export const V2_0357_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

/** 0357 code for issues without one, by FHIR issue type (http://hl7.org/fhir/issue-type). */
const BY_ISSUE_TYPE: Partial<Record<OperationOutcomeIssue['code'], Hl7ErrorCode>> = {
  structure: '100',
  required: '101',
  value: '102',
  invariant: '102',
  'too-long': '102',
  'code-invalid': '103',
  'not-supported': '200',
  'not-found': '204',
  duplicate: '205',
  'lock-error': '206',
  conflict: '206',
};

function isErrorCode(code: string | undefined): code is Hl7ErrorCode {
  return code !== undefined && Object.hasOwn(V2_0357_TEXT, code);
}

/** The table 0357 code of `issue`. */
export function errorCodeOf(issue: OperationOutcomeIssue): Hl7ErrorCode {
  const coded = issue.details?.coding?.find((c) => c.system === V2_0357_SYSTEM)?.code;
  if (isErrorCode(coded)) return coded;
  return BY_ISSUE_TYPE[issue.code] ?? '207';
}

/** ERR-4 severity (table 0516): E error, W warning, I information; F (fatal) exists from v2.7. */
export type Hl7Severity = 'E' | 'W' | 'I' | 'F';

/** Severity of `issue` for a receiver speaking `hasFatal` (v2.7+) or not. */
export function severityOf(issue: OperationOutcomeIssue, hasFatal: boolean): Hl7Severity {
  switch (issue.severity) {
    case 'fatal': return hasFatal ? 'F' : 'E';
    case 'error': return 'E';
    case 'warning': return 'W';
    case 'information': return 'I';
    default: return issue.severity satisfies never;
  }
}
