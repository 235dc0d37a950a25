/**
 * Query parameters of the inbox admin endpoints → an `InboxQuery`: `sender`, `type` (e.g. `ADT^A01`),
 * `controlId`, `state` (comma-separated or repeated), `since` / `until` (ISO dates or instants, on the
 * received time), `count` (page size) and `after` (the `next` cursor). Unknown parameters are a 400.
 */
import { badRequest } from '../../core/outcomes.js';
import { INBOX_STATES, type InboxQuery, type InboxState } from '../../ports/inbox.js';

const FILTERS = ['sender', 'type', 'controlId', 'state', 'since', 'until'] as const;

/** Parses an instant or a date (a date-only `until` means the end of that day). */
function instant(params: URLSearchParams, name: 'since' | 'until'): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const ms = Date.parse(dateOnly && name === 'until' ? `${raw}T23:59:59.999Z` : raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) throw badRequest(`${name} must be an ISO date or date-time`, name);
  return new Date(ms).toISOString();
}

function states(params: URLSearchParams): InboxState[] | undefined {
  const values = params.getAll('state').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return undefined;
  for (const v of values) {
    if (!(INBOX_STATES as readonly string[]).includes(v)) throw badRequest(`state must be one of ${INBOX_STATES.join(', ')}`, 'state');
  }
  return values as InboxState[];
}

/** The query of a request; `extra` lists further parameters the endpoint accepts. */
export function inboxQueryOf(params: URLSearchParams, defaults: { count: number; maxCount: number }, extra: readonly string[] = []): InboxQuery {
  const known = new Set<string>([...FILTERS, 'count', 'after', ...extra]);
  for (const name of params.keys()) {
    if (!known.has(name)) throw badRequest(`Unknown parameter '${name.slice(0, 40)}' (known: ${[...known].join(', ')})`, name);
  }
  const rawCount = params.get('count');
  if (rawCount !== null && (!/^\d{1,6}$/.test(rawCount) || Number(rawCount) < 1 || Number(rawCount) > defaults.maxCount)) {
    throw badRequest(`count must be an integer from 1 to ${defaults.maxCount}`, 'count');
  }
  const text = (name: string): string | undefined => {
    const v = params.get(name);
    return v === null || v === '' ? undefined : v;
  };
  const s = states(params);
  const since = instant(params, 'since');
  const until = instant(params, 'until');
  const q: InboxQuery = {
    limit: rawCount === null ? defaults.count : Number(rawCount),
    ...optional('sender', text('sender')),
    ...optional('messageType', text('type')),
    ...optional('controlId', text('controlId')),
    ...optional('receivedFrom', since),
    ...optional('receivedTo', until),
    ...optional('after', text('after')),
    ...(s === undefined ? {} : { states: s }),
  };
  return q;
}

/** True when the request filters on anything (replay by filter refuses an unfiltered one). */
export function hasFilter(params: URLSearchParams): boolean {
  return FILTERS.some((f) => params.has(f));
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
