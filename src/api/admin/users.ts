/**
 * `POST /admin/api/users` creates a local login `{username, password, fhirUser}` (password stored as a
 * scrypt hash); `GET /admin/api/users` lists them without hashes. Mounted on the admin router (bearer
 * token with `admin`). See DESIGN.md "Users".
 */
import type { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { badRequest } from '../../core/outcomes.js';
import type { LocalUser } from '../../auth/user-store.js';
import type { AdminRoutes } from './router.js';

function view(u: LocalUser): Record<string, string> {
  return { id: u.id, username: u.username, fhirUser: u.fhirUser, createdAt: u.createdAt };
}

/** The users admin routes. */
export function userAdminRoutes(auth: AuthService): AdminRoutes {
  return (r: Router) => {
    r.post('/users', async (req, res) => {
      const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
      try {
        const user = await auth.users.create({ username: body['username'], password: body['password'], fhirUser: body['fhirUser'] });
        res.status(201).json(view(user));
      } catch (e) {
        if (e instanceof OAuthError) throw badRequest(e.description);
        throw e;
      }
    });
    r.get('/users', async (_req, res) => {
      res.status(200).json({ users: (await auth.users.list()).map(view) });
    });
  };
}
