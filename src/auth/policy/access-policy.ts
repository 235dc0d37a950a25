/**
 * The compiled authorization policy of one access token: its SMART scopes (v1 `patient/Observation.read`,
 * `user/*.write`, `system/*.*`; v2 `.cruds` letters and `?param=value` restrictions) turned once into
 * rules that answer "may this token do `permission` on `resourceType`, confined to which Patient
 * compartment and narrowed by which search constraints?".
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import type { Permission, Scope } from '../scopes.js';

/** The token claims a policy is compiled from (a subset of `AccessToken`). */
export interface PolicySource {
  readonly scopes: readonly Scope[];
  /** Launch context patient id: the compartment of `patient/` scopes. */
  readonly patient?: string;
  /** The user's FHIR resource (`Patient/1`, `Practitioner/2`): a Patient confines `user/` scopes. */
  readonly fhirUser?: string;
}

/** One resource scope, resolved against the token's context. */
export interface PolicyRule {
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
  /** `Patient/123` when the rule only reaches that compartment. */
  readonly compartment: string | undefined;
  /** v2 granular restriction (`category=laboratory`), as search parameters. */
  readonly constraint: URLSearchParams | undefined;
  /** The scope as written, for messages. */
  readonly scope: string;
}

/** What a policy answers for one (type, permission). */
export type Decision =
  | { readonly allowed: false; readonly reason: string }
  | {
      readonly allowed: true;
      /** Confine the interaction to this compartment (`Patient/123`). */
      readonly compartment: string | undefined;
      /** The resource must match at least one of these (search-parameter AND within one); undefined = any. */
      readonly constraints: readonly URLSearchParams[] | undefined;
    };

const FULL: Decision = { allowed: true, compartment: undefined, constraints: undefined };

/**
 * Types outside the Patient compartment definition that still hold one patient's data. A confined
 * token may not reach them at all (documents, messages, payments of anyone)...
 */
export const CONFINED_DENIED: ReadonlySet<string> = new Set([
  'Binary', 'Bundle', 'Contract', 'DeviceMetric', 'EnrollmentResponse', 'Linkage', 'MessageHeader', 'PaymentNotice',
  'PaymentReconciliation', 'Subscription', 'TestReport', 'VerificationResult', 'BiologicallyDerivedProduct',
]);

/** ...or only those that point at the compartment's patient through this search parameter (US Core `Device?patient=`). */
export const CONFINED_BY_PARAM: Readonly<Record<string, string>> = { Device: 'patient', GuidanceResponse: 'subject' };

/** A confined decision, with the per-type rules above applied. */
function confine(resourceType: string, compartment: string, constraints: readonly URLSearchParams[] | undefined): Decision {
  if (CONFINED_DENIED.has(resourceType)) {
    return { allowed: false, reason: `${resourceType} is outside the Patient compartment and is not available to a patient-confined token` };
  }
  const param = CONFINED_BY_PARAM[resourceType];
  if (param === undefined) return { allowed: true, compartment, constraints };
  const own = (c: URLSearchParams): URLSearchParams => {
    const out = new URLSearchParams(c);
    out.append(param, compartment);
    return out;
  };
  return { allowed: true, compartment, constraints: (constraints ?? [new URLSearchParams()]).map(own) };
}

/** A compiled, immutable policy. Build it with `compilePolicy` (or `policyOf`, which caches per token). */
export class AccessPolicy {
  private readonly memo = new Map<string, Decision>();

  constructor(
    readonly rules: readonly PolicyRule[],
    /** The compartment any confined rule of this token uses (for requests that decided nothing yet). */
    readonly compartment: string | undefined,
  ) {}

  /**
   * The decision for `permission` on `resourceType` (`*` asks for every type: only wildcard scopes
   * answer it). Several scopes may cover one interaction: the decision uses the widest single kind —
   * unconfined and unrestricted first, then confined, then restricted (the union of their restrictions).
   * Picking one kind is never wider than what the token grants.
   */
  decide(resourceType: string, permission: Permission): Decision {
    const key = `${resourceType}.${permission}`;
    let d = this.memo.get(key);
    if (d === undefined) {
      d = this.compute(resourceType, permission);
      this.memo.set(key, d);
    }
    return d;
  }

  private compute(resourceType: string, permission: Permission): Decision {
    const matching = this.rules.filter((r) => (r.resourceType === '*' || r.resourceType === resourceType) && r.permissions.has(permission));
    if (matching.length === 0) {
      return { allowed: false, reason: `The access token does not allow '${permission}' on ${resourceType === '*' ? 'all resource types' : resourceType}` };
    }
    if (matching.some((r) => r.compartment === undefined && r.constraint === undefined)) return FULL;
    const confined = matching.find((r) => r.constraint === undefined);
    if (confined?.compartment !== undefined) return confine(resourceType, confined.compartment, undefined);
    const open = matching.filter((r) => r.compartment === undefined);
    const chosen = open.length > 0 ? open : matching.filter((r) => r.compartment === matching[0]?.compartment);
    const constraints = chosen.map((r) => r.constraint ?? new URLSearchParams());
    const compartment = chosen[0]?.compartment;
    return compartment === undefined ? { allowed: true, compartment, constraints } : confine(resourceType, compartment, constraints);
  }
}

/** Compiles a token's scopes once. A `patient/` scope without a `patient` claim grants nothing. */
export function compilePolicy(source: PolicySource): AccessPolicy {
  const rules: PolicyRule[] = [];
  const userPatient = source.fhirUser !== undefined && /^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(source.fhirUser) ? source.fhirUser : undefined;
  const launchPatient = source.patient !== undefined && /^[A-Za-z0-9\-.]{1,64}$/.test(source.patient) ? `Patient/${source.patient}` : undefined;
  let anyCompartment: string | undefined;
  for (const s of source.scopes) {
    if (s.kind !== 'resource') continue;
    let compartment: string | undefined;
    if (s.context === 'patient') {
      if (launchPatient === undefined) continue;
      compartment = launchPatient;
    } else if (s.context === 'user') {
      compartment = userPatient;
    }
    anyCompartment ??= compartment;
    const scope = `${s.context}/${s.resourceType}.${[...s.permissions].join('')}${s.query !== undefined ? `?${s.query}` : ''}`;
    const constraint = s.query === undefined ? undefined : new URLSearchParams(s.query);
    // An empty restriction (`?`) restricts nothing.
    rules.push({ resourceType: s.resourceType, permissions: s.permissions, compartment, constraint: constraint !== undefined && [...constraint.keys()].length > 0 ? constraint : undefined, scope });
  }
  return new AccessPolicy(rules, anyCompartment);
}
