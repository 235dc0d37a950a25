/**
 * `ValueSet/$expand` (GET / POST, type and instance level): the ValueSet with its `expansion`.
 * Inputs: the ValueSet (`url`, `valueSet` or the stored one, `valueSetVersion`), `filter`, `offset`,
 * `count`, `activeOnly`, `includeDesignations`. The response is the ValueSet itself (the operation's
 * single `return` output). An unknown ValueSet or code system is a 404.
 * https://hl7.org/fhir/R4/valueset-operation-expand.html
 */
import type { ValueSet } from 'fhir/r4.js';
import type { ExpandRequest } from '../../../ports/terminology-service.js';
import type { OperationCall } from './operation.js';
import { valueSetSource } from './value-set-source.js';

/** Runs $expand. */
export async function expand({ input, instance, terminology }: OperationCall<'ValueSet'>): Promise<ValueSet> {
  const source = valueSetSource(input, instance);
  const filter = input.string('filter');
  const offset = input.integer('offset');
  const count = input.integer('count');
  const activeOnly = input.boolean('activeOnly');
  const includeDesignations = input.boolean('includeDesignations');
  const req: ExpandRequest = {
    valueSet: source.valueSet,
    ...(source.valueSetVersion !== undefined && { valueSetVersion: source.valueSetVersion }),
    ...(filter !== undefined && { filter }),
    ...(offset !== undefined && { offset }),
    ...(count !== undefined && { count }),
    ...(activeOnly !== undefined && { activeOnly }),
    ...(includeDesignations !== undefined && { includeDesignations }),
  };
  return terminology.expand(req);
}
