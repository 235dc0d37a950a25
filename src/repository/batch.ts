/**
 * batch: every entry runs independently in its own store transaction (with the same semantics as a
 * one-entry transaction); a failing entry gets its OperationOutcome in `entry.response.outcome`.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { fail, isOperationOutcomeError, STATUS_BY_CATEGORY } from '../core/outcomes.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { prepareEntry, type PreferReturn } from './bundle-entry.js';
import { runTransaction } from './transaction.js';
import { runWrite } from './write.js';

/** Runs a batch bundle's entries in order; never throws for a failing entry. */
export async function runBatch(deps: RepoDeps, ctx: RequestContext, entries: readonly unknown[], prefer: PreferReturn): Promise<Bundle> {
  const out: BundleEntry[] = [];
  for (const [index, raw] of entries.entries()) {
    try {
      const entry = prepareEntry(raw, index, ctx.baseUrl);
      const response = await runWrite(deps, entry.ifMatch, async (tx) => {
        const fresh = prepareEntry(raw, index, ctx.baseUrl);
        return (await runTransaction(deps, ctx, tx, [fresh], prefer)).entry?.[0];
      });
      out.push(response ?? { response: { status: '200 OK' } });
    } catch (e) {
      const error = isOperationOutcomeError(e) ? e : fail('internal', 'Unexpected error while processing the entry');
      out.push({ response: { status: String(STATUS_BY_CATEGORY[error.category]), outcome: error.outcome } });
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: out };
}
