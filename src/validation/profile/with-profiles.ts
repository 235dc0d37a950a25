/**
 * A ResourceValidator that adds profile validation to another one (the JSON schema): a resource whose
 * `meta.profile` names a profile we know is validated against it; an unknown one adds a warning only.
 * https://hl7.org/fhir/R4/resource-definitions.html#Meta.profile
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { ResourceValidator } from '../types.js';
import type { ProfileValidator } from './types.js';
import { isObject } from './values.js';

/** The profiles a resource claims (`meta.profile`), as strings. */
export function claimedProfiles(resource: unknown): string[] {
  if (!isObject(resource) || !isObject(resource['meta'])) return [];
  const p = resource['meta']['profile'];
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
}

/** `base` first; when it finds no error, each claimed profile. */
export function withProfiles(base: ResourceValidator, profiles: ProfileValidator): ResourceValidator {
  return {
    validate(resource): OperationOutcomeIssue[] {
      const issues = base.validate(resource);
      const claimed = claimedProfiles(resource);
      if (claimed.length === 0 || issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) return issues;
      for (const url of claimed) issues.push(...profiles.validate(resource, url));
      return issues;
    },
  };
}
