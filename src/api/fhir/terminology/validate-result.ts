/**
 * The output Parameters of both `$validate-code` operations: `result`, `message`, `display`.
 * https://hl7.org/fhir/R4/valueset-operation-validate-code.html
 */
import type { Parameters } from 'fhir/r4.js';
import type { ValidateCodeResult } from '../../../ports/terminology-service.js';
import { ParametersBuilder } from './parameters.js';

/** `result` (true / false), `message` and `display`. */
export function validateCodeParameters(result: ValidateCodeResult): Parameters {
  return new ParametersBuilder()
    .add('result', 'valueBoolean', result.result)
    .add('message', 'valueString', result.message)
    .add('display', 'valueString', result.display)
    .build();
}
