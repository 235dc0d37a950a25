/**
 * The admin API router, mounted at `/admin/api`: every route needs a bearer token holding the `admin`
 * scope (401 / 403 otherwise) and takes JSON bodies. Feature modules add their routes additively: each
 * exports an `AdminRoutes` function (paths relative to `/admin/api`), and main.ts passes the list to
 * `createApp` as `adminRoutes`. Errors are OperationOutcomes through the one error mapper.
 */
import express, { type Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { requireAdmin, requireBearer } from '../middleware/authenticate.js';
import { jsonBody } from '../middleware/body-parsers.js';

/** A module of admin routes: registers its handlers on the `/admin/api` router. */
export type AdminRoutes = (router: Router) => void;

/** What the admin router is built from. */
export interface AdminRouterDeps {
  readonly auth: AuthService;
  readonly maxBodyBytes: number;
  readonly routes: readonly AdminRoutes[];
}

/** Builds the `/admin/api` router: authentication, admin scope, JSON bodies, then each module's routes. */
export function adminRouter(deps: AdminRouterDeps): Router {
  const r = express.Router({ caseSensitive: true });
  r.use(requireBearer(deps.auth));
  r.use(requireAdmin());
  r.use(jsonBody(deps.maxBodyBytes));
  for (const mount of deps.routes) mount(r);
  return r;
}
