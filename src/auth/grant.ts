/**
 * What a user authorized: the client, the scopes left after consent and the launch context. It travels
 * from the consent page through the authorization code to the tokens and every refresh.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-access-token
 */
import type { FhirContextItem } from './launch-contexts.js';

/** An authorization granted by a user to a client. */
export interface Grant {
  readonly clientId: string;
  /** Granted scope string. */
  readonly scope: string;
  /** Local user id (`sub`). */
  readonly subject: string;
  /** Relative reference of the user's FHIR resource. */
  readonly fhirUser: string;
  readonly patient: string | undefined;
  readonly encounter: string | undefined;
  readonly fhirContext: readonly FhirContextItem[] | undefined;
  /** True when the app must show a patient banner (standalone launch: no EHR around it). */
  readonly needPatientBanner: boolean;
}

/** Reads a stored grant back (refresh token file). */
export function parseGrant(raw: unknown, where: string): Grant {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: grant is not an object`);
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const clientId = str('clientId');
  const subject = str('subject');
  const fhirUser = str('fhirUser');
  if (clientId === undefined || subject === undefined || fhirUser === undefined) throw new Error(`${where}: grant lacks clientId / subject / fhirUser`);
  return {
    clientId,
    scope: str('scope') ?? '',
    subject,
    fhirUser,
    patient: str('patient'),
    encounter: str('encounter'),
    fhirContext: Array.isArray(r['fhirContext']) ? (r['fhirContext'] as FhirContextItem[]) : undefined,
    needPatientBanner: r['needPatientBanner'] === true,
  };
}
