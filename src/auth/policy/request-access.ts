/**
 * The authorization state of one request: every decision the handler asked for, and the Patient
 * compartment the whole request is then confined to. A request is confined as soon as one of its
 * decisions is (the narrowest wins); decisions naming two different compartments are refused.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import type { Permission } from '../scopes.js';
import type { AccessPolicy, Decision } from './access-policy.js';

export class RequestAccess {
  private confinedTo: string | undefined;
  private decided = false;

  constructor(readonly policy: AccessPolicy) {}

  /** Decides `permission` on `resourceType` and records the compartment it needs. */
  check(resourceType: string, permission: Permission): Decision {
    const d = this.policy.decide(resourceType, permission);
    if (!d.allowed) return d;
    this.decided = true;
    if (d.compartment !== undefined) {
      if (this.confinedTo !== undefined && this.confinedTo !== d.compartment) {
        return { allowed: false, reason: `The request would span the compartments ${this.confinedTo} and ${d.compartment}` };
      }
      this.confinedTo = d.compartment;
    }
    return d;
  }

  /**
   * The compartment the request is confined to. Before any decision (a handler that forgot to ask),
   * the token's own compartment, so that forgetting never widens access.
   */
  get compartment(): string | undefined {
    return this.decided ? this.confinedTo : (this.confinedTo ?? this.policy.compartment);
  }
}

const states = new WeakMap<object, RequestAccess>();

/** The state for one request (keyed by its response object), created on first use. */
export function requestAccess(key: object, policy: AccessPolicy): RequestAccess {
  let s = states.get(key);
  if (s === undefined || s.policy !== policy) {
    s = new RequestAccess(policy);
    states.set(key, s);
  }
  return s;
}
