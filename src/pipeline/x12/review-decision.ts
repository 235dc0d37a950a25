/**
 * The final 278 response of a prior authorization: the 278 request is read back from the inbox entry
 * the Claim came from (Claim.meta.source), the decision from the Claim's latest ClaimResponse (recorded
 * later through the FHIR API: outcome complete, disposition A1 / A3 / A6 / C, preAuthRef, preAuthPeriod),
 * and the response is generated with the pure 278 builder. Pended (A4) while the outcome is not complete.
 * https://x12.org (005010X217 278: HCR) · https://hl7.org/fhir/us/davinci-pas/
 */
import type { Claim, ClaimResponse } from 'fhir/r4.js';
import { conflict, notFound } from '../../core/outcomes.js';
import type { Inbox } from '../../ports/inbox.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import type { AckContext } from '../../translators/x12/ack/index.js';
import { build278Response, type GeneratedX12, type ReviewDecision } from '../../translators/x12/generate/index.js';
import { validateX12 } from '../../translators/x12/snip/index.js';

const ACTIONS = new Set<ReviewDecision['action']>(['A1', 'A3', 'A4', 'A6', 'C']);
const INBOX_SOURCE = 'urn:lyfeai:inbox:';

/** The PAS review action a ClaimResponse records (A4 pended unless its outcome is complete). */
export function decisionOf(cr: ClaimResponse | undefined): ReviewDecision {
  if (cr === undefined || cr.outcome !== 'complete') return { action: 'A4' };
  const asked = cr.disposition as ReviewDecision['action'] | undefined;
  const action: ReviewDecision['action'] = asked !== undefined && ACTIONS.has(asked) ? asked : 'A1';
  return {
    action,
    ...(cr.preAuthRef === undefined ? {} : { authorization: cr.preAuthRef }),
    ...(cr.preAuthPeriod?.start === undefined ? {} : { period: { start: cr.preAuthPeriod.start, ...(cr.preAuthPeriod.end === undefined ? {} : { end: cr.preAuthPeriod.end }) } }),
  };
}

/** The current 278 response of prior authorization Claim `claimId` (404 unknown, 409 not from a 278). */
export async function review278Response(deps: { readonly repo: FhirInteractions; readonly inbox: Pick<Inbox, 'get'> }, ctx: RequestContext,
  claimId: string, ack: AckContext): Promise<{ readonly response: GeneratedX12; readonly decision: ReviewDecision }> {
  const claim = await deps.repo.read(ctx, 'Claim', claimId) as Claim;
  if (claim.use !== 'preauthorization') throw conflict(`Claim/${claimId} is not a prior authorization request`);
  const source = claim.meta?.source ?? '';
  const entry = source.startsWith(INBOX_SOURCE) ? await deps.inbox.get(source.slice(INBOX_SOURCE.length)) : undefined;
  if (entry?.raw === undefined) throw notFound(`the 278 request of Claim/${claimId} is not in the X12 inbox`);
  const request = validateX12(entry.raw).transactions.find((t) => t.spec?.name === '278');
  if (request === undefined) throw notFound(`inbox entry ${entry.id} holds no 278 request`);
  const found = await deps.repo.search(ctx, 'ClaimResponse', new URLSearchParams({ request: `Claim/${claimId}`, _sort: '-_lastUpdated', _count: '1' }));
  const latest = found.entry?.find((e) => e.resource?.resourceType === 'ClaimResponse')?.resource as ClaimResponse | undefined;
  const decision = decisionOf(latest);
  return { response: build278Response(request, () => decision, ack), decision };
}
