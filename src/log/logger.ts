/**
 * The gateway logger: winston writing one JSON object per line to stdout, each line carrying the
 * request / message context ids and, above debug level, no resource bodies or PHI-like fields.
 * https://github.com/winstonjs/winston#readme
 */
import winston from 'winston';
import { currentLogContext } from './context.js';
import { redactEntry } from './redact.js';

export type Logger = winston.Logger;

/** What the logger needs from the configuration. */
export interface LoggerConfig {
  readonly logLevel: string;
}

export interface LoggerOptions {
  /** Where lines go (default: stdout). Tests pass a stream to read them back. */
  readonly stream?: NodeJS.WritableStream;
  /** Fixed fields on every line (default `{ service: 'lyfeai-gateway' }`). */
  readonly defaultMeta?: Record<string, string>;
}

const LEVELS = winston.config.npm.levels;
const DEBUG = LEVELS['debug'] ?? 5;

/** Adds the AsyncLocalStorage context ids; fields given explicitly on the call win. */
const withContext = winston.format((info) => {
  for (const [k, v] of Object.entries(currentLogContext())) {
    if (v !== undefined && !(k in info)) info[k] = v;
  }
  return info;
});

/** Redacts PHI-like fields on every entry above debug; serialises Errors on all. */
const redaction = winston.format((info) => {
  redactEntry(info, (LEVELS[info.level] ?? 0) < DEBUG);
  return info;
});

const MESSAGE = Symbol.for('message');

/**
 * The JSON line. Entries are plain data after `redaction` (cycles, Errors and depth handled), so the
 * built-in JSON.stringify does, several times faster than logform's `json()`; a BigInt, which it
 * refuses, is written as a string.
 */
const jsonLine = winston.format((info) => {
  let line: string;
  try {
    line = JSON.stringify(info);
  } catch {
    line = JSON.stringify(info, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  (info as Record<symbol, unknown>)[MESSAGE] = line;
  return info;
});

/** The logger format chain, exported so tests and other transports use the same one. */
export function logFormat(): winston.Logform.Format {
  return winston.format.combine(
    winston.format.errors({ stack: true }),
    winston.format.timestamp(),
    withContext(),
    redaction(),
    jsonLine(),
  );
}

/** Creates the JSON-lines logger at `config.logLevel`. */
export function createLogger(config: LoggerConfig, options: LoggerOptions = {}): Logger {
  const transport = options.stream === undefined
    ? new winston.transports.Console()
    : new winston.transports.Stream({ stream: options.stream });
  return winston.createLogger({
    level: config.logLevel,
    levels: LEVELS,
    format: logFormat(),
    defaultMeta: options.defaultMeta ?? { service: 'lyfeai-gateway' },
    transports: [transport],
  });
}

/** A logger that writes nothing (for tests that do not look at logs). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}

// The request-context helpers, so callers need one import.
export { currentLogContext, runWithLogContext, setLogContext, type LogContext } from './context.js';
export { httpLogMiddleware, logRequest, logWhenDone, requestIdFrom } from './http-log.js';
