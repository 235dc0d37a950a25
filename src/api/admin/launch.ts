/**
 * `POST /admin/api/launch {patient, encounter?, fhirContext?}` creates an EHR launch context and answers
 * `{launch, expires_in}`: the opaque id an EHR passes to a SMART app as `launch`. Mounted on the admin
 * router (bearer token with `admin`). https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch
 */
import type { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { badRequest } from '../../core/outcomes.js';
import type { AdminRoutes } from './router.js';

/** The launch admin route. */
export function launchAdminRoutes(auth: AuthService): AdminRoutes {
  return (r: Router) => {
    r.post('/launch', (req, res) => {
      try {
        const { launch, expiresIn, context } = auth.launches.create(req.body as unknown);
        res.setHeader('Cache-Control', 'no-store');
        res.status(201).json({
          launch,
          expires_in: expiresIn,
          patient: context.patient,
          ...(context.encounter !== undefined && { encounter: context.encounter }),
          ...(context.fhirContext !== undefined && { fhirContext: context.fhirContext }),
        });
      } catch (e) {
        if (e instanceof OAuthError) throw badRequest(e.description);
        throw e;
      }
    });
  };
}
