/**
 * `$validate`: schema validation, reference integrity (as errors) and the update / delete mode checks;
 * returns the outcome instead of throwing. https://hl7.org/fhir/R4/resource-operation-validate.html
 */
import type { OperationOutcome, OperationOutcomeIssue, Resource } from 'fhir/r4.js';
import { allOk, isOperationOutcomeError, issue, outcome } from '../core/outcomes.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';
import { checkReferentialIntegrity } from './references.js';
import { claimedProfiles } from '../validation/profile/with-profiles.js';

/**
 * Validates `body` for `mode`, and against `profile` when given (a profile the repository does not know,
 * or a repository without profiles, is a warning: the base R4 definitions were checked).
 */
export async function validateResource(
  deps: RepoDeps,
  ctx: RequestContext,
  body: unknown,
  mode: 'create' | 'update' | 'delete' | undefined,
  profile: string | undefined,
): Promise<OperationOutcome> {
  const issues: OperationOutcomeIssue[] = [];
  if (mode === 'delete') return allOk('Delete would be accepted');
  issues.push(...deps.validator.validate(body));
  const resource = body as Resource;
  if (mode === 'update' && issues.length === 0 && resource.id === undefined) {
    issues.push(issue('error', 'required', 'An update needs a resource id', `${resource.resourceType}.id`));
  }
  if (profile !== undefined) {
    if (deps.profiles === undefined) {
      issues.push(issue('warning', 'not-supported', `Validation against profile '${profile}' is not supported; checked the base R4 schema`));
    } else if (!issues.some((i) => i.severity === 'error') && !claimedProfiles(body).includes(profile)) {
      // A claimed profile was already checked by the validator (see withProfiles).
      issues.push(...deps.profiles.validate(body, profile));
    }
  }
  if (deps.config.referentialIntegrity && !issues.some((i) => i.severity === 'error')) {
    try {
      await checkReferentialIntegrity(deps, deps.store, resource, ctx.baseUrl);
    } catch (e) {
      if (!isOperationOutcomeError(e)) throw e;
      issues.push(...e.outcome.issue);
    }
  }
  return issues.length === 0 ? allOk() : outcome(...issues);
}
