/**
 * 834 maintenance applied over the stored coverages, after the translated bundle committed (the
 * translator writes adds, changes, terminations and reinstatements itself): member-level
 * terminations without HD loops end every coverage of the member, and a full-file replacement
 * (BGN08 = RX) ends the active coverages of the sponsor that the file does not list.
 * https://x12.org (005010X220A1 834: BGN08, INS03, HD01, DTP 349 / 357)
 */
import type { Bundle, Coverage, Resource } from 'fhir/r4.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import { defaultIdentifierSystem, type EnrollmentReplacement } from '../../translators/x12/fhir/index.js';

function resources<T extends Resource>(b: Bundle, type: T['resourceType']): T[] {
  const out: T[] = [];
  for (const e of b.entry ?? []) if (e.resource?.resourceType === type) out.push(e.resource as Resource as T);
  return out;
}

/** Ends `coverage` on `end` (status cancelled, period.end). */
async function endCoverage(repo: FhirInteractions, ctx: RequestContext, coverage: Coverage, end: string): Promise<void> {
  if (coverage.id === undefined || coverage.status === 'cancelled') return;
  const ended: Coverage = { ...coverage, status: 'cancelled', period: { ...coverage.period, end } };
  await repo.update(ctx, 'Coverage', coverage.id, ended);
}

async function search<T extends Resource>(repo: FhirInteractions, ctx: RequestContext, type: T['resourceType'], params: Record<string, string>): Promise<T[]> {
  return resources<T>(await repo.search(ctx, type, new URLSearchParams({ _count: '1000', ...params })), type);
}

/** Applies member terminations and the full-file replacement of one 834; `fileDate` ends what it ends. */
export async function applyEnrollment(repo: FhirInteractions, ctx: RequestContext, e: EnrollmentReplacement, fileDate: string): Promise<number> {
  let ended = 0;
  for (const t of e.memberTerminations) {
    const patients = await search(repo, ctx, 'Patient', { identifier: `${defaultIdentifierSystem('member', e.payerId)}|${t.subscriberId}` });
    for (const p of patients) {
      for (const c of await search<Coverage>(repo, ctx, 'Coverage', { beneficiary: `Patient/${p.id ?? ''}`, status: 'active' })) {
        await endCoverage(repo, ctx, c, t.end ?? fileDate);
        ended += 1;
      }
    }
  }
  if (e.fullReplacement && e.sponsorId !== '') {
    const listed = new Set(e.coverages.map((i) => `${i.system ?? ''}|${i.value ?? ''}`));
    for (const org of await search(repo, ctx, 'Organization', { identifier: e.sponsorId })) {
      for (const c of await search<Coverage>(repo, ctx, 'Coverage', { 'policy-holder': `Organization/${org.id ?? ''}`, status: 'active' })) {
        if ((c.identifier ?? []).some((i) => listed.has(`${i.system ?? ''}|${i.value ?? ''}`))) continue;
        await endCoverage(repo, ctx, c, fileDate);
        ended += 1;
      }
    }
  }
  return ended;
}
