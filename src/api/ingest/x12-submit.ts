/**
 * `POST /fhir/Claim/$submit` (Da Vinci PAS): a PAS request Bundle in, the PAS response Bundle out
 * (ClaimResponse pended, then the Claim), with the 278 response it produced in the `X-X12-278`
 * header's companion endpoint: `GET /admin/api/x12/278/{claimId}` (pended until a decision is
 * recorded, then final). Mounted before the FHIR router. https://hl7.org/fhir/us/davinci-pas/OperationDefinition-Claim-submit.html
 */
import express, { type Router } from 'express';
import type { Bundle } from 'fhir/r4.js';
import type { AuthService } from '../../auth/auth-service.js';
import { authOf } from '../middleware/auth-state.js';
import { requireBearer } from '../middleware/authenticate.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';

/** What handles a submission (the X12 pipeline). */
export interface PasSubmitter {
  submitPas(body: unknown, origin: string): Promise<{ readonly bundle: Bundle; readonly x12: string }>;
}

/** The router mounted at `/fhir/Claim/$submit`. */
export function claimSubmitRouter(deps: { readonly auth: AuthService; readonly submitter: PasSubmitter; readonly maxBodyBytes: number }): Router {
  const r = express.Router({ caseSensitive: true });
  r.route('/')
    .post(requireBearer(deps.auth), express.json({ type: ['application/fhir+json', 'application/json'], limit: deps.maxBodyBytes }), async (req, res) => {
      const out = await deps.submitter.submitPas(req.body as unknown, `fhir:${authOf(res)?.clientId ?? 'unknown'}`);
      res.status(200).type('application/fhir+json').json(out.bundle);
    })
    .all(methodNotAllowed(['POST']));
  return r;
}
