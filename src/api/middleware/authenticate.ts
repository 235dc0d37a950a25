/**
 * Bearer token authentication (RFC 6750) and scope checks for the FHIR API and admin routes.
 * https://datatracker.ietf.org/doc/html/rfc6750#section-3
 */
import type { RequestHandler, Response } from 'express';
import { fail, forbidden } from '../../core/outcomes.js';
import type { AuthService } from '../../auth/auth-service.js';
import { hasScope, type Permission } from '../../auth/scopes.js';
import type { Decision } from '../../auth/policy/access-policy.js';
import { policyOf } from '../../auth/policy/policy-cache.js';
import { requestAccess, type RequestAccess } from '../../auth/policy/request-access.js';
import { setLogContext } from '../../log/logger.js';
import { authOf, setAuth } from './auth-state.js';

/** Requires a valid bearer token; 401 with `WWW-Authenticate` otherwise. */
export function requireBearer(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const m = header === undefined ? null : /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
    if (!m?.[1]) {
      res.setHeader('WWW-Authenticate', header === undefined ? 'Bearer realm="fhir"' : 'Bearer realm="fhir", error="invalid_request"');
      throw fail('unauthorized', 'A bearer access token is required');
    }
    const token = await auth.verify(m[1]);
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fhir", error="invalid_token", error_description="The access token is invalid or expired"');
      throw fail('unauthorized', 'The access token is invalid or expired');
    }
    setAuth(res, token);
    setLogContext({ clientId: token.clientId });
    next();
  };
}

/** The request's authorization state (its token's compiled policy and the decisions made so far). */
export function accessOf(res: Response): RequestAccess | undefined {
  const token = authOf(res);
  return token === undefined ? undefined : requestAccess(res, policyOf(token));
}

/** The 403 for a refused interaction (with `WWW-Authenticate: ... insufficient_scope`). */
export function insufficientScope(res: Response, reason: string): never {
  res.setHeader('WWW-Authenticate', 'Bearer realm="fhir", error="insufficient_scope"');
  throw forbidden(reason);
}

/**
 * Throws 403 unless the request's token allows `permission` on `resourceType` (`*` = system-wide);
 * otherwise answers the decision (compartment, granular constraints), recorded for `requestCtx`.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export function requireScope(res: Response, resourceType: string, permission: Permission): Decision & { allowed: true } {
  const d = accessOf(res)?.check(resourceType, permission);
  if (d?.allowed === true) return d;
  return insufficientScope(res, d?.reason ?? 'A bearer access token is required');
}

/** Throws 403 unless the request's token holds the `admin` scope. */
export function assertAdmin(res: Response): void {
  const token = authOf(res);
  if (!token || !hasScope(token.scopes, 'admin')) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="fhir", error="insufficient_scope", scope="admin"');
    throw forbidden("The access token lacks the 'admin' scope");
  }
}

/** Route guard: the token must hold the `admin` scope. */
export function requireAdmin(): RequestHandler {
  return (_req, res, next) => {
    assertAdmin(res);
    next();
  };
}
