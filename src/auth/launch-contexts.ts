/**
 * EHR launch contexts: an EHR (or an operator) creates one through `POST /admin/api/launch` with the
 * patient (and optionally encounter / fhirContext) in view, and passes its opaque id to the app as the
 * `launch` parameter. Short-lived, kept in memory.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch
 */
import { OAuthError } from './oauth-error.js';
import { ExpiringMap, randomToken, tokenHash } from './expiring-map.js';

/** How long a launch id may be used. */
export const LAUNCH_TTL_SECONDS = 300;

/** One `fhirContext` item (SMART 2.x): a reference or a canonical, with an optional role. */
export interface FhirContextItem {
  readonly reference?: string;
  readonly canonical?: string;
  readonly identifier?: Record<string, unknown>;
  readonly type?: string;
  readonly role?: string;
}

/** The context behind a launch id. */
export interface LaunchContext {
  readonly patient: string;
  readonly encounter: string | undefined;
  readonly fhirContext: readonly FhirContextItem[] | undefined;
}

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/** Launch contexts by (hashed) launch id. */
export class LaunchContexts {
  private readonly map: ExpiringMap<LaunchContext>;

  constructor(clock: () => Date) {
    this.map = new ExpiringMap(clock, 10_000);
  }

  /** Validates the body of `POST /admin/api/launch` and stores it; returns the launch id. */
  create(body: unknown): { launch: string; expiresIn: number; context: LaunchContext } {
    const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const patient = stripType(b['patient'], 'Patient');
    if (patient === undefined) throw new OAuthError('invalid_request', 'patient (a Patient id) is required');
    const encounter = b['encounter'] === undefined ? undefined : stripType(b['encounter'], 'Encounter');
    if (b['encounter'] !== undefined && encounter === undefined) throw new OAuthError('invalid_request', 'encounter must be an Encounter id');
    const fhirContext = b['fhirContext'] === undefined ? undefined : parseFhirContext(b['fhirContext']);
    const context: LaunchContext = { patient, encounter, fhirContext };
    const launch = randomToken(24);
    this.map.set(tokenHash(launch), context, LAUNCH_TTL_SECONDS);
    return { launch, expiresIn: LAUNCH_TTL_SECONDS, context };
  }

  /** The context of a live launch id, or undefined. */
  get(launch: string): LaunchContext | undefined {
    return this.map.get(tokenHash(launch));
  }
}

/** `123` or `Patient/123` → `123`. */
function stripType(v: unknown, type: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  const id = v.startsWith(`${type}/`) ? v.slice(type.length + 1) : v;
  return ID_RE.test(id) ? id : undefined;
}

function parseFhirContext(v: unknown): FhirContextItem[] {
  if (!Array.isArray(v) || v.length > 20) throw new OAuthError('invalid_request', 'fhirContext must be an array of at most 20 items');
  return v.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new OAuthError('invalid_request', 'fhirContext items must be objects');
    const r = item as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of ['reference', 'canonical', 'type', 'role'] as const) {
      if (r[k] === undefined) continue;
      if (typeof r[k] !== 'string' || r[k].length > 256) throw new OAuthError('invalid_request', `fhirContext.${k} must be a short string`);
      out[k] = r[k];
    }
    if (out['reference'] === undefined && out['canonical'] === undefined) throw new OAuthError('invalid_request', 'fhirContext items need a reference or a canonical');
    return out as FhirContextItem;
  });
}
