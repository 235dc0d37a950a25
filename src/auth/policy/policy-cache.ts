/**
 * One compiled policy per verified token: the verified-token cache hands out the same `AccessToken`
 * object for the same bearer string, so a WeakMap keyed by it compiles each token's scopes once.
 */
import { compilePolicy, type AccessPolicy, type PolicySource } from './access-policy.js';

const compiled = new WeakMap<PolicySource, AccessPolicy>();

/** The token's policy (compiled on first use). */
export function policyOf(token: PolicySource): AccessPolicy {
  let p = compiled.get(token);
  if (p === undefined) {
    p = compilePolicy(token);
    compiled.set(token, p);
  }
  return p;
}
