/**
 * Which ValueSet a ValueSet operation works on: the stored one (instance level), a `valueSet` resource
 * parameter, or a `url` (canonical, `|version` allowed) with `valueSetVersion`.
 * https://hl7.org/fhir/R4/valueset-operations.html
 */
import type { ValueSet } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { OperationInput } from './parameters.js';

/** The ValueSet (or its url) and the version asked for. */
export interface ValueSetSource {
  readonly valueSet: string | ValueSet;
  readonly valueSetVersion: string | undefined;
}

/** Reads the ValueSet to use; 400 when none or more than one is given. */
export function valueSetSource(input: OperationInput, instance: ValueSet | undefined): ValueSetSource {
  const url = input.string('url');
  const inline = input.resource<ValueSet>('valueSet', 'ValueSet');
  const given = [instance, url, inline].filter((x) => x !== undefined).length;
  if (given === 0) throw badRequest('Give the ValueSet: url or valueSet (or call the operation on a stored ValueSet)', 'url');
  if (given > 1 && !(instance !== undefined && url === instance.url && inline === undefined)) {
    throw badRequest('Give exactly one of url, valueSet or a stored ValueSet', 'url');
  }
  const valueSet = instance ?? inline ?? url ?? '';
  return { valueSet, valueSetVersion: input.string('valueSetVersion') };
}
