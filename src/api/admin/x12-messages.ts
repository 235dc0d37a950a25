/**
 * The X12 inbox as an inbox admin source (see messages-sources.ts): entries list with sender
 * `ISA05:ISA06` (e.g. `ZZ:SUBMITTER`), type the transaction set (`837`, `270`, …), control id ISA13.
 * A `sender` filter without a qualifier (`SUBMITTER`, the bare ISA06) matches it under any ISA05
 * qualifier. Replay and dry run are the X12 pipeline's.
 * https://x12.org/resources/x12-basics (ISA05 / ISA06, ISA13, ST01)
 */
import type { Inbox, InboxEntry, InboxPage, InboxQuery } from '../../ports/inbox.js';
import type { MessagesAdmin } from './messages.js';

/** ISA05 / ISA07 interchange id qualifiers (X12 5010 code list I05). */
const ISA_QUALIFIERS = ['01', '14', '20', '27', '28', '29', '30', '33', 'ZZ'] as const;

/** What the X12 pipeline offers the admin API. */
export interface X12Replayer {
  replay(id: string): Promise<unknown>;
  dryRun(id: string): Promise<unknown>;
}

const numericId = (e: InboxEntry): number => Number(e.id);

/** `list` with a bare ISA06 sender expanded to every qualifier (one id order, so one cursor). */
async function listX12(inbox: Pick<Inbox, 'list'>, q: InboxQuery): Promise<InboxPage> {
  if (q.sender === undefined || q.sender.includes(':')) return inbox.list(q);
  const sender = q.sender;
  const pages = await Promise.all(ISA_QUALIFIERS.map((qual) => inbox.list({ ...q, sender: `${qual}:${sender}` })));
  const merged = pages.flatMap((p) => p.entries).sort((a, b) => numericId(b) - numericId(a));
  const entries = merged.slice(0, q.limit);
  const more = merged.length > q.limit || pages.some((p) => p.next !== undefined);
  return { entries, next: more ? entries[entries.length - 1]?.id : undefined };
}

/** The X12 inbox and pipeline as a messages admin source. */
export function x12MessagesAdmin(inbox: Pick<Inbox, 'list' | 'get'>, pipeline: X12Replayer): MessagesAdmin {
  return {
    inbox: { list: (q) => listX12(inbox, q), get: (id) => inbox.get(id) },
    replay: (id) => pipeline.replay(id),
    dryRun: (id) => pipeline.dryRun(id),
  };
}
