import { describe, it, expect } from 'vitest';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { applyValidationPolicy, type ValidationPolicy } from './policy.js';

const error: OperationOutcomeIssue = { severity: 'error', code: 'required', diagnostics: 'min cardinality 1', expression: ['Patient.name'] };
const warning: OperationOutcomeIssue = { severity: 'warning', code: 'not-supported', diagnostics: 'binding not checked' };

describe('applyValidationPolicy', () => {
  it.each<[ValidationPolicy, OperationOutcomeIssue[], string, string[]]>([
    ['reject', [], 'commit', []],
    ['reject', [warning], 'commit', ['warning']],
    ['reject', [error, warning], 'reject', ['error', 'warning']],
    ['quarantine', [warning], 'commit', ['warning']],
    ['quarantine', [error], 'quarantine', ['error']],
    ['accept-with-warnings', [error, warning], 'commit', ['warning', 'warning']],
  ])('%s with %j issues → %s', (policy, issues, action, severities) => {
    const decision = applyValidationPolicy(policy, issues);
    expect(decision.action).toBe(action);
    expect(decision.issues.map((i) => i.severity)).toEqual(severities);
  });

  it('keeps the expression and says why an error became a warning', () => {
    const [i] = applyValidationPolicy('accept-with-warnings', [error]).issues;
    expect(i).toMatchObject({ severity: 'warning', expression: ['Patient.name'] });
    expect(i?.diagnostics).toMatch(/^accepted by policy: min cardinality 1/);
  });
});
