/**
 * The authorization server routes under `/oauth2`: token and JWKS (authorize, introspect, revoke and
 * register arrive with the SMART App Launch work). https://datatracker.ietf.org/doc/html/rfc6749
 */
import express, { type Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { formBody } from '../middleware/body-parsers.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import { tokenEndpoint } from './token-endpoint.js';

/** Token requests are tiny; refuse anything large early. */
const TOKEN_BODY_LIMIT = 16 * 1024;

export function oauthRouter(auth: AuthService): Router {
  const r = express.Router();
  r.route('/token').post(formBody(TOKEN_BODY_LIMIT), tokenEndpoint(auth)).all(methodNotAllowed(['POST']));
  r.route('/jwks')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.status(200).json(auth.jwks());
    })
    .all(methodNotAllowed(['GET']));
  return r;
}
