/**
 * `$reindex` (system level, `admin` scope): `POST [base]/$reindex` (optional `resourceType` in a
 * Parameters body or the query) starts an asynchronous rebuild of the search indexes, answered 202 with
 * `Content-Location: [base]/$reindex-status/[job]`. `GET` on that URL answers 202 with `X-Progress` while
 * the job runs, then 200; both carry Parameters `status`, `done`, `total` (and `outcome` when failed).
 * https://hl7.org/fhir/R4/async.html
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Parameters, ParametersParameter } from 'fhir/r4.js';
import { badRequest, issue, outcome } from '../../core/outcomes.js';
import { pollAnswer } from '../../repository/background-jobs.js';
import type { ReindexJob } from '../../repository/types.js';
import { assertAdmin } from '../middleware/authenticate.js';
import type { FhirDeps } from './deps.js';
import { fhirBase, param, queryParams, requestCtx, sendFhir } from './http.js';
import { parameter } from './validate.js';

/** The optional `resourceType` of the request (query, or a Parameters body). */
function requestedType(req: Request): string | undefined {
  const fromQuery = queryParams(req).get('resourceType') ?? undefined;
  const body: unknown = req.body;
  if (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) return fromQuery;
  if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'Parameters') {
    throw badRequest('$reindex takes a Parameters body (or none)');
  }
  const p = parameter(body as Parameters, 'resourceType');
  const fromBody = p?.valueCode ?? p?.valueString;
  if (fromBody !== undefined && fromQuery !== undefined && fromBody !== fromQuery) throw badRequest('resourceType is given twice with different values', 'resourceType');
  return fromBody ?? fromQuery;
}

/** The job as Parameters. */
export function jobParameters(job: ReindexJob): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'job', valueString: job.id },
    { name: 'status', valueCode: job.status },
    { name: 'done', valueInteger: job.done },
    { name: 'total', valueInteger: job.total },
  ];
  if (job.resourceType !== undefined) parameter.push({ name: 'resourceType', valueCode: job.resourceType });
  if (job.outcome !== undefined) parameter.push({ name: 'outcome', resource: job.outcome });
  return { resourceType: 'Parameters', parameter };
}

const statusUrl = (req: Request, deps: FhirDeps, id: string): string => `${fhirBase(req, deps.config)}/$reindex-status/${encodeURIComponent(id)}`;

export function reindex(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    assertAdmin(res);
    const job = await deps.repo.startReindex(requestCtx(req, res, deps.config), requestedType(req));
    res.setHeader('Content-Location', statusUrl(req, deps, job.id));
    sendFhir(res, 202, outcome(issue('information', 'informational', `$reindex job ${job.id} accepted`)));
  };
}

function sendStatus(res: Response, job: ReindexJob): void {
  const { status, progress } = pollAnswer(job, 'reindexed');
  if (progress !== undefined) res.setHeader('X-Progress', progress);
  sendFhir(res, status, jobParameters(job));
}

export function reindexStatus(deps: FhirDeps): RequestHandler {
  return async (req, res) => {
    assertAdmin(res);
    sendStatus(res, await deps.repo.reindexStatus(requestCtx(req, res, deps.config), param(req, 'jobId')));
  };
}
