/**
 * Validation of an authorization request (`/oauth2/authorize`, GET or POST). Problems with the client or
 * its redirect_uri are shown to the user (`unsafe`: never redirected, so no open redirect); every other
 * problem goes back to the registered redirect_uri as `error=`.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1, https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code
 */
import type { ClientStore, OAuthClient } from '../ports/client-store.js';
import { CHALLENGE_RE } from './authorization-codes.js';
import type { LaunchContext, LaunchContexts } from './launch-contexts.js';
import { OAuthError } from './oauth-error.js';
import { grantUserScopes } from './scope-grant.js';
import { hasScope, parseScopes, type Scope } from './scopes.js';

/** A validated authorization request, waiting for login, patient choice and consent. */
export interface AuthorizationRequest {
  readonly client: OAuthClient;
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly nonce: string | undefined;
  /** Requested ∩ registered scopes: what the consent page offers. */
  readonly scopes: readonly Scope[];
  /** EHR launch context, when a `launch` id was given. */
  readonly launch: LaunchContext | undefined;
}

/** Refused before a redirect target is trusted: render to the user, never redirect. */
export class UnsafeAuthorizationError extends Error {}

/** Refused after the redirect target is known: send `error` (and `state`) to `redirectUri`. */
export class RedirectableAuthorizationError extends Error {
  constructor(
    readonly error: OAuthError,
    readonly redirectUri: string,
    readonly state: string | undefined,
  ) {
    super(error.description);
  }
}

/** Validates the parameters of an authorization request. `fhirBase` is the only accepted `aud`. */
export async function validateAuthorizationRequest(
  params: ReadonlyMap<string, string>,
  clients: ClientStore,
  launches: LaunchContexts,
  fhirBase: string,
): Promise<AuthorizationRequest> {
  const clientId = params.get('client_id');
  const client = clientId === undefined ? undefined : await clients.get(clientId);
  if (!client) throw new UnsafeAuthorizationError('Unknown or missing client_id.');
  const registered = client.redirectUris ?? [];
  const redirectUri = params.get('redirect_uri') ?? (registered.length === 1 ? registered[0] : undefined);
  // Exact string comparison (RFC 9700 §4.1.3): no prefix, pattern or normalisation.
  if (redirectUri === undefined || !registered.includes(redirectUri)) throw new UnsafeAuthorizationError('The redirect_uri is missing or not registered for this client.');
  const state = params.get('state');
  const refuse = (code: OAuthError['code'], text: string): RedirectableAuthorizationError =>
    new RedirectableAuthorizationError(new OAuthError(code, text), redirectUri, state);

  if (params.get('response_type') !== 'code') throw refuse('unsupported_response_type', 'response_type must be code');
  if (!client.grantTypes.includes('authorization_code')) throw refuse('unauthorized_client', 'This client may not use the authorization_code grant');
  if (state === undefined || state === '' || state.length > 1024) throw refuse('invalid_request', 'state is required (at most 1024 characters)');
  if (params.get('aud') !== fhirBase) throw refuse('invalid_request', `aud must be this server's FHIR base URL (${fhirBase})`);
  if (params.get('code_challenge_method') !== 'S256') throw refuse('invalid_request', 'PKCE is required with code_challenge_method=S256 (plain is not accepted)');
  const codeChallenge = params.get('code_challenge');
  if (codeChallenge === undefined || !CHALLENGE_RE.test(codeChallenge)) throw refuse('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
  const nonce = params.get('nonce');
  if (nonce !== undefined && nonce.length > 512) throw refuse('invalid_request', 'nonce is too long');

  const requested = parseScopes(params.get('scope') ?? '');
  const launchId = params.get('launch');
  let launch: LaunchContext | undefined;
  if (launchId !== undefined) {
    launch = launches.get(launchId);
    if (launch === undefined) throw refuse('invalid_request', 'The launch parameter is unknown or expired');
    if (!hasScope(requested, 'launch')) throw refuse('invalid_scope', "An EHR launch must request the 'launch' scope");
  }
  const scopes = grantUserScopes(requested, parseScopes(client.scope));
  if (!scopes.some((s) => s.kind === 'resource')) throw refuse('invalid_scope', 'None of the requested resource scopes can be granted to this client');
  return { client, redirectUri, state, codeChallenge, nonce, scopes, launch };
}

/** The URL that sends `params` to the client's redirect_uri (query component). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
