/**
 * `POST /` with a Bundle: dispatches `transaction` (atomic) and `batch` (independent entries).
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle } from 'fhir/r4.js';
import { badRequest } from '../core/outcomes.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { prepareEntry, type PreferReturn, type PreparedEntry } from './bundle-entry.js';
import { runBatch } from './batch.js';
import { runTransaction } from './transaction.js';
import { runWrite } from './write.js';

/** Processes a transaction or batch bundle. */
export async function processBundle(deps: RepoDeps, ctx: RequestContext, body: unknown, prefer: PreferReturn): Promise<Bundle> {
  if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'Bundle') {
    throw badRequest('Expected a Bundle resource');
  }
  const bundle = body as Bundle;
  const entries: unknown = bundle.entry ?? [];
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array', 'Bundle.entry');
  if (entries.length > deps.config.maxBundleEntries) {
    throw badRequest(`A bundle may hold at most ${deps.config.maxBundleEntries} entries`, 'Bundle.entry');
  }
  if (bundle.type === 'batch') return runBatch(deps, ctx, entries, prefer);
  if (bundle.type !== 'transaction') throw badRequest(`Bundle.type must be 'transaction' or 'batch' (got '${String(bundle.type)}')`, 'Bundle.type');
  // Validate the shape first (outside the writer), then run. Rewriting mutates the prepared copies, so
  // the first attempt uses these and a retry (lost compare-and-set) prepares fresh ones.
  let first: PreparedEntry[] | undefined = entries.map((e, i) => prepareEntry(e, i, ctx.baseUrl));
  return runWrite(deps, undefined, (tx) => {
    const prepared = first ?? entries.map((e, i) => prepareEntry(e, i, ctx.baseUrl));
    first = undefined;
    return runTransaction(deps, ctx, tx, prepared, prefer);
  });
}
