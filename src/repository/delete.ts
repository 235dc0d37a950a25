/**
 * delete: writes a deletion version; deleting a missing or already deleted resource succeeds (idempotent).
 * https://hl7.org/fhir/R4/http.html#delete
 */
import type { FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';
import type { RequestContext, WriteOptions } from './types.js';
import type { RepoDeps } from './context.js';
import { assertReadable, assertWritable } from './compartment.js';
import { assertResourceTypeName, isValidId } from './resource-utils.js';
import { checkDeletable, checkIfMatch, commitDelete } from './write.js';

/**
 * Deletes `type/id`; returns the deletion version, or undefined when there was nothing to delete.
 * Under referential integrity a resource other current resources refer to is not deleted (409).
 */
export async function deleteResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  id: string,
  options: WriteOptions | undefined,
): Promise<ResourceVersion | undefined> {
  assertResourceTypeName(resourceType);
  if (!isValidId(id)) return undefined;
  const current = await tx.read(resourceType, id);
  if (current?.resource === undefined || current.deleted) return undefined;
  checkIfMatch(options?.ifMatch, current);
  assertReadable(deps, ctx, current.resource);
  assertWritable(deps, ctx, current.resource);
  const version = await commitDelete(deps, tx, current);
  await checkDeletable(deps, tx, [{ resourceType, id }]);
  return version;
}
