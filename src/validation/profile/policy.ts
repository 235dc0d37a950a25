/**
 * Per-source validation policy for the ingestion pipeline: what to do with a resource given its
 * validation issues. https://hl7.org/fhir/R4/validation.html
 *
 * - `reject`: any error rejects the message (the sender gets a NAK / 999 with the issues);
 * - `accept-with-warnings`: errors are downgraded to warnings and the resource is committed;
 * - `quarantine`: a resource with errors is held for review instead of committed.
 * Without errors every policy commits (warnings and information are kept).
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** How a source's invalid resources are handled. */
export type ValidationPolicy = 'reject' | 'accept-with-warnings' | 'quarantine';

/** The decision for one resource (or message) and the issues to report with it. */
export interface PolicyDecision {
  readonly action: 'commit' | 'reject' | 'quarantine';
  readonly issues: OperationOutcomeIssue[];
}

/** Every policy value (for configuration parsing). */
export const VALIDATION_POLICIES: readonly ValidationPolicy[] = ['reject', 'accept-with-warnings', 'quarantine'];

const isError = (i: OperationOutcomeIssue): boolean => i.severity === 'error' || i.severity === 'fatal';

/** Applies `policy` to `issues`. */
export function applyValidationPolicy(policy: ValidationPolicy, issues: readonly OperationOutcomeIssue[]): PolicyDecision {
  if (!issues.some(isError)) return { action: 'commit', issues: [...issues] };
  switch (policy) {
    case 'reject':
      return { action: 'reject', issues: [...issues] };
    case 'quarantine':
      return { action: 'quarantine', issues: [...issues] };
    case 'accept-with-warnings':
      return {
        action: 'commit',
        issues: issues.map((i) => (isError(i) ? { ...i, severity: 'warning', diagnostics: `accepted by policy: ${i.diagnostics ?? i.code}` } : i)),
      };
    default:
      return policy satisfies never;
  }
}
