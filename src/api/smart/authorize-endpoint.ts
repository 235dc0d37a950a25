/**
 * Authorization endpoint `/oauth2/authorize` (GET, and POST = SMART `authorize-post`): validates the
 * request, parks it in the browser's session and sends the user to the interaction pages (login,
 * patient picker, consent). Client / redirect_uri problems are shown, never redirected.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code
 */
import type { Request, RequestHandler, Response } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import {
  RedirectableAuthorizationError,
  redirectWith,
  UnsafeAuthorizationError,
  validateAuthorizationRequest,
} from '../../auth/authorization-request.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { errorPage } from './html.js';
import { queryString, uniqueParams } from './form-params.js';
import type { Sessions } from './session.js';

/** Sends an authorization error to the client's (already validated) redirect_uri. */
export function redirectError(res: Response, e: RedirectableAuthorizationError): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, redirectWith(e.redirectUri, { error: e.error.code, error_description: e.error.description, state: e.state }));
}

function params(req: Request): Map<string, string> {
  if (req.method === 'POST') {
    if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') throw new UnsafeAuthorizationError('The request body must be a form.');
    return uniqueParams(req.body);
  }
  return uniqueParams(queryString(req));
}

/** GET / POST `/oauth2/authorize`. */
export function authorizeEndpoint(auth: AuthService, sessions: Sessions): RequestHandler {
  return async (req, res) => {
    try {
      const request = await validateAuthorizationRequest(params(req), auth.clients, auth.launches, auth.fhirBase);
      const session = sessions.ensure(req, res);
      const rid = sessions.addPending(session, { request, patient: undefined });
      res.setHeader('Cache-Control', 'no-store');
      // Relative to /oauth2/authorize, so a path prefix in front of the gateway is kept.
      res.redirect(303, `authorize/interact?rid=${encodeURIComponent(rid)}`);
    } catch (e) {
      if (e instanceof RedirectableAuthorizationError) redirectError(res, e);
      else if (e instanceof UnsafeAuthorizationError || e instanceof OAuthError) errorPage(res, 400, e.message);
      else throw e;
    }
  };
}
