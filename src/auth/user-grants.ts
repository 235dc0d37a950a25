/**
 * The token endpoint's user grants: `authorization_code` (PKCE verified) and `refresh_token` (rotation;
 * narrowing allowed, escalation refused), both answering with the SMART launch context.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#response-5
 */
import { decodeJwt } from 'jose';
import type { OAuthClient } from '../ports/client-store.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import type { Grant } from './grant.js';
import { OAuthError } from './oauth-error.js';
import type { RefreshTokens } from './refresh-tokens.js';
import { uncovered } from './scope-grant.js';
import { formatScope, hasScope, parseScope, parseScopes, type Scope } from './scopes.js';
import type { TokenService } from './token-service.js';

/** The JSON body of a successful token response. https://datatracker.ietf.org/doc/html/rfc6749#section-5.1 */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
  readonly patient?: string;
  readonly encounter?: string;
  readonly fhirContext?: readonly unknown[];
  readonly need_patient_banner?: boolean;
  readonly id_token?: string;
  readonly refresh_token?: string;
}

export interface UserGrantDeps {
  readonly tokens: TokenService;
  readonly codes: AuthorizationCodes;
  readonly refreshTokens: RefreshTokens;
  /** Our public base URL (the FHIR base is `${issuer}/fhir`). */
  readonly issuer: string;
  /** Lifetime of `offline_access` refresh tokens. */
  readonly refreshTtlSeconds: number;
  readonly clock: () => Date;
}

/** `online_access` refresh tokens live at most this long (the user's "session"). */
const ONLINE_TTL_SECONDS = 8 * 3600;

/** `grant_type=authorization_code`. https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3 */
export async function exchangeCode(d: UserGrantDeps, client: OAuthClient, form: ReadonlyMap<string, string>): Promise<TokenResponse> {
  if (!client.grantTypes.includes('authorization_code')) throw new OAuthError('unauthorized_client', 'This client may not use the authorization_code grant');
  const code = form.get('code');
  if (code === undefined) throw new OAuthError('invalid_request', 'code is required');
  const redeemed = d.codes.redeem(code, client.clientId, form.get('redirect_uri'), form.get('code_verifier'));
  if ('replayOf' in redeemed) {
    const use = redeemed.replayOf;
    if (use !== undefined) {
      d.tokens.revoke({ clientId: client.clientId, scopes: [], scope: '', jti: use.accessJti, expiresAt: use.accessExp });
      if (use.refreshFamily !== undefined) await d.refreshTokens.revokeFamily(use.refreshFamily);
    }
    throw new OAuthError('invalid_grant', 'The authorization code was already used; the tokens it issued are revoked');
  }
  const { record, hash } = redeemed;
  const response = await respond(d, record.grant, record.grant, record.nonce, undefined);
  const { jti, exp } = decodeJwt(response.body.access_token);
  d.codes.markUsed(hash, { accessJti: jti ?? '', accessExp: exp ?? 0, refreshFamily: response.family });
  return response.body;
}

/** `grant_type=refresh_token`. https://datatracker.ietf.org/doc/html/rfc6749#section-6 */
export async function refresh(d: UserGrantDeps, client: OAuthClient, form: ReadonlyMap<string, string>): Promise<TokenResponse> {
  const token = form.get('refresh_token');
  if (token === undefined) throw new OAuthError('invalid_request', 'refresh_token is required');
  const scope = form.get('scope');
  // Check the scope before using the token, so a refused escalation does not burn it.
  const peek = await d.refreshTokens.peek(token);
  let narrowed: Grant | undefined;
  if (scope !== undefined && peek !== undefined && peek.grant.clientId === client.clientId) {
    const requested = parseStrict(scope);
    const extra = uncovered(requested, parseScopes(peek.grant.scope));
    if (extra.length > 0) throw new OAuthError('invalid_scope', `Not part of the original grant: ${extra.map(formatScope).join(' ').slice(0, 200)}`);
    narrowed = { ...peek.grant, scope: requested.map(formatScope).join(' ') };
  }
  const used = await d.refreshTokens.use(token, client.clientId);
  // The new refresh token keeps the original scope (RFC 6749 §6); only the access token is narrowed.
  const remaining = used.expiresAt - Math.floor(d.clock().getTime() / 1000);
  const response = await respond(d, narrowed ?? used.grant, used.grant, undefined, { family: used.family, ttl: remaining });
  return response.body;
}

/** Every token of a scope string must parse (a typo is an error, not a silent drop). */
function parseStrict(scope: string): Scope[] {
  const out: Scope[] = [];
  for (const t of scope.split(' ').filter((x) => x !== '')) {
    const s = parseScope(t);
    if (s === undefined) throw new OAuthError('invalid_scope', `Malformed scope '${t.slice(0, 80)}'`);
    out.push(s);
  }
  return out;
}

async function respond(
  d: UserGrantDeps,
  grant: Grant,
  refreshGrant: Grant,
  nonce: string | undefined,
  rotation: { family: string; ttl: number } | undefined,
): Promise<{ body: TokenResponse; family: string | undefined }> {
  const scopes = parseScopes(grant.scope);
  const issued = await d.tokens.issue(grant.clientId, scopes, {
    subject: grant.subject,
    fhirUser: grant.fhirUser,
    ...(grant.patient !== undefined && { patient: grant.patient }),
    ...(grant.encounter !== undefined && { encounter: grant.encounter }),
  });
  const wantsId = hasScope(scopes, 'openid') && (hasScope(scopes, 'fhirUser') || hasScope(scopes, 'profile'));
  const idToken = wantsId
    ? await d.tokens.idToken({ clientId: grant.clientId, subject: grant.subject, fhirUser: `${d.issuer}/fhir/${grant.fhirUser}`, nonce })
    : undefined;
  const refreshScopes = parseScopes(refreshGrant.scope);
  const offline = hasScope(refreshScopes, 'offline_access');
  const online = hasScope(refreshScopes, 'online_access');
  let refreshToken: string | undefined;
  let family = rotation?.family;
  if (offline || online) {
    const ttl = rotation?.ttl ?? (offline ? d.refreshTtlSeconds : Math.min(ONLINE_TTL_SECONDS, d.refreshTtlSeconds));
    const issuedRefresh = await d.refreshTokens.issue(refreshGrant, ttl, family);
    refreshToken = issuedRefresh.token;
    family = issuedRefresh.family;
  }
  const body: TokenResponse = {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: issued.scope,
    ...(grant.patient !== undefined && { patient: grant.patient }),
    ...(grant.encounter !== undefined && { encounter: grant.encounter }),
    ...(grant.fhirContext !== undefined && { fhirContext: grant.fhirContext }),
    need_patient_banner: grant.needPatientBanner,
    ...(idToken !== undefined && { id_token: idToken }),
    ...(refreshToken !== undefined && { refresh_token: refreshToken }),
  };
  return { body, family };
}
