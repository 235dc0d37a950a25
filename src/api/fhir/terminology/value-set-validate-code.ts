/**
 * `ValueSet/$validate-code` (GET / POST, type and instance level): is the code in the value set?
 * Inputs: the ValueSet (`url`, `valueSet` or the stored one, `valueSetVersion`), then `code` + `system`
 * (+ `systemVersion`, `display`), or `coding`, or `codeableConcept` (valid when any coding is);
 * `activeOnly`. A code outside the set is `result=false`; an unknown ValueSet is a 404.
 * https://hl7.org/fhir/R4/valueset-operation-validate-code.html
 */
import type { Coding, Parameters } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { CodeRef, ValueSetValidateRequest } from '../../../ports/terminology-service.js';
import type { OperationInput } from './parameters.js';
import type { OperationCall } from './operation.js';
import { valueSetSource } from './value-set-source.js';
import { validateCodeParameters } from './validate-result.js';

/** The codings to check, from code + system, coding or codeableConcept (exactly one form). */
function codingsOf(input: OperationInput): CodeRef[] {
  const code = input.string('code');
  const coding = input.coding('coding');
  const concept = input.codeableConcept('codeableConcept');
  const forms = [code, coding, concept].filter((x) => x !== undefined).length;
  if (forms !== 1) throw badRequest('Give exactly one of code (with system), coding or codeableConcept', 'code');
  if (code !== undefined) {
    const system = input.string('system');
    if (system === undefined) throw badRequest('Parameter system is required with code', 'system');
    return [ref({ system, code, version: input.string('systemVersion'), display: input.string('display') })];
  }
  const list: Coding[] = coding !== undefined ? [coding] : concept?.coding ?? [];
  return list.map((c) => {
    if (c.system === undefined) throw badRequest('Each coding needs a system', 'coding');
    return ref({ system: c.system, code: c.code ?? '', version: c.version, display: c.display ?? input.string('display') });
  });
}

function ref(c: { system: string; code: string; version: string | undefined; display: string | undefined }): CodeRef {
  return { system: c.system, code: c.code, ...(c.version !== undefined && { version: c.version }), ...(c.display !== undefined && { display: c.display }) };
}

/** Runs ValueSet/$validate-code. */
export async function valueSetValidateCode({ input, instance, terminology }: OperationCall<'ValueSet'>): Promise<Parameters> {
  const source = valueSetSource(input, instance);
  const activeOnly = input.boolean('activeOnly');
  const req: ValueSetValidateRequest = {
    valueSet: source.valueSet,
    codings: codingsOf(input),
    ...(source.valueSetVersion !== undefined && { valueSetVersion: source.valueSetVersion }),
    ...(activeOnly !== undefined && { activeOnly }),
  };
  return validateCodeParameters(await terminology.validateCodeInValueSet(req));
}
