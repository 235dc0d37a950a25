/**
 * PHI redaction for log entries: resource bodies and person-identifying fields are replaced by
 * `[redacted]` in every entry above debug level, at any depth. Debug entries are left whole so a
 * developer can see bodies locally (LOG_LEVEL=debug); production runs at info.
 */

/** Keys whose values are never logged above debug. */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'resource', 'body', 'name', 'birthDate', 'identifier', 'telecom', 'address',
]);

export const REDACTED = '[redacted]';

const MAX_DEPTH = 8;

/**
 * A deep copy of `value` fit for a JSON log line: Errors become `{ type, message, stack, ... }`, cycles
 * `[circular]`, and, when `redact` is true, the REDACTED_KEYS fields `[redacted]`.
 */
export function redactValue(value: unknown, redact = true, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, seen, depth + 1));
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out['type'] = value.name;
      out['message'] = value.message;
      if (value.stack !== undefined) out['stack'] = value.stack;
    }
    for (const [k, v] of Object.entries(value)) {
      out[k] = redact && REDACTED_KEYS.has(k) ? REDACTED : redactValue(v, redact, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Normalises (and, when `redact`, redacts) the string-keyed fields of a winston info object in place;
 * its symbol keys, which winston needs, are kept. `level`, `message` and `timestamp` are left alone.
 */
export function redactEntry(info: Record<string, unknown>, redact = true): void {
  for (const [k, v] of Object.entries(info)) {
    if (k === 'level' || k === 'message' || k === 'timestamp') continue;
    info[k] = redact && REDACTED_KEYS.has(k) ? REDACTED : redactValue(v, redact);
  }
}
