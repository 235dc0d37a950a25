/**
 * NotAvailableTerminologyService: the null adapter of the terminology port, for deployments without
 * terminology (like Blaze's `terminology_service/not_available`). Every call fails with an
 * OperationOutcomeError 'not-allowed' (HTTP 405, issue code `not-supported`).
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import { fail, type OperationOutcomeError } from '../../core/outcomes.js';
import type {
  CodeSystemValidateRequest, ExpandRequest, LookupRequest, LookupResult, SubsumesRequest, SubsumptionOutcome,
  TerminologyService, TranslateRequest, TranslateResult, ValidateCodeResult, ValueSetValidateRequest,
} from '../../ports/terminology-service.js';

const unsupported = (operation: string): OperationOutcomeError =>
  fail('not-allowed', `Terminology operation ${operation} is not available on this server`, undefined, 'not-supported');

/** A TerminologyService whose every operation is refused. */
export class NotAvailableTerminologyService implements TerminologyService {
  lookup(_req: LookupRequest): Promise<LookupResult> {
    return Promise.reject(unsupported('$lookup'));
  }
  validateCodeInCodeSystem(_req: CodeSystemValidateRequest): Promise<ValidateCodeResult> {
    return Promise.reject(unsupported('CodeSystem/$validate-code'));
  }
  validateCodeInValueSet(_req: ValueSetValidateRequest): Promise<ValidateCodeResult> {
    return Promise.reject(unsupported('ValueSet/$validate-code'));
  }
  expand(_req: ExpandRequest): Promise<never> {
    return Promise.reject(unsupported('$expand'));
  }
  translate(_req: TranslateRequest): Promise<TranslateResult> {
    return Promise.reject(unsupported('$translate'));
  }
  subsumes(_req: SubsumesRequest): Promise<SubsumptionOutcome> {
    return Promise.reject(unsupported('$subsumes'));
  }
}
