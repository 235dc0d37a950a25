/**
 * The validation port used by the repository on every write and by `$validate`.
 * https://hl7.org/fhir/R4/validation.html
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** Checks one resource; returns issues (severity `error` makes a write fail). Never throws for bad input. */
export interface ResourceValidator {
  validate(resource: unknown): OperationOutcomeIssue[];
}
