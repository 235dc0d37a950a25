/**
 * The one error → HTTP mapper. OperationOutcomeError → STATUS_BY_CATEGORY; OAuthError → RFC 6749 JSON;
 * body-parser and URL decoding failures → 4xx; anything else → 500 OperationOutcome, logged with the
 * request id (never with bodies). https://hl7.org/fhir/R4/http.html#2.21.0.5
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { OperationOutcome } from 'fhir/r4.js';
import { isOperationOutcomeError, outcome, issue, STATUS_BY_CATEGORY } from '../../core/outcomes.js';
import { OAuthError, OAUTH_STATUS } from '../../auth/oauth-error.js';
import { currentLogContext, type Logger } from '../../log/logger.js';
import { sendFhir } from '../fhir/http.js';

/**
 * Client errors raised by express itself (body parsers, path decoding) are `http-errors` with a 4xx
 * `status` and, for body parsers, a `type`.
 */
function httpClientError(err: unknown): { status: number; type: string | undefined } | undefined {
  if (typeof err !== 'object' || err === null || !('status' in err)) return undefined;
  const { status } = err;
  const type = 'type' in err && typeof err.type === 'string' ? err.type : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? { status, type } : undefined;
}

const BODY_ERRORS: Record<string, [number, OperationOutcome['issue'][number]['code'], string]> = {
  'entity.too.large': [413, 'too-costly', 'Request body exceeds the maximum size'],
  'entity.parse.failed': [400, 'structure', 'Request body is not valid JSON'],
  'charset.unsupported': [415, 'not-supported', 'Unsupported request charset'],
  'encoding.unsupported': [415, 'not-supported', 'Unsupported content encoding'],
  'request.aborted': [400, 'incomplete', 'Request aborted'],
  'request.size.invalid': [400, 'invalid', 'Request size did not match Content-Length'],
};

/** Builds the final error middleware. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { requestId } = currentLogContext();
    if (isOperationOutcomeError(err)) {
      const status = STATUS_BY_CATEGORY[err.category];
      if (status >= 500) logger.error('request failed', { requestId, category: err.category, message: err.message });
      sendFhir(res, status, err.outcome);
      return;
    }
    if (err instanceof OAuthError) {
      sendOAuthError(res, err);
      return;
    }
    const client = httpClientError(err);
    if (client) {
      const [status, code, text] = (client.type === undefined ? undefined : BODY_ERRORS[client.type]) ?? [client.status, 'invalid', 'Malformed request'];
      sendFhir(res, status, outcome(issue('error', code, text)));
      return;
    }
    logger.error('unhandled error', {
      requestId,
      method: req.method,
      path: req.path,
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    sendFhir(res, 500, outcome(issue('error', 'exception', `Internal server error (request id ${String(requestId)})`)));
  };
}

function sendOAuthError(res: Response, err: OAuthError): void {
  const status = OAUTH_STATUS[err.code];
  if (status === 401 && res.locals['basicAuthAttempted'] === true) res.setHeader('WWW-Authenticate', 'Basic realm="oauth2"');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.status(status).json({ error: err.code, error_description: err.description });
}
