import { describe, it, expect } from 'vitest';
import { OperationOutcomeError } from '../../core/outcomes.js';
import { NotAvailableTerminologyService } from './not-available-terminology-service.js';

const svc = new NotAvailableTerminologyService();
const coding = { system: 'http://loinc.org', code: '8867-4' };

describe('NotAvailableTerminologyService', () => {
  it.each([
    ['lookup', () => svc.lookup(coding)],
    ['validateCodeInCodeSystem', () => svc.validateCodeInCodeSystem({ url: coding.system, code: coding.code })],
    ['validateCodeInValueSet', () => svc.validateCodeInValueSet({ valueSet: 'http://x/vs', codings: [coding] })],
    ['expand', () => svc.expand({ valueSet: 'http://x/vs' })],
    ['translate', () => svc.translate(coding)],
    ['subsumes', () => svc.subsumes({ system: coding.system, codeA: 'a', codeB: 'b' })],
  ])('%s is refused with not-supported', async (_name, call) => {
    const err: unknown = await call().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(OperationOutcomeError);
    const e = err as OperationOutcomeError;
    expect(e.category).toBe('not-allowed');
    expect(e.outcome.issue[0]?.code).toBe('not-supported');
  });
});
