/**
 * Request body parsing with a size limit: JSON (FHIR JSON, JSON Patch) and form data (`_search`,
 * token endpoint) kept as raw text so parameter order and repeats survive. Errors (413, 400 for
 * malformed JSON) are mapped by the error handler.
 */
import express, { type RequestHandler } from 'express';

/** JSON bodies up to `limit` bytes. */
export function jsonBody(limit: number): RequestHandler {
  return express.json({
    limit,
    strict: true,
    type: ['application/fhir+json', 'application/json', 'application/json+fhir', 'application/json-patch+json'],
  });
}

/** `application/x-www-form-urlencoded` bodies as a string (parse with URLSearchParams). */
export function formBody(limit: number): RequestHandler {
  return express.text({ limit, type: 'application/x-www-form-urlencoded' });
}
