/**
 * update (PUT `Type/id`), including update-as-create with a client-assigned id.
 * https://hl7.org/fhir/R4/http.html#update
 */
import { badRequest } from '../core/outcomes.js';
import type { FhirStoreTransaction } from '../ports/fhir-store.js';
import type { RequestContext, WriteOptions } from './types.js';
import type { RepoDeps } from './context.js';
import { assertReadable } from './compartment.js';
import { asResource, assertResourceTypeName, assertValidId } from './resource-utils.js';
import { checkIfMatch, commitResource, type CommitResult } from './write.js';

/**
 * Replaces `type/id` with `body`. The body id must equal the URL id (400); If-Match must name the current
 * version (412); a missing or deleted resource is (re)created; unchanged content makes no new version.
 */
export async function updateResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  id: string,
  body: unknown,
  options: WriteOptions | undefined,
): Promise<CommitResult> {
  assertResourceTypeName(resourceType);
  assertValidId(id);
  const resource = asResource(body, resourceType);
  if (resource.id === undefined) throw badRequest('The resource has no id; it must equal the id in the URL', `${resourceType}.id`);
  if (resource.id !== id) throw badRequest(`Resource id '${resource.id}' does not match the URL id '${id}'`, `${resourceType}.id`);
  const current = await tx.read(resourceType, id);
  checkIfMatch(options?.ifMatch, current);
  if (current?.resource !== undefined && !current.deleted) assertReadable(deps, ctx, current.resource);
  return commitResource(deps, ctx, tx, resource, id, current, 'PUT');
}
