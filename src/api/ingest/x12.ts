/**
 * `POST /ingest/x12`: one X12 5010 interchange (bytes kept as sent) from a client with a valid bearer
 * token. Stored durably first, then answered as `application/edi-x12` with a sequence of complete
 * interchanges: TA1 (when due), the 999 per functional group, then each response transaction in its
 * own interchange (271 for a 270, 277 for a 276, 278 response for a 278 request, 277CA for accepted
 * 837 claims). 200 whenever an answer is returned (the answer carries the verdict); 204 for
 * acknowledgement input (never acknowledged). `?async=true`: 202 with `Location:
 * /ingest/x12/jobs/{id}`; that URL gives state and progress (JSON), `…/answer` the answer once done.
 * https://x12.org (TA1, 999) · CAQH CORE Connectivity (real-time within 20 s)
 */
import express, { type Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { fail, notFound } from '../../core/outcomes.js';
import type { StoredAck } from '../../ports/inbox.js';
import { authOf } from '../middleware/auth-state.js';
import { requireBearer } from '../middleware/authenticate.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';

/** The X12 media type of answers. */
export const X12_MEDIA_TYPE = 'application/edi-x12';

/** What receives interchanges (the X12 pipeline). */
export interface X12Receiver {
  receive(raw: Buffer, origin: string): Promise<{ readonly entryId: string | undefined; readonly code: string; readonly text: string }>;
  receiveAsync(raw: Buffer, origin: string): Promise<{ readonly id: string; readonly duplicate: boolean }>;
  status(id: string): Promise<{ readonly status: object; readonly answer: StoredAck | undefined } | undefined>;
}

/** What the route is built from. */
export interface X12IngestDeps {
  readonly auth: AuthService;
  readonly receiver: X12Receiver;
  readonly maxBodyBytes: number;
}

/** The router mounted at `/ingest/x12`. */
export function x12IngestRouter(deps: X12IngestDeps): Router {
  const r = express.Router({ caseSensitive: true });
  r.route('/')
    .post(requireBearer(deps.auth), express.raw({ type: () => true, limit: deps.maxBodyBytes }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const origin = `http:${authOf(res)?.clientId ?? 'unknown'}`;
      if (req.query['async'] === 'true') {
        const job = await deps.receiver.receiveAsync(raw, origin);
        res.status(202).location(`${req.baseUrl}/jobs/${job.id}`).json({ id: job.id, duplicate: job.duplicate });
        return;
      }
      const reply = await deps.receiver.receive(raw, origin);
      if (reply.code === 'unavailable') throw fail('unavailable', 'the interchange is stored but could not be applied now; it is retried, or resend it later');
      if (reply.code === 'pending') {
        res.status(202).location(`${req.baseUrl}/jobs/${reply.entryId ?? ''}`).end();
        return;
      }
      if (reply.text === '') {
        res.status(204).end();
        return;
      }
      res.status(200).type(X12_MEDIA_TYPE).send(Buffer.from(reply.text, 'latin1'));
    })
    .all(methodNotAllowed(['POST']));
  r.route('/jobs/:id')
    .get(requireBearer(deps.auth), async (req, res) => {
      const s = await deps.receiver.status(req.params['id'] ?? '');
      if (s === undefined) throw notFound(`X12 job ${req.params['id'] ?? ''} not found`);
      res.status(200).json(s.status);
    })
    .all(methodNotAllowed(['GET']));
  r.route('/jobs/:id/answer')
    .get(requireBearer(deps.auth), async (req, res) => {
      const s = await deps.receiver.status(req.params['id'] ?? '');
      if (s === undefined) throw notFound(`X12 job ${req.params['id'] ?? ''} not found`);
      if (s.answer === undefined) throw fail('conflict', 'the interchange is not processed yet');
      if (s.answer.text === '') {
        res.status(204).end();
        return;
      }
      res.status(200).type(X12_MEDIA_TYPE).send(Buffer.from(s.answer.text, 'latin1'));
    })
    .all(methodNotAllowed(['GET']));
  return r;
}
