/**
 * `GET /admin/api/hl7v2/coverage`: the HL7 v2 coverage report — per sender and message type, the
 * messages translated and, per field (`PID-5`), how often it was present, mapped (read by the
 * translator) and ignored. Query: `sender`, `messageType` (exact filters). Field ids and counts only
 * (no patient data). Answers JSON `{ rows: [...] }`. docs/hl7v2-mapping.md ("Coverage report").
 */
import type { RequestHandler } from 'express';
import { badRequest } from '../../core/outcomes.js';
import type { CoverageRow } from '../../translators/hl7v2/coverage/index.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import type { AdminRoutes } from './router.js';

/** What the endpoint reads (`Hl7v2CoverageReport`). */
export interface CoverageSource {
  rows(filter: { readonly sender?: string; readonly messageType?: string }): CoverageRow[];
}

const KNOWN = new Set(['sender', 'messageType']);

/** The handler. */
export function hl7v2Coverage(report: CoverageSource): RequestHandler {
  return (req, res) => {
    const params = new URL(req.originalUrl, 'http://admin.invalid').searchParams;
    for (const name of params.keys()) if (!KNOWN.has(name)) throw badRequest(`Unknown parameter '${name.slice(0, 40)}' (known: sender, messageType)`, name);
    const sender = params.get('sender') ?? undefined;
    const messageType = params.get('messageType') ?? undefined;
    res.status(200).json({ rows: report.rows({ ...(sender !== undefined && { sender }), ...(messageType !== undefined && { messageType }) }) });
  };
}

/** Mounts `GET /hl7v2/coverage` on the admin router. */
export function hl7v2CoverageRoutes(report: CoverageSource): AdminRoutes {
  return (r) => {
    r.route('/hl7v2/coverage').get(hl7v2Coverage(report)).all(methodNotAllowed(['GET']));
  };
}
