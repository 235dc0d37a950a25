/**
 * 404 for unknown routes and 405 (with `Allow`) for a known route used with another method.
 * https://hl7.org/fhir/R4/http.html#2.21.0.5
 */
import type { RequestHandler } from 'express';
import { fail, notFound } from '../../core/outcomes.js';

/** Last handler on a route: answers 405 listing `allowed` (OPTIONS gets 204 with the same header). */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])])].join(', ');
  return (req, res) => {
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw fail('not-allowed', `${req.method} is not allowed here; allowed: ${allow}`);
  };
}

/** Fallback for paths no route matched. */
export function unknownRoute(): RequestHandler {
  return (req) => {
    throw notFound(`No route for ${req.method} ${req.path.slice(0, 200)}`);
  };
}
