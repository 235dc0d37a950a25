/**
 * patch: JSON Patch (RFC 6902, `fast-json-patch`) or FHIRPath Patch applied to the current version.
 * https://hl7.org/fhir/R4/http.html#patch
 */
import type { Resource } from 'fhir/r4.js';
import jsonpatch from 'fast-json-patch';
import { badRequest, fail } from '../core/outcomes.js';
import type { FhirStoreTransaction } from '../ports/fhir-store.js';
import type { PatchBody, RequestContext, WriteOptions } from './types.js';
import type { RepoDeps } from './context.js';
import { applyFhirPathPatch } from './fhirpath-patch.js';
import { readLive } from './read.js';
import { checkIfMatch, commitResource, type CommitResult } from './write.js';

type Operation = Parameters<typeof jsonpatch.applyPatch>[1][number];

/** Narrows a JSON Patch document (an array of operations with `op` and `path`). */
function asOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) throw badRequest('A JSON Patch body must be an array of operations');
  ops.forEach((op: unknown, i) => {
    if (typeof op !== 'object' || op === null || typeof (op as Record<string, unknown>)['op'] !== 'string' || typeof (op as Record<string, unknown>)['path'] !== 'string') {
      throw badRequest('Each JSON Patch operation needs `op` and `path`', `[${i}]`);
    }
  });
  return ops as Operation[];
}

/** Applies a JSON Patch to a copy of `resource`; a failed `test` → 422, a malformed patch → 400. */
export function applyJsonPatch(resource: Resource, ops: unknown): Resource {
  const operations = asOperations(ops);
  try {
    const result = jsonpatch.applyPatch(structuredClone(resource), operations, true, true, true).newDocument;
    return result;
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    const message = e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e);
    if (name === 'TEST_OPERATION_FAILED') throw fail('unprocessable', `JSON Patch test failed: ${message}`);
    throw badRequest(`Invalid JSON Patch: ${message}`);
  }
}

/** Applies `patch` to the current version of `type/id` and writes the result as a new version. */
export async function patchResource(
  deps: RepoDeps,
  ctx: RequestContext,
  tx: FhirStoreTransaction,
  resourceType: string,
  id: string,
  patch: PatchBody,
  options: WriteOptions | undefined,
): Promise<CommitResult> {
  const current = await readLive(deps, ctx, tx, resourceType, id);
  checkIfMatch(options?.ifMatch, current);
  const patched = patch.kind === 'json-patch' ? applyJsonPatch(current.resource, patch.operations) : applyFhirPathPatch(current.resource, patch.parameters);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('The patch result is not a resource');
  if (patched.resourceType !== resourceType || patched.id !== id) {
    throw fail('unprocessable', 'A patch may not change the resource type or id');
  }
  return commitResource(deps, ctx, tx, patched, id, current, 'PATCH');
}
