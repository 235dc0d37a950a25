/**
 * Store reads behind the pure X12 responder. `respondToX12` asks its lookups synchronously, so the
 * questions (eligibility inquiries, claim status queries) are read from the input first and answered
 * through FhirRepository searches; the responder then reads the answers. 271: Coverage of the member (Patient by member id → Coverage by beneficiary);
 * 277: Claim / ClaimResponse found by the query's searches.
 * https://x12.org (270/271, 276/277) · https://hl7.org/fhir/R4/search.html
 */
import type { Bundle, Coverage, Resource } from 'fhir/r4.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import {
  defaultIdentifierSystem, mapClaimStatusQueries, readEligibilityInquiries, type ClaimStatusQuery, type EligibilityInquiry, type X12TranslateContext,
} from '../../translators/x12/fhir/index.js';
import { CLAIM_NOT_FOUND, type ClaimStatusAnswer, type X12Lookups } from '../../translators/x12/generate/index.js';
import { parseX12 } from '../../translators/x12/index.js';
import { parseTransactions } from '../../translators/x12/transactions/index.js';
import { claimStatusOf } from './claim-status.js';

const memberKey = (q: EligibilityInquiry): string => `${q.payerId}|${q.memberId}`;
const statusKey = (q: ClaimStatusQuery): string => q.searches.join('\n');

function resources<T extends Resource>(b: Bundle, type: T['resourceType']): T[] {
  const out: T[] = [];
  for (const e of b.entry ?? []) if (e.resource?.resourceType === type) out.push(e.resource as Resource as T);
  return out;
}

/** Coverages of the member of `q` (empty: unknown member). */
async function coveragesOf(repo: FhirInteractions, ctx: RequestContext, q: EligibilityInquiry): Promise<Coverage[]> {
  if (q.memberId === '') return [];
  const system = defaultIdentifierSystem('member', q.payerId);
  const patients = resources(await repo.search(ctx, 'Patient', new URLSearchParams({ identifier: `${system}|${q.memberId}`, _count: '10' })), 'Patient');
  const out: Coverage[] = [];
  for (const p of patients) {
    if (p.id === undefined) continue;
    out.push(...resources<Coverage>(await repo.search(ctx, 'Coverage', new URLSearchParams({ beneficiary: `Patient/${p.id}`, _count: '50' })), 'Coverage'));
  }
  return out;
}

/**
 * Answers every question `input` will ask, from the store; the lookups to pass to `respondToX12`.
 * The questions are read from the loop trees (no SNIP run, no translation): the same readers the
 * 271 / 277 builders use.
 */
export async function prefetchLookups(repo: FhirInteractions, ctx: RequestContext, input: string, translate: X12TranslateContext): Promise<X12Lookups> {
  const inquiries = new Map<string, EligibilityInquiry>();
  const queries = new Map<string, ClaimStatusQuery>();
  for (const t of parseTransactions(parseX12(input).envelope)) {
    if (t.root === undefined) continue;
    if (t.spec?.name === '270') for (const q of readEligibilityInquiries(t.root)) inquiries.set(memberKey(q), q);
    if (t.spec?.name === '276') for (const q of mapClaimStatusQueries(translate, t.root)) queries.set(statusKey(q), q);
  }
  const coverages = new Map<string, Coverage[]>();
  for (const [k, q] of inquiries) coverages.set(k, await coveragesOf(repo, ctx, q));
  const statuses = new Map<string, ClaimStatusAnswer>();
  for (const [k, q] of queries) statuses.set(k, await claimStatusOf(repo, ctx, q));
  return {
    coverages: (q) => coverages.get(memberKey(q)) ?? [],
    claimStatus: (q) => statuses.get(statusKey(q)) ?? CLAIM_NOT_FOUND,
  };
}
