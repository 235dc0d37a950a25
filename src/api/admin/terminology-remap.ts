/**
 * Re-mapping after a ConceptMap change. `POST /admin/api/terminology/remap` with JSON
 * `{ "conceptMap": "<url>" }` starts a background job re-translating the resources tagged with an older
 * version of that map (`meta.tag` system `https://lyfeai.dev/fhir/CodeSystem/concept-map-version`),
 * answered 202 with `Location: /admin/api/terminology/remap/{job}`. `GET` on it answers 202 with
 * `X-Progress` while the job is queued or running, then 200; both carry the job as JSON. 404 for an
 * unknown map or job. https://hl7.org/fhir/R4/async.html
 */
import type { Request, RequestHandler, Response } from 'express';
import { badRequest } from '../../core/outcomes.js';
import { pollAnswer } from '../../repository/background-jobs.js';
import type { RemapJob } from '../../repository/remap-jobs.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import type { AdminRoutes } from './router.js';

/** What the endpoints need of the job runner (`RemapJobs` of repository/). */
export interface RemapJobRunner {
  start(conceptMapUrl: unknown): RemapJob;
  get(id: string): RemapJob;
}

function conceptMapOf(req: Request): unknown {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Expected a JSON body {"conceptMap": "<ConceptMap url>"}');
  return (body as { conceptMap?: unknown }).conceptMap;
}

function send(res: Response, status: number, job: RemapJob): void {
  res.status(status).json(job);
}

/** `POST /terminology/remap`. */
export function startRemap(jobs: RemapJobRunner): RequestHandler {
  return (req, res) => {
    const job = jobs.start(conceptMapOf(req));
    res.setHeader('Location', `${req.baseUrl}/terminology/remap/${encodeURIComponent(job.id)}`);
    send(res, 202, job);
  };
}

/** `GET /terminology/remap/{job}`. */
export function remapStatus(jobs: RemapJobRunner): RequestHandler {
  return (req, res) => {
    const job = jobs.get(String(req.params['job']));
    const { status, progress } = pollAnswer(job, 're-mapped');
    if (progress !== undefined) res.setHeader('X-Progress', progress);
    send(res, status, job);
  };
}

/** Mounts the re-map routes on the admin router. */
export function terminologyRemapRoutes(jobs: RemapJobRunner): AdminRoutes {
  return (r) => {
    r.route('/terminology/remap').post(startRemap(jobs)).all(methodNotAllowed(['POST']));
    r.route('/terminology/remap/:job').get(remapStatus(jobs)).all(methodNotAllowed(['GET']));
  };
}
