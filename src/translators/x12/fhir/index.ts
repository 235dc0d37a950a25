/** X12 → FHIR translation (pure). */
export * from './context.js';
export { X12BundleBuilder, conditionalUrl, type X12WriteMode } from './bundle.js';
export { translateX12Transaction, translateX12Unit, type X12TranslateOutput } from './translate.js';
export { readEligibilityInquiries, type EligibilityInquiry } from './eligibility-270.js';
export { mapClaimStatusQueries, type ClaimStatusQuery } from './status-276.js';
export type { EnrollmentReplacement } from './enrollment-834.js';
