/**
 * `CodeSystem/$validate-code` (GET / POST, type and instance level): is the code in the code system?
 * Inputs: `url` + `code` (+ `version`, `display`), or `coding`, or `codeableConcept` (valid when any of
 * its codings in `url` is). An unknown code is `result=false`; an unknown code system is a 404.
 * https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
 */
import type { Parameters } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { CodeSystemValidateRequest, ValidateCodeResult } from '../../../ports/terminology-service.js';
import type { OperationCall } from './operation.js';
import { codeInSystem } from './code-input.js';
import { validateCodeParameters } from './validate-result.js';

const NAMES = { code: 'code', system: 'url', version: 'version', coding: 'coding' } as const;

/** Runs CodeSystem/$validate-code. */
export async function codeSystemValidateCode({ input, instance, terminology }: OperationCall<'CodeSystem'>): Promise<Parameters> {
  if (input.has('codeSystem')) throw badRequest('The codeSystem parameter is not supported; store the CodeSystem and use its url', 'codeSystem');
  const concept = input.codeableConcept('codeableConcept');
  if (concept === undefined) {
    const ref = codeInSystem(input, instance, NAMES);
    if (ref.system === undefined) throw badRequest('$validate-code needs url (or a coding with a system)', 'url');
    const req: CodeSystemValidateRequest = {
      url: ref.system, code: ref.code,
      ...(ref.version !== undefined && { version: ref.version }),
      ...(ref.display !== undefined && { display: ref.display }),
    };
    return validateCodeParameters(await terminology.validateCodeInCodeSystem(req));
  }
  const url = instance?.url ?? input.string('url');
  if (url === undefined) throw badRequest('$validate-code with a codeableConcept needs url', 'url');
  const version = input.string('version') ?? instance?.version;
  let last: ValidateCodeResult = { result: false, message: `No coding of the codeableConcept is in ${url}`, issues: [] };
  for (const c of (concept.coding ?? []).filter((x) => x.system === url)) {
    last = await terminology.validateCodeInCodeSystem({
      url, code: c.code ?? '',
      ...(version !== undefined && { version }),
      ...(c.display !== undefined && { display: c.display }),
    });
    if (last.result) break;
  }
  return validateCodeParameters(last);
}
