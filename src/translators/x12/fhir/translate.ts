/**
 * X12 → FHIR entry point: one parsed transaction set (loop tree) → one transaction Bundle + issues.
 * 837P/I/D → Claim …; 835 → ClaimResponse + EOB + PaymentReconciliation; 834 → Coverage …; 270 →
 * CoverageEligibilityRequest; 278 → Claim (preauthorization) / ClaimResponse. 276 is a query, not
 * data: see `mapClaimStatusQueries`. Pure: the clock, ids and code mapping come from the context.
 * https://hl7.org/fhir/us/carin-bb/ ; https://hl7.org/fhir/us/davinci-pas/
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue, isOperationOutcomeError } from '../../../core/outcomes.js';
import { descendants, el, loopsIn, segmentIn, type X12Loop, type X12TransactionSpec } from '../transactions/index.js';
import { X12BundleBuilder } from './bundle.js';
import { mapClaim } from './claim-837.js';
import { fhirDate, text } from './common.js';
import type { X12TranslateContext, X12TranslateResult } from './context.js';
import { mapEligibilityRequests } from './eligibility-270.js';
import { mapEnrollment, type EnrollmentReplacement } from './enrollment-834.js';
import { mapClaimPayment, mapPayment, remittanceHeader } from './remittance-835.js';
import { mapServicesReview } from './review-278.js';

/** The result, with the 834 replacement scope when the file is a full replacement (BGN08 = RX). */
export interface X12TranslateOutput extends X12TranslateResult {
  readonly enrollment?: EnrollmentReplacement;
}

/** Translates one transaction set (its spec and loop tree). Content problems become issues. */
export function translateX12Transaction(spec: X12TransactionSpec, root: X12Loop, ctx: X12TranslateContext): X12TranslateOutput {
  const b = new X12BundleBuilder(ctx);
  const issues: OperationOutcomeIssue[] = [];
  let enrollment: EnrollmentReplacement | undefined;
  try {
    switch (spec.name) {
      case '837P': case '837I': case '837D': {
        const created = fhirDate(el(segmentIn(root, 'BHT'), 4)) ?? ctx.now().toISOString().slice(0, 10);
        for (const claim of descendants(root, '2300')) {
          try {
            mapClaim(ctx, b, spec.name, claim, created);
          } catch (e) {
            issues.push(issue('error', 'processing', `claim ${text(claim.items[0]?.kind === 'segment' ? claim.items[0] : undefined, 1)}: ${message(e)}`, `2300@${claim.position}`));
          }
        }
        break;
      }
      case '835': {
        const header = remittanceHeader(ctx, b, root);
        const claims = loopsIn(root, '2000').flatMap((lx) => loopsIn(lx, '2100')).map((c) => mapClaimPayment(ctx, b, header, c));
        mapPayment(ctx, b, header, root, claims);
        break;
      }
      case '834':
        enrollment = mapEnrollment(ctx, b, root);
        if (enrollment.fullReplacement) {
          issues.push(issue('information', 'informational', 'full-file replacement (BGN08 = RX): coverages of this sponsor and payer absent from the file are to be ended', 'BGN08'));
        }
        if (enrollment.memberTerminations.length > 0) {
          issues.push(issue('information', 'informational', `${enrollment.memberTerminations.length} member-level termination(s) without HD: every coverage of the member ends`, 'INS03'));
        }
        break;
      case '270':
        mapEligibilityRequests(ctx, b, root);
        break;
      case '278':
        mapServicesReview(ctx, b, root);
        break;
      default:
        issues.push(issue('information', 'not-supported', `${spec.name} carries no data to store (it is answered, not translated)`));
    }
  } catch (e) {
    issues.push(issue('error', 'processing', `${spec.name}: ${message(e)}`));
  }
  return { bundle: b.build(), issues, ...(enrollment === undefined ? {} : { enrollment }) };
}

function message(e: unknown): string {
  if (isOperationOutcomeError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Translates one business unit handed out by the stream validator (an 837 2300 claim or an 835 2100
 * claim payment, its ancestors still in the tree) into its own transaction Bundle: huge files are
 * translated claim by claim with bounded memory.
 */
export function translateX12Unit(spec: X12TransactionSpec, unit: X12Loop, ctx: X12TranslateContext): X12TranslateResult {
  const b = new X12BundleBuilder(ctx);
  const issues: OperationOutcomeIssue[] = [];
  let root = unit;
  while (root.parent !== undefined) root = root.parent;
  try {
    if ((spec.name === '837P' || spec.name === '837I' || spec.name === '837D') && unit.id === '2300') {
      mapClaim(ctx, b, spec.name, unit, fhirDate(el(segmentIn(root, 'BHT'), 4)) ?? ctx.now().toISOString().slice(0, 10));
    } else if (spec.name === '835' && unit.id === '2100') {
      mapClaimPayment(ctx, b, remittanceHeader(ctx, b, root), unit);
    } else {
      issues.push(issue('information', 'not-supported', `${spec.name} loop ${unit.id} is not translated on its own`));
    }
  } catch (e) {
    issues.push(issue('error', 'processing', `${spec.name} loop ${unit.id}: ${message(e)}`));
  }
  return { bundle: b.build(), issues };
}
