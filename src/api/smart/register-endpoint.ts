/**
 * Dynamic client registration `POST /oauth2/register` (RFC 7591), for bearer tokens holding `admin`.
 * https://datatracker.ietf.org/doc/html/rfc7591#section-3
 */
import type { RequestHandler } from 'express';
import type { AuthService } from '../../auth/auth-service.js';

/** `POST /oauth2/register` (after `requireBearer` and `requireAdmin`). */
export function registerEndpoint(auth: AuthService): RequestHandler {
  return async (req, res) => {
    const response = await auth.register(req.body as unknown);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(response);
  };
}
