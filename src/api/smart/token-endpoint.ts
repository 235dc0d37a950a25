/**
 * Token endpoint `POST /oauth2/token`: `client_credentials` (client secret or `private_key_jwt`),
 * `authorization_code` (PKCE) and `refresh_token`. Errors are RFC 6749 §5.2 JSON.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-3.2, https://hl7.org/fhir/smart-app-launch/backend-services.html
 */
import type { RequestHandler } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { formParams } from './form-params.js';

export { basicCredentials } from '../../auth/client-authentication.js';

/** Grant types this endpoint accepts. */
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

export function tokenEndpoint(auth: AuthService): RequestHandler {
  return async (req, res) => {
    const form = formParams(req);
    const authorization = req.get('authorization');
    if (authorization !== undefined) res.locals['basicAuthAttempted'] = true;
    const grantType = form.get('grant_type');
    const refreshToken = form.get('refresh_token');
    const anonymous = authorization === undefined && !['client_id', 'client_secret', 'client_assertion', 'client_assertion_type'].some((k) => form.has(k));
    // A public app may refresh with the token alone (SMART App Launch, "refresh access token").
    const client = anonymous && grantType === 'refresh_token' && refreshToken !== undefined
      ? await auth.publicClientOfRefreshToken(refreshToken)
      : (await auth.authenticateRequest({ authorization, form })).client;
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    let body: object;
    switch (grantType) {
      case 'client_credentials': {
        const token = await auth.clientCredentials(client, form.get('scope'));
        body = { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope };
        break;
      }
      case 'authorization_code':
        body = await auth.exchangeCode(client, form);
        break;
      case 'refresh_token':
        body = await auth.refresh(client, form);
        break;
      default:
        throw new OAuthError('unsupported_grant_type', `grant_type '${grantType.slice(0, 60)}' is not supported`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.status(200).json(body);
  };
}
