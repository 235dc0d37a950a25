/**
 * `CodeSystem/$subsumes` (GET / POST, type and instance level): how two codes of one code system
 * relate. Inputs: `codeA` + `codeB` + `system` (+ `version`), or `codingA` + `codingB` (same system).
 * Output: `outcome` (equivalent | subsumes | subsumed-by | not-subsumed). An unknown code is a 400,
 * an unknown code system a 404. https://hl7.org/fhir/R4/codesystem-operation-subsumes.html
 */
import type { Parameters } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { OperationCall } from './operation.js';
import { ParametersBuilder } from './parameters.js';
import { codeInSystem } from './code-input.js';

/** Runs $subsumes. */
export async function subsumes({ input, instance, terminology }: OperationCall<'CodeSystem'>): Promise<Parameters> {
  const a = codeInSystem(input, instance, { code: 'codeA', system: 'system', version: 'version', coding: 'codingA' });
  const b = codeInSystem(input, instance, { code: 'codeB', system: 'system', version: 'version', coding: 'codingB' });
  const system = a.system ?? b.system;
  if (system === undefined) throw badRequest('$subsumes needs a system', 'system');
  if ((a.system ?? system) !== (b.system ?? system)) throw badRequest('codingA and codingB must have the same system', 'codingB');
  const version = a.version ?? b.version;
  const outcome = await terminology.subsumes({ system, codeA: a.code, codeB: b.code, ...(version !== undefined && { version }) });
  return new ParametersBuilder().add('outcome', 'valueCode', outcome).build();
}
