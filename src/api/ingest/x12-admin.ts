/**
 * X12 admin endpoints (under `/admin/api`): `GET /x12/278/{claimId}` returns the current 278 response
 * of a prior authorization (pended HCR A4 until a decision is recorded as a ClaimResponse with outcome
 * complete, then the final response), as `application/edi-x12` with the review action in
 * `X-Review-Action`. https://x12.org (005010X217 278) · https://hl7.org/fhir/us/davinci-pas/
 */
import type { AdminRoutes } from '../admin/router.js';
import { X12_MEDIA_TYPE } from './x12.js';

/** What answers the 278 endpoint (the X12 pipeline). */
export interface X12ReviewSource {
  review278(claimId: string): Promise<{ readonly text: string; readonly action: string }>;
}

/** The X12 admin routes. */
export function x12AdminRoutes(source: X12ReviewSource): AdminRoutes {
  return (router) => {
    router.get('/x12/278/:claimId', async (req, res) => {
      const r = await source.review278(req.params['claimId'] ?? '');
      res.status(200).set('X-Review-Action', r.action).type(X12_MEDIA_TYPE).send(Buffer.from(r.text, 'latin1'));
    });
  };
}
