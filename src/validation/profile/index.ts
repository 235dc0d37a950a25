/**
 * StructureDefinition profile validation (US Core and our own profiles in `profiles/`).
 * https://hl7.org/fhir/R4/validation.html#profile
 */
export type { CodeValidator, CodedValue, ProfilePlan, ProfileValidator } from './types.js';
export { createProfileValidator, loadProfileDefinitions, type ProfileValidatorOptions } from './profile-validator.js';
export { codeValidatorFromTerminology, type SyncValueSetTerminology } from './terminology-codes.js';
export { withProfiles, claimedProfiles } from './with-profiles.js';
export { applyValidationPolicy, VALIDATION_POLICIES, type PolicyDecision, type ValidationPolicy } from './policy.js';
