/**
 * The warning for a v2 code the CodeMapper could not map: the shared `unmappedIssue` (issue type
 * `code-invalid`, `details.coding` unmapped-code, so the mapping-gap tooling finds it) located at the v2
 * field (`PID-8`, `OBX[2]-3.1`), plus table 0357 code 103 (table value not found) so the ACK's ERR
 * segment carries the right HL7 error code. https://hl7.org/fhir/R4/operationoutcome.html
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { unmappedIssue, type CodeToMap } from '../../../../core/code-mapping.js';
import { hl7Issue } from '../../parser/index.js';

/** `unmappedIssue(input, location)` with the HL7 0357 code 103 coding first (for the ACK) and `diagnostics` when given. */
export function unmappedV2Issue(input: CodeToMap, location: string, diagnostics?: string): OperationOutcomeIssue {
  const out = unmappedIssue(input, location);
  const v2 = hl7Issue('warning', '103', '', location).details?.coding ?? [];
  out.details = { coding: [...v2, ...(out.details?.coding ?? [])] };
  if (diagnostics !== undefined) out.diagnostics = diagnostics;
  return out;
}
