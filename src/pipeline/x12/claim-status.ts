/**
 * The status of the claim a 276 asks about, from the store: the query's searches find a Claim (by the
 * provider's patient control number, CLM01) or a ClaimResponse (by the payer's claim number); a found
 * Claim is followed to its latest adjudication (a ClaimResponse whose `request` is the Claim, by id
 * or by its identifier as an 835 writes it). The STC it becomes:
 * - finalized (an 835 was applied): F1:1 paid, F2:1 denied (CLP02 = 4 or nothing paid), with the
 *   paid amount and date (CSC 1: see the remittance advice);
 * - adjudication pending (accepted claim, no final ClaimResponse): P1:20;
 * - not found: A4:35.
 * https://x12.org (005010X212 STC: claim status category codes 507, claim status codes 508)
 */
import type { Bundle, Claim, ClaimResponse, Resource } from 'fhir/r4.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import type { ClaimStatusQuery } from '../../translators/x12/fhir/index.js';
import { CLAIM_NOT_FOUND, type ClaimStatusAnswer } from '../../translators/x12/generate/index.js';

/** Accepted into adjudication, not finalized. */
export const CLAIM_PENDING: ClaimStatusAnswer = { category: 'P1', status: '20' };

/** The answer a ClaimResponse stands for. */
export function statusOfResponse(cr: ClaimResponse): ClaimStatusAnswer {
  if (cr.outcome !== 'complete') return CLAIM_PENDING;
  const paid = cr.payment?.amount?.value;
  const denied = cr.disposition === '4' || paid === undefined || paid === 0;
  return {
    category: denied ? 'F2' : 'F1', status: '1',
    ...(paid === undefined ? {} : { paid }), ...(cr.payment?.date === undefined ? {} : { paidDate: cr.payment.date }),
  };
}

const resourcesOf = <T extends Resource>(found: Bundle | undefined, type: T['resourceType']): T[] =>
  (found?.entry ?? []).map((e): Resource | undefined => e.resource).filter((r): r is T => r?.resourceType === type);

/** The latest claim (not preauthorization) ClaimResponse of `claim`, if any. */
async function adjudicationOf(repo: FhirInteractions, ctx: RequestContext, claim: Claim): Promise<ClaimResponse | undefined> {
  const queries = [
    ...(claim.id === undefined ? [] : [{ request: `Claim/${claim.id}` }]),
    ...(claim.identifier ?? []).filter((i) => i.value !== undefined).map((i) => ({ 'request:identifier': `${i.system ?? ''}|${i.value ?? ''}` })),
  ];
  const found: ClaimResponse[] = [];
  for (const q of queries) {
    const page = await repo.search(ctx, 'ClaimResponse', new URLSearchParams({ ...q, _count: '20' })).catch(() => undefined);
    found.push(...resourcesOf<ClaimResponse>(page, 'ClaimResponse').filter((cr) => cr.use !== 'preauthorization'));
  }
  return found.sort((a, b) => (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''))[0];
}

/** The STC answer of `q` (see above). */
export async function claimStatusOf(repo: FhirInteractions, ctx: RequestContext, q: ClaimStatusQuery): Promise<ClaimStatusAnswer> {
  for (const s of q.searches) {
    const [type, query] = s.split('?', 2);
    if (type === undefined) continue;
    const page = await repo.search(ctx, type, new URLSearchParams(query ?? '')).catch(() => undefined);
    const response = resourcesOf<ClaimResponse>(page, 'ClaimResponse')[0];
    if (response !== undefined) return statusOfResponse(response);
    const claim = resourcesOf<Claim>(page, 'Claim')[0];
    if (claim === undefined) continue;
    const adjudication = await adjudicationOf(repo, ctx, claim);
    return adjudication === undefined ? CLAIM_PENDING : statusOfResponse(adjudication);
  }
  return CLAIM_NOT_FOUND;
}
