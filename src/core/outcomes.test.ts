import { describe, expect, it } from 'vitest';
import { STATUS_BY_CATEGORY, badRequest, fail, isOperationOutcomeError } from './outcomes.js';

describe('OperationOutcomeError', () => {
  it('carries category, status and an issue with expression', () => {
    const e = badRequest('bad date', 'Patient.birthDate');
    expect(isOperationOutcomeError(e)).toBe(true);
    expect(STATUS_BY_CATEGORY[e.category]).toBe(400);
    expect(e.outcome.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['Patient.birthDate'] });
  });
  it.each([
    ['gone', 410, 'deleted'],
    ['precondition-failed', 412, 'conflict'],
    ['unsupported-media-type', 415, 'not-supported'],
  ] as const)('%s maps to %d / %s', (category, status, code) => {
    const e = fail(category, 'x');
    expect(STATUS_BY_CATEGORY[e.category]).toBe(status);
    expect(e.outcome.issue[0]?.code).toBe(code);
  });
});
