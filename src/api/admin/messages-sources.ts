/**
 * One inbox admin view over several inboxes (HL7 v2 `inbox.sqlite`, X12 `x12-inbox.sqlite`, …): each
 * source keeps its own ids, shown with the source's prefix (`x12-17`), so `GET /messages/:id` and
 * replay go to the pipeline that owns the entry. `GET /messages` merges the sources newest first (by
 * received time); its `next` cursor holds one position per source (`<id>` last listed, `` not
 * started, `-` exhausted), joined with `.`. DESIGN.md "Ingestion" (dead letter, replay).
 */
import { badRequest } from '../../core/outcomes.js';
import type { InboxEntry, InboxPage, InboxQuery } from '../../ports/inbox.js';
import type { MessagesAdmin } from './messages.js';

/** An inbox and its pipeline's replay, with the prefix its ids get in the admin API. */
export interface MessageSource {
  /** `''` for one source at most (the HL7 v2 inbox, whose ids stay as they were); else e.g. `x12-`. */
  readonly prefix: string;
  readonly admin: MessagesAdmin;
}

const EXHAUSTED = '-';

function withPrefix(e: InboxEntry, prefix: string): InboxEntry {
  if (prefix === '') return e;
  return { ...e, id: `${prefix}${e.id}`, conflictOf: e.conflictOf === undefined ? undefined : `${prefix}${e.conflictOf}` };
}

function withPrefixedId(result: unknown, prefix: string): unknown {
  if (prefix === '' || typeof result !== 'object' || result === null || typeof (result as { id?: unknown }).id !== 'string') return result;
  return { ...result, id: `${prefix}${(result as { id: string }).id}` };
}

/** Positions of a cursor (one per source), or a 400 when it is not one of ours. */
function positions(after: string | undefined, count: number): string[] {
  if (after === undefined) return new Array<string>(count).fill('');
  const parts = after.split('.');
  if (parts.length !== count || parts.some((p) => p !== '' && p !== EXHAUSTED && !/^[A-Za-z0-9_]{1,64}$/.test(p))) {
    throw badRequest('after must be the cursor of a previous page (its next link)', 'after');
  }
  return parts;
}

/** The admin view over `sources` (tried longest prefix first for ids). */
export function combinedMessages(sources: readonly MessageSource[]): MessagesAdmin {
  const byPrefix = [...sources].sort((a, b) => b.prefix.length - a.prefix.length);
  const route = (id: string): { source: MessageSource; id: string } | undefined => {
    const source = byPrefix.find((s) => id.startsWith(s.prefix));
    return source === undefined ? undefined : { source, id: id.slice(source.prefix.length) };
  };

  async function list(q: InboxQuery): Promise<InboxPage> {
    const at = positions(q.after, sources.length);
    const pages = await Promise.all(sources.map(async (s, i) => {
      const pos = at[i] ?? '';
      if (pos === EXHAUSTED) return { entries: [], next: undefined };
      const { after: _after, ...rest } = q;
      return s.admin.inbox.list({ ...rest, ...(pos === '' ? {} : { after: pos }) });
    }));
    const heads = pages.map(() => 0);
    const entries: InboxEntry[] = [];
    while (entries.length < q.limit) {
      let best = -1;
      for (const [i, p] of pages.entries()) {
        const e = p.entries[heads[i] ?? 0];
        if (e === undefined) continue;
        const b = best < 0 ? undefined : pages[best]?.entries[heads[best] ?? 0];
        if (b === undefined || e.receivedAt > b.receivedAt) best = i;
      }
      if (best < 0) break;
      const e = pages[best]?.entries[heads[best] ?? 0];
      if (e !== undefined) entries.push(withPrefix(e, sources[best]?.prefix ?? ''));
      heads[best] = (heads[best] ?? 0) + 1;
    }
    const next = pages.map((p, i) => {
      const used = heads[i] ?? 0;
      if (used === p.entries.length && p.next === undefined) return EXHAUSTED;
      return used === 0 ? (at[i] ?? '') : (p.entries[used - 1]?.id ?? '');
    });
    return { entries, next: next.every((n) => n === EXHAUSTED) ? undefined : next.join('.') };
  }

  return {
    inbox: {
      list,
      async get(id) {
        const r = route(id);
        const e = r === undefined ? undefined : await r.source.admin.inbox.get(r.id);
        return e === undefined || r === undefined ? undefined : withPrefix(e, r.source.prefix);
      },
    },
    async replay(id) {
      const r = route(id);
      if (r === undefined) throw badRequest(`unknown inbox entry id ${id.slice(0, 40)}`);
      return withPrefixedId(await r.source.admin.replay(r.id), r.source.prefix);
    },
    async dryRun(id) {
      const r = route(id);
      if (r === undefined) throw badRequest(`unknown inbox entry id ${id.slice(0, 40)}`);
      return withPrefixedId(await r.source.admin.dryRun(r.id), r.source.prefix);
    },
  };
}
