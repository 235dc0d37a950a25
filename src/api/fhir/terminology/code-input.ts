/**
 * Reads "a code in a system" the way the CodeSystem operations take it: separate `code` / `system` /
 * `version` parameters or one Coding parameter, and at instance level the stored CodeSystem's url.
 * https://hl7.org/fhir/R4/codesystem-operations.html
 */
import type { CodeSystem } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { OperationInput } from './parameters.js';

/** The parameter names of one code (they differ per operation: `code`/`codeA`, `coding`/`codingA`, `system`/`url`). */
export interface CodeParamNames {
  readonly code: string;
  readonly system: string;
  readonly version: string;
  readonly coding: string;
}

/** A code, with the system when one was given. */
export interface CodeInput {
  readonly code: string;
  readonly system: string | undefined;
  readonly version: string | undefined;
  readonly display: string | undefined;
}

/** The code named by `names`; 400 when there is none or the pieces disagree. */
export function codeInSystem(input: OperationInput, instance: CodeSystem | undefined, names: CodeParamNames): CodeInput {
  const coding = input.coding(names.coding);
  const code = input.string(names.code);
  if (coding !== undefined && code !== undefined) throw badRequest(`Give ${names.code} or ${names.coding}, not both`, names.code);
  const got = coding?.code ?? code;
  if (got === undefined) throw badRequest(`Parameter ${names.code} (or ${names.coding}) is required`, names.code);
  let system = coding?.system ?? input.string(names.system);
  let version = coding?.version ?? input.string(names.version);
  if (instance !== undefined) {
    if (instance.url === undefined) throw badRequest('The CodeSystem has no url', 'CodeSystem.url');
    if (system !== undefined && system !== instance.url) throw badRequest(`System ${system} is not this CodeSystem (${instance.url})`, names.system);
    system = instance.url;
    version ??= instance.version;
  }
  const display = coding?.display ?? input.string('display');
  return { code: got, system, version, display };
}
