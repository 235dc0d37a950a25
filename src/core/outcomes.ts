/**
 * OperationOutcome errors: the one closed set of error categories, mapped to HTTP in one place
 * (`api/middleware/error-handler.ts`). https://hl7.org/fhir/R4/operationoutcome.html
 */
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';

/** Closed set of error categories; each maps to exactly one HTTP status. */
export type ErrorCategory =
  | 'invalid' // 400: malformed request, bad parameter
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'not-allowed' // 405: interaction not supported on this resource / method
  | 'conflict' // 409: version conflict without If-Match, duplicate id, ...
  | 'gone' // 410: deleted
  | 'precondition-failed' // 412: If-Match mismatch, conditional multiple matches
  | 'not-acceptable' // 406
  | 'unsupported-media-type' // 415
  | 'unprocessable' // 422: valid syntax but fails business / profile / reference rules
  | 'too-many-requests' // 429
  | 'unavailable' // 503: transient outage (store down)
  | 'internal'; // 500: a bug; never for bad input

/** HTTP status per category (the one table). */
export const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'not-allowed': 405,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'not-acceptable': 406,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'too-many-requests': 429,
  unavailable: 503,
  internal: 500,
};

/** Default OperationOutcome.issue.code per category (http://hl7.org/fhir/issue-type). */
const ISSUE_CODE_BY_CATEGORY: Record<ErrorCategory, OperationOutcomeIssue['code']> = {
  invalid: 'invalid',
  unauthorized: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  'not-allowed': 'not-supported',
  conflict: 'conflict',
  gone: 'deleted',
  'precondition-failed': 'conflict',
  'not-acceptable': 'not-supported',
  'unsupported-media-type': 'not-supported',
  unprocessable: 'processing',
  'too-many-requests': 'throttled',
  unavailable: 'transient',
  internal: 'exception',
};

/** Thrown for any request that cannot be completed; carries an OperationOutcome. */
export class OperationOutcomeError extends Error {
  readonly category: ErrorCategory;
  readonly outcome: OperationOutcome;
  constructor(category: ErrorCategory, outcome: OperationOutcome) {
    super(outcome.issue[0]?.diagnostics ?? category);
    this.name = 'OperationOutcomeError';
    this.category = category;
    this.outcome = outcome;
  }
}

/** One issue; `expression` is a FHIRPath (or `Bundle.entry[2].request`, `PID-3[1].1`, ...). */
export function issue(
  severity: OperationOutcomeIssue['severity'],
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
  expression?: string | string[],
): OperationOutcomeIssue {
  const out: OperationOutcomeIssue = { severity, code, diagnostics };
  if (expression !== undefined) out.expression = Array.isArray(expression) ? expression : [expression];
  return out;
}

/** Wraps issues in an OperationOutcome resource. */
export function outcome(...issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** Builds an error of `category` with one error issue. */
export function fail(
  category: ErrorCategory,
  diagnostics: string,
  expression?: string | string[],
  code: OperationOutcomeIssue['code'] = ISSUE_CODE_BY_CATEGORY[category],
): OperationOutcomeError {
  return new OperationOutcomeError(category, outcome(issue('error', code, diagnostics, expression)));
}

/** Shorthands for the common categories. */
export const badRequest = (msg: string, expression?: string | string[]): OperationOutcomeError =>
  fail('invalid', msg, expression);
export const notFound = (msg: string): OperationOutcomeError => fail('not-found', msg);
export const gone = (msg: string): OperationOutcomeError => fail('gone', msg);
export const conflict = (msg: string): OperationOutcomeError => fail('conflict', msg);
export const preconditionFailed = (msg: string): OperationOutcomeError => fail('precondition-failed', msg);
export const unprocessable = (msg: string, expression?: string | string[]): OperationOutcomeError =>
  fail('unprocessable', msg, expression);
export const forbidden = (msg: string): OperationOutcomeError => fail('forbidden', msg);
export const notAllowed = (msg: string): OperationOutcomeError => fail('not-allowed', msg);

/** An "all OK" outcome (used for `Prefer: return=OperationOutcome` and deletes). */
export function allOk(diagnostics = 'All OK'): OperationOutcome {
  return outcome(issue('information', 'informational', diagnostics));
}

export function isOperationOutcomeError(e: unknown): e is OperationOutcomeError {
  return e instanceof OperationOutcomeError;
}
