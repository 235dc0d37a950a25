/**
 * `GET /oauth2/authorize/upstream`: where the upstream OpenID Provider sends the browser back. Finds the
 * pending authorization by `state` in this browser's session, finishes the upstream code flow, signs the
 * user in (new session id) and continues with the patient picker / consent.
 * https://openid.net/specs/openid-connect-core-1_0.html#AuthResponse
 */
import type { RequestHandler } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { errorPage, loginPage } from './html.js';
import { queryString } from './form-params.js';
import type { Sessions } from './session.js';

export function upstreamCallback(auth: AuthService, sessions: Sessions): RequestHandler {
  return async (req, res) => {
    const idp = auth.upstream;
    const params = new URLSearchParams(queryString(req));
    const state = params.get('state');
    let s = sessions.load(req, res);
    const found = s === undefined || state === null ? undefined : [...s.pending].find(([, p]) => p.upstream?.state === state);
    if (idp === undefined || s === undefined || found === undefined) {
      errorPage(res, 400, 'This sign-in request has expired or is unknown. Go back to the application and start again.');
      return;
    }
    const [rid, pending] = found;
    const login = pending.upstream;
    delete pending.upstream;
    if (login === undefined) return;
    const result = await idp.finish(new URL(`${auth.issuer}/oauth2/authorize/upstream?${params.toString()}`), login);
    if ('error' in result) {
      loginPage(res, { rid, csrf: s.csrf, clientName: pending.request.client.name ?? pending.request.client.clientId, error: result.error, upstream: idp.name });
      return;
    }
    s = sessions.regenerate(s, res);
    s.userId = result.user.id;
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `interact?rid=${encodeURIComponent(rid)}`);
  };
}
