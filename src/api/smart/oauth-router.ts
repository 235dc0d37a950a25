/**
 * The authorization server routes under `/oauth2`: authorize (+ its interaction pages), token,
 * introspect, revoke, register and JWKS. https://datatracker.ietf.org/doc/html/rfc6749
 */
import express, { type Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from '../../auth/login-throttle.js';
import type { FhirInteractions } from '../../repository/types.js';
import { requireAdmin, requireBearer } from '../middleware/authenticate.js';
import { formBody, jsonBody } from '../middleware/body-parsers.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import { authorizeEndpoint } from './authorize-endpoint.js';
import { interactPage, interactSubmit } from './interact-endpoint.js';
import { introspectEndpoint, revokeEndpoint } from './introspect-revoke.js';
import { registerEndpoint } from './register-endpoint.js';
import { Sessions } from './session.js';
import { tokenEndpoint } from './token-endpoint.js';
import { upstreamCallback } from './upstream-callback.js';

/** Token requests are tiny; refuse anything large early. */
const TOKEN_BODY_LIMIT = 16 * 1024;
/** Registration bodies carry at most a few keys. */
const REGISTER_BODY_LIMIT = 64 * 1024;

/** What the interaction pages need besides the auth service (the patient picker searches). */
export interface OAuthRouterDeps {
  readonly repo: FhirInteractions;
  /** Failed sign-in throttling of the login form; absent: `DEFAULT_LOGIN_THROTTLE`. */
  readonly loginThrottle?: LoginThrottleOptions;
}

export function oauthRouter(auth: AuthService, deps?: OAuthRouterDeps): Router {
  const r = express.Router();
  const form = formBody(TOKEN_BODY_LIMIT);
  r.route('/token').post(form, tokenEndpoint(auth)).all(methodNotAllowed(['POST']));
  r.route('/introspect').post(form, introspectEndpoint(auth)).all(methodNotAllowed(['POST']));
  r.route('/revoke').post(form, revokeEndpoint(auth)).all(methodNotAllowed(['POST']));
  r.route('/register')
    .post(requireBearer(auth), requireAdmin(), jsonBody(REGISTER_BODY_LIMIT), registerEndpoint(auth))
    .all(methodNotAllowed(['POST']));
  r.route('/jwks')
    .get((_req, res) => {
      // Short: rotated keys must reach verifiers soon.
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.status(200).json(auth.jwks());
    })
    .all(methodNotAllowed(['GET']));
  if (deps !== undefined) {
    const sessions = new Sessions(auth.clock, auth.issuer.startsWith('https:'));
    const authorize = authorizeEndpoint(auth, sessions);
    r.route('/authorize').get(authorize).post(form, authorize).all(methodNotAllowed(['GET', 'POST']));
    const interact = { auth, sessions, repo: deps.repo, throttle: new LoginThrottle(auth.clock, deps.loginThrottle ?? DEFAULT_LOGIN_THROTTLE) };
    r.route('/authorize/interact').get(interactPage(interact)).post(form, interactSubmit(interact)).all(methodNotAllowed(['GET', 'POST']));
    r.route('/authorize/upstream').get(upstreamCallback(auth, sessions)).all(methodNotAllowed(['GET']));
  }
  return r;
}
