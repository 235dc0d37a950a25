/**
 * HTTP request context and access log, as a plain (req, res, next) middleware so log/ does not depend
 * on express. Each request runs in a log context with its `requestId` (a valid incoming `X-Request-Id`,
 * or a new UUID, echoed back); one `info` line is written when the response finishes. The query string
 * is never logged: search parameters can hold names and birth dates.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentLogContext, runWithLogContext, type LogContext } from './context.js';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id to use: the caller's when it is a plain token, otherwise a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && REQUEST_ID.test(v) ? v : randomUUID();
}

/** Path without query string or fragment. */
function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const cut = raw.search(/[?#]/);
  return cut === -1 ? raw : raw.slice(0, cut);
}

/**
 * Writes the one access-log line of a finished (or aborted) request. `context` holds its ids; it is
 * passed explicitly because 'finish' / 'close' may fire outside the request's async context.
 */
export function logRequest(logger: Logger, context: Readonly<LogContext>, req: IncomingMessage, res: ServerResponse, started: bigint): void {
  if (!logger.isInfoEnabled()) return;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info('request', {
    ...context,
    method: req.method,
    path: pathOf((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url),
    status: res.statusCode,
    durationMs: Math.round(ms * 100) / 100,
    // The client went away before the response was complete.
    ...(res.writableFinished ? {} : { aborted: true }),
  });
}

/**
 * Writes the request's access-log line once, when the response finishes or the connection closes
 * (whichever comes first). Answers whether it was written, and a function that cancels it (a handler
 * that hands the request on to another one, which logs it itself).
 */
export function logWhenDone(logger: Logger, context: Readonly<LogContext>, req: IncomingMessage, res: ServerResponse, started: bigint): {
  readonly written: () => boolean;
  readonly cancel: () => void;
} {
  let logged = false;
  const done = (): void => {
    if (logged) return;
    logged = true;
    logRequest(logger, context, req, res, started);
  };
  res.on('finish', done);
  res.on('close', done);
  return {
    written: () => logged,
    cancel: () => {
      res.off('finish', done);
      res.off('close', done);
    },
  };
}

/** Middleware: request context + one access-log line per request. */
export function httpLogMiddleware(logger: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    runWithLogContext({ requestId }, () => {
      // The live context object: fields added later (clientId after authentication) show up in it.
      logWhenDone(logger, currentLogContext(), req, res, started);
      next();
    });
  };
}
