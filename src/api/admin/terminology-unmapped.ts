/**
 * `GET /admin/api/terminology/unmapped`: the mapping-gap report — codes that arrived without a mapping,
 * by source, system and code, with the last display seen, a count and first / last seen (no patient
 * data). Query: `system`, `source` (exact filters), `offset` (default 0), `count` (default 100, at most
 * 1,000). Sorted by count, most frequent first. Answers JSON `{ total, offset, count, gaps, next? }`.
 */
import type { RequestHandler } from 'express';
import { badRequest } from '../../core/outcomes.js';
import type { GapPage, GapQuery } from '../../terminology/mapping/mapping-gaps.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';
import type { AdminRoutes } from './router.js';

/** The report the endpoint reads (`MappingGapTable` of terminology/mapping). */
export interface MappingGapReport {
  list(query: GapQuery): GapPage;
}

const DEFAULT_COUNT = 100;
const MAX_COUNT = 1000;
const KNOWN = new Set(['system', 'source', 'offset', 'count']);

function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`, name);
  return Number(raw);
}

/** The handler. */
export function unmappedCodes(report: MappingGapReport): RequestHandler {
  return (req, res) => {
    const params = new URL(req.originalUrl, 'http://admin.invalid').searchParams;
    for (const name of params.keys()) if (!KNOWN.has(name)) throw badRequest(`Unknown parameter '${name.slice(0, 40)}' (known: system, source, offset, count)`, name);
    const offset = integer(params, 'offset', 0, 0, 1_000_000_000);
    const count = integer(params, 'count', DEFAULT_COUNT, 1, MAX_COUNT);
    const system = params.get('system') ?? undefined;
    const source = params.get('source') ?? undefined;
    const page = report.list({ offset, count, ...(system !== undefined && { system }), ...(source !== undefined && { source }) });
    const body: Record<string, unknown> = { total: page.total, offset, count, gaps: page.gaps };
    if (offset + count < page.total) {
      const next = new URLSearchParams(params);
      next.set('offset', String(offset + count));
      next.set('count', String(count));
      body['next'] = `${req.baseUrl}${req.path}?${next.toString()}`;
    }
    res.status(200).json(body);
  };
}

/** Mounts `GET /terminology/unmapped` on the admin router. */
export function terminologyUnmappedRoutes(report: MappingGapReport): AdminRoutes {
  return (r) => {
    r.route('/terminology/unmapped').get(unmappedCodes(report)).all(methodNotAllowed(['GET']));
  };
}
