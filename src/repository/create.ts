/**
 * create (POST), with conditional create (`If-None-Exist`). The server assigns the id; a client id in
 * the body is ignored. https://hl7.org/fhir/R4/http.html#create and #ccreate
 */
import type { FhirStoreTransaction } from '../ports/fhir-store.js';
import type { RequestContext, WriteOptions } from './types.js';
import type { RepoDeps } from './context.js';
import { commitResource, type CommitResult } from './write.js';
import { asResource } from './resource-utils.js';
import { findConditionalMatches, multipleMatches } from './conditional.js';

/** Creates `body` (or returns the single match of `ifNoneExist`; several matches → 412). */
export async function createResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  body: unknown,
  options: WriteOptions | undefined,
  assignedId?: string,
): Promise<CommitResult> {
  const resource = asResource(body);
  if (options?.ifNoneExist !== undefined) {
    const matches = await findConditionalMatches(deps, ctx, tx, resource.resourceType, options.ifNoneExist, 2);
    if (matches.length > 1) throw multipleMatches('If-None-Exist', matches.length);
    const existing = matches[0];
    if (existing !== undefined) return { version: existing, created: false, changed: false, outcome: undefined };
  }
  return commitResource(deps, ctx, tx, resource, assignedId ?? deps.ids(), undefined, 'POST');
}
