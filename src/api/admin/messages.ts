/**
 * The inbox admin API (bearer with `admin`, under `/admin/api`):
 * - `GET /messages` — search the inbox, newest first: `sender`, `type`, `controlId`, `state`, `since`,
 *   `until`, `count` (default 50, at most 500), `after` (cursor from `next`). The list carries ids,
 *   states, codes and times only — no payload, patient key or diagnostics (PHI stays on the detail view).
 * - `GET /messages/:id` — one entry with its raw message, ACK, OperationOutcome and patient key.
 * - `POST /messages/:id/replay[?dryRun=true]` — process the entry again (after a mapping fix); with
 *   `dryRun` only report the resources that would change.
 * - `POST /messages/replay?<filters>[&dryRun=true][&count=n]` — the same for every entry matching the
 *   filters (at least one filter; at most `count`, default 100, at most 1,000, oldest matches last).
 * DESIGN.md "Ingestion" (dead letter, replay).
 */
import { isUtf8 } from 'node:buffer';
import type { Request, RequestHandler } from 'express';
import { badRequest, isOperationOutcomeError, notFound } from '../../core/outcomes.js';
import type { Inbox, InboxEntry } from '../../ports/inbox.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import { hasFilter, inboxQueryOf } from './messages-query.js';
import type { AdminRoutes } from './router.js';

/** What the endpoints use: the inbox (read side) and the pipeline's replay. */
export interface MessagesAdmin {
  readonly inbox: Pick<Inbox, 'list' | 'get'>;
  replay(id: string): Promise<unknown>;
  dryRun(id: string): Promise<unknown>;
}

const params = (req: Request): URLSearchParams => new URL(req.originalUrl, 'http://admin.invalid').searchParams;

/** The list view of an entry: no payload, no patient key, no diagnostics. */
export function entrySummary(e: InboxEntry): Record<string, unknown> {
  return {
    id: e.id, format: e.format, channel: e.channel, origin: e.origin, sender: e.sender,
    messageType: e.messageType, controlId: e.controlId, state: e.state, attempts: e.attempts,
    receivedAt: e.receivedAt, updatedAt: e.updatedAt, ackCode: e.ack?.code, conflictOf: e.conflictOf,
    issueCount: e.outcome?.issue.length ?? 0, rawAvailable: e.raw !== undefined,
  };
}

function entryDetail(e: InboxEntry): Record<string, unknown> {
  const raw = e.raw === undefined ? undefined : e.raw.toString(isUtf8(e.raw) ? 'utf8' : 'latin1');
  return { ...entrySummary(e), payloadHash: e.payloadHash, idempotencyKey: e.idempotencyKey, patientKey: e.patientKey, lease: e.lease, notBefore: e.notBefore, raw, ack: e.ack?.text, outcome: e.outcome };
}

function dryRunFlag(p: URLSearchParams): boolean {
  const v = p.get('dryRun');
  if (v === null || v === 'false') return false;
  if (v === 'true' || v === '') return true;
  throw badRequest('dryRun must be true or false', 'dryRun');
}

function list(admin: MessagesAdmin): RequestHandler {
  return async (req, res) => {
    const p = params(req);
    const page = await admin.inbox.list(inboxQueryOf(p, { count: 50, maxCount: 500 }));
    const body: Record<string, unknown> = { count: page.entries.length, entries: page.entries.map(entrySummary) };
    if (page.next !== undefined) {
      const next = new URLSearchParams(p);
      next.set('after', page.next);
      body['next'] = `${req.baseUrl}${req.path}?${next.toString()}`;
    }
    res.status(200).json(body);
  };
}

function read(admin: MessagesAdmin): RequestHandler {
  return async (req, res) => {
    const entry = await admin.inbox.get(String(req.params['id']));
    if (entry === undefined) throw notFound(`inbox entry ${String(req.params['id']).slice(0, 40)} not found`);
    res.status(200).json(entryDetail(entry));
  };
}

function replayOne(admin: MessagesAdmin): RequestHandler {
  return async (req, res) => {
    const p = params(req);
    for (const name of p.keys()) if (name !== 'dryRun') throw badRequest(`Unknown parameter '${name.slice(0, 40)}' (known: dryRun)`, name);
    const id = String(req.params['id']);
    res.status(200).json(dryRunFlag(p) ? await admin.dryRun(id) : await admin.replay(id));
  };
}

function replayMany(admin: MessagesAdmin): RequestHandler {
  return async (req, res) => {
    const p = params(req);
    const query = inboxQueryOf(p, { count: 100, maxCount: 1000 }, ['dryRun']);
    if (!hasFilter(p)) throw badRequest('replay by filter needs at least one of sender, type, controlId, state, since, until');
    const dryRun = dryRunFlag(p);
    const page = await admin.inbox.list(query);
    const results: unknown[] = [];
    // Oldest first, so one patient's messages are replayed in their arrival order.
    for (const entry of [...page.entries].reverse()) {
      try {
        results.push(dryRun ? await admin.dryRun(entry.id) : await admin.replay(entry.id));
      } catch (e) {
        if (!isOperationOutcomeError(e)) throw e;
        results.push({ id: entry.id, error: e.outcome.issue[0]?.diagnostics ?? e.category });
      }
    }
    const body: Record<string, unknown> = { dryRun, count: results.length, results };
    if (page.next !== undefined) body['next'] = page.next;
    res.status(200).json(body);
  };
}

/** Mounts the inbox routes on the admin router. */
export function messagesRoutes(admin: MessagesAdmin): AdminRoutes {
  return (r) => {
    r.route('/messages').get(list(admin)).all(methodNotAllowed(['GET']));
    r.route('/messages/replay').post(replayMany(admin)).all(methodNotAllowed(['POST']));
    r.route('/messages/:id').get(read(admin)).all(methodNotAllowed(['GET']));
    r.route('/messages/:id/replay').post(replayOne(admin)).all(methodNotAllowed(['POST']));
  };
}
