/**
 * Request / message context carried through async calls with AsyncLocalStorage, so every log line
 * written while handling a request or an inbound message carries its ids without passing them around.
 * https://nodejs.org/api/async_context.html#class-asynclocalstorage
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that identify what is being worked on. Never PHI. */
export interface LogContext {
  /** HTTP request id (X-Request-Id, or generated). */
  requestId?: string;
  /** HL7 v2 MSH-10 / X12 ISA13 of the message being processed. */
  messageControlId?: string;
  /** Inbox message id. */
  messageId?: string;
  /** W3C trace id, when one came in. */
  traceId?: string;
  /** OAuth client acting (set after authentication). */
  clientId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` added to (a copy of) the current context. */
export function runWithLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** The context in force (empty outside any `runWithLogContext`). */
export function currentLogContext(): Readonly<LogContext> {
  return storage.getStore() ?? {};
}

/**
 * Adds fields to the context in force for the rest of this async flow (e.g. `clientId` once the token
 * is checked). Outside any context it does nothing.
 */
export function setLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store !== undefined) Object.assign(store, fields);
}
