/**
 * A fast path for the busiest OAuth request, SMART Backend Services' token request: `POST /oauth2/token`
 * with `grant_type=client_credentials` and a `private_key_jwt` client assertion, served on node:http
 * without express' router, body parser and response helpers (they cost more event-loop time than the
 * whole token logic). The token logic is the same calls the express endpoint makes
 * (`authenticateRequest` then `clientCredentials`); the answers, headers and access-log line are the
 * same. Anything else — another grant, HTTP Basic, a client secret, a repeated parameter, another
 * content type or charset, a chunked, compressed or larger than 16 KiB body — goes to the full
 * application: before the body is read untouched, after it with the body handed over as express'
 * text parser leaves it (the parser skips a request already read). Once the assertion was checked
 * (its `jti` is spent) the answer, error included, is given here.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html, https://datatracker.ietf.org/doc/html/rfc6749#section-5
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '../../auth/auth-service.js';
import { OAuthError, OAUTH_STATUS } from '../../auth/oauth-error.js';
import { issue, outcome } from '../../core/outcomes.js';
import { currentLogContext, logWhenDone, requestIdFrom, runWithLogContext, type Logger } from '../../log/logger.js';
import type { FastHandler } from '../fast-read.js';
import { FHIR_JSON } from '../fhir/http.js';
import { uniqueParams } from '../smart/form-params.js';

/** The token endpoint's body limit (as `oauth-router.ts`): larger bodies go to express, which answers 413. */
export const FAST_TOKEN_BODY_LIMIT = 16 * 1024;

const JSON_UTF8 = 'application/json; charset=utf-8';
// The spellings express' text parser decodes as UTF-8 (its default charset); others go to it.
const PLAIN_FORM = /^application\/x-www-form-urlencoded[ \t]*(?:;[ \t]*charset=("?)utf-8\1[ \t]*)?$/i;

/** What the fast token path needs. */
export interface FastTokenDeps {
  readonly auth: AuthService;
  readonly logger: Logger;
}

type WithBody = IncomingMessage & { body?: unknown };

/** Builds the handler; `next` means "the full application serves this request". */
export function fastToken(deps: FastTokenDeps): FastHandler {
  const { auth, logger } = deps;
  return (req, res, next) => {
    const h = req.headers;
    const length = Number(h['content-length']);
    if (
      req.method !== 'POST' || req.url !== '/oauth2/token' || h.authorization !== undefined
      || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined
      || !PLAIN_FORM.test(h['content-type'] ?? '') || !Number.isInteger(length) || length <= 0 || length > FAST_TOKEN_BODY_LIMIT
    ) {
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let settled = false;
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => {
      // Aborted mid-body: express' parser sees the finished request and the endpoint answers 400.
      if (settled) return;
      settled = true;
      next();
    });
    req.once('end', () => {
      if (settled) return;
      settled = true;
      const text = (chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks)).toString('utf8');
      let form: Map<string, string> | undefined;
      try {
        form = uniqueParams(text);
      } catch {
        form = undefined;
      }
      if (form === undefined || form.get('grant_type') !== 'client_credentials' || !form.has('client_assertion')) {
        (req as WithBody).body = text;
        next();
        return;
      }
      serve(req, res, form);
    });
  };

  function serve(req: IncomingMessage, res: ServerResponse, form: ReadonlyMap<string, string>): void {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    runWithLogContext({ requestId }, () => {
      // The live context: the access-log line sees what is added to it later.
      logWhenDone(logger, currentLogContext(), req, res, started);
      const issued = (async () => {
        const { client } = await auth.authenticateRequest({ authorization: undefined, form });
        const token = await auth.clientCredentials(client, form.get('scope'));
        return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope };
      })();
      issued.then(
        (body) => send(res, 200, JSON_UTF8, body),
        (err: unknown) => {
          if (err instanceof OAuthError) {
            send(res, OAUTH_STATUS[err.code], JSON_UTF8, { error: err.code, error_description: err.description });
            return;
          }
          logger.error('unhandled error', {
            requestId, method: req.method, path: '/oauth2/token',
            error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined,
          });
          send(res, 500, FHIR_JSON, outcome(issue('error', 'exception', `Internal server error (request id ${requestId})`)));
        },
      );
    });
  }
}

/** Writes a JSON answer with the token endpoint's cache headers (RFC 6749 §5.1). */
function send(res: ServerResponse, status: number, contentType: string, body: object): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
