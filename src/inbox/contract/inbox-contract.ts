/**
 * The Inbox contract: behaviour every adapter must show, written against the port only. Each adapter's
 * test file calls `describeInboxContract` (SQLite today; a MongoDB adapter later).
 * DESIGN.md "Ingestion" (states, idempotency, leases, retention).
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inbox, InboxState, NewInboxEntry } from '../../ports/inbox.js';

/** What an adapter test hands the suite; `cleanup` closes and removes the inbox. */
export interface ContractInbox {
  readonly inbox: Inbox;
  /** Closes and reopens the same storage (durability); undefined for adapters without one. */
  reopen?(): Promise<Inbox>;
  cleanup(): Promise<void>;
}

const T0 = '2026-01-01T00:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** A new entry; `payload` decides the hash, `key` the idempotency key. */
export function newEntry(key: string, payload: string, over: Partial<NewInboxEntry> = {}): NewInboxEntry {
  const raw = Buffer.from(payload);
  return {
    format: 'hl7v2', channel: 'mllp', sender: 'LAB^HOSP', origin: 'mllp:127.0.0.1',
    messageType: 'ADT^A01', controlId: key, idempotencyKey: `LAB|HOSP|${key}`,
    payloadHash: createHash('sha256').update(raw).digest('hex'), raw, receivedAt: T0, state: 'received', ...over,
  };
}

/** Registers the contract suite for one adapter. */
export function describeInboxContract(name: string, make: () => Promise<ContractInbox>): void {
  describe(`Inbox contract: ${name}`, () => {
    let c: ContractInbox;
    let inbox: Inbox;
    beforeEach(async () => {
      c = await make();
      inbox = c.inbox;
    });
    afterEach(async () => {
      await c.cleanup();
    });

    it('stores a new entry with its raw bytes and metadata', async () => {
      const r = await inbox.put(newEntry('M1', 'MSH|a', { patientKey: 'p1' }));
      expect(r.kind).toBe('created');
      const got = await inbox.get(r.entry.id);
      expect(got).toMatchObject({ state: 'received', attempts: 0, controlId: 'M1', sender: 'LAB^HOSP', patientKey: 'p1', receivedAt: T0 });
      expect(got?.raw?.toString()).toBe('MSH|a');
      expect(got?.ack).toBeUndefined();
    });

    it('stores the answer of an entry refused on arrival', async () => {
      const ack = { code: 'AR', text: 'MSH|^~\\&|NAK\r', encoding: 'latin1' };
      const outcome = { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'structure' as const }] };
      const r = await inbox.put(newEntry('M1', 'garbage', { state: 'dead', ack, outcome }));
      expect(await inbox.get(r.entry.id)).toMatchObject({ state: 'dead', ack, outcome });
    });

    it('finds a duplicate (same key and hash) without writing; flags a conflict (same key, other payload)', async () => {
      const first = await inbox.put(newEntry('M1', 'one'));
      const again = await inbox.put(newEntry('M1', 'one', { receivedAt: at(5) }));
      expect(again).toMatchObject({ kind: 'duplicate', entry: { id: first.entry.id, receivedAt: T0 } });
      const other = await inbox.put(newEntry('M1', 'two'));
      expect(other.kind).toBe('conflict');
      expect(other.entry).toMatchObject({ state: 'received', conflictOf: first.entry.id });
      if (other.kind === 'conflict') expect(other.original.id).toBe(first.entry.id);
      // The conflicting payload sent again is a duplicate of the conflict entry.
      expect(await inbox.put(newEntry('M1', 'two'))).toMatchObject({ kind: 'duplicate', entry: { id: other.entry.id } });
      expect((await inbox.list({ limit: 10 })).entries).toHaveLength(2);
    });

    it('keeps puts made concurrently apart, in arrival order', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => inbox.put(newEntry(`C${i}`, `p${i}`))));
      const ids = results.map((r) => Number(r.entry.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(20);
    });

    it('claims with a lease, refuses a second owner until it expires, completes only for the owner', async () => {
      const { entry } = await inbox.put(newEntry('M1', 'x'));
      const a = await inbox.claim(entry.id, 'A', at(30), at(1));
      expect(a).toMatchObject({ state: 'processing', lease: { owner: 'A', until: at(30) } });
      expect(await inbox.claim(entry.id, 'B', at(40), at(10))).toBeUndefined();
      expect(await inbox.complete(entry.id, 'B', { state: 'done', attempted: true }, at(11))).toBe(false);
      const b = await inbox.claim(entry.id, 'B', at(90), at(31)); // A's lease expired
      expect(b?.lease?.owner).toBe('B');
      expect(await inbox.complete(entry.id, 'A', { state: 'done', attempted: true }, at(32))).toBe(false);
      const ack = { code: 'AA', text: 'MSH|^~\\&|ACK\r', encoding: 'utf8' };
      expect(await inbox.complete(entry.id, 'B', { state: 'done', attempted: true, ack, patientKey: 'pk' }, at(33))).toBe(true);
      expect(await inbox.get(entry.id)).toMatchObject({ state: 'done', attempts: 1, lease: undefined, ack, patientKey: 'pk', updatedAt: at(33) });
    });

    it('replay claims a finished entry only when forced, never a conflict entry', async () => {
      const { entry } = await inbox.put(newEntry('M1', 'x', { state: 'processing', lease: { owner: 'A', until: at(30) } }));
      await inbox.complete(entry.id, 'A', { state: 'failed', attempted: true, outcome: { resourceType: 'OperationOutcome', issue: [] } }, at(1));
      expect(await inbox.claim(entry.id, 'R', at(60), at(2))).toBeUndefined();
      expect((await inbox.claim(entry.id, 'R', at(60), at(2), true))?.state).toBe('processing');
      const conflict = await inbox.put(newEntry('M1', 'y', { state: 'dead' }));
      expect(await inbox.claim(conflict.entry.id, 'R', at(60), at(2), true)).toBeUndefined();
      expect(await inbox.claim('no-such-id', 'R', at(60), at(2), true)).toBeUndefined();
    });

    it('claimDue takes received entries whose retry time has come and expired leases, oldest first', async () => {
      const e1 = (await inbox.put(newEntry('M1', '1'))).entry;
      const e2 = (await inbox.put(newEntry('M2', '2', { state: 'processing', lease: { owner: 'A', until: at(10) } }))).entry;
      const e3 = (await inbox.put(newEntry('M3', '3', { state: 'processing', lease: { owner: 'A', until: at(10) } }))).entry;
      await inbox.complete(e3.id, 'A', { state: 'received', attempted: true, notBefore: at(50) }, at(1));
      await inbox.put(newEntry('M4', '4', { state: 'dead' }));
      const due = await inbox.claimDue('W', at(60), at(20), 10);
      expect(due.map((e) => e.id)).toEqual([e1.id, e2.id]);
      expect(due.every((e) => e.lease?.owner === 'W')).toBe(true);
      expect(await inbox.claimDue('W', at(60), at(21), 10)).toEqual([]);
      expect((await inbox.claimDue('W', at(200), at(55), 10)).map((e) => e.id)).toEqual([e3.id]);
      expect(await inbox.get(e3.id)).toMatchObject({ attempts: 1 });
    });

    it('lists newest first with filters and keyset paging, raw bytes included only in the entry', async () => {
      const types = ['ADT^A01', 'ORU^R01'];
      for (let i = 0; i < 7; i++) {
        await inbox.put(newEntry(`M${i}`, `p${i}`, { messageType: types[i % 2] ?? '', sender: i < 4 ? 'LAB^HOSP' : 'RIS^HOSP', receivedAt: at(i) }));
      }
      const all = await inbox.list({ limit: 3 });
      expect(all.entries.map((e) => e.controlId)).toEqual(['M6', 'M5', 'M4']);
      const page2 = await inbox.list({ limit: 3, ...(all.next === undefined ? {} : { after: all.next }) });
      expect(page2.entries.map((e) => e.controlId)).toEqual(['M3', 'M2', 'M1']);
      const page3 = await inbox.list({ limit: 3, ...(page2.next === undefined ? {} : { after: page2.next }) });
      expect(page3).toMatchObject({ next: undefined });
      expect(page3.entries.map((e) => e.controlId)).toEqual(['M0']);
      const cases: Array<[Parameters<Inbox['list']>[0], string[]]> = [
        [{ limit: 10, sender: 'RIS^HOSP' }, ['M6', 'M5', 'M4']],
        [{ limit: 10, messageType: 'ORU^R01', sender: 'LAB^HOSP' }, ['M3', 'M1']],
        [{ limit: 10, controlId: 'M2' }, ['M2']],
        [{ limit: 10, receivedFrom: at(2), receivedTo: at(4) }, ['M4', 'M3', 'M2']],
        [{ limit: 10, states: ['dead', 'failed'] as InboxState[] }, []],
        [{ limit: 10, states: ['received'] as InboxState[], controlId: 'M0' }, ['M0']],
      ];
      for (const [q, expected] of cases) expect((await inbox.list(q)).entries.map((e) => e.controlId)).toEqual(expected);
    });

    it('retention drops the raw bytes of done entries received before the cut-off, keeping the key and answer', async () => {
      const old = (await inbox.put(newEntry('M1', 'old', { state: 'processing', lease: { owner: 'A', until: at(60) } }))).entry;
      const ack = { code: 'AA', text: 'ACK', encoding: 'utf8' };
      await inbox.complete(old.id, 'A', { state: 'done', attempted: true, ack }, at(1));
      const failed = (await inbox.put(newEntry('M2', 'failed', { state: 'processing', lease: { owner: 'A', until: at(60) } }))).entry;
      await inbox.complete(failed.id, 'A', { state: 'failed', attempted: true }, at(1));
      const recent = (await inbox.put(newEntry('M3', 'recent', { receivedAt: at(100), state: 'processing', lease: { owner: 'A', until: at(160) } }))).entry;
      await inbox.complete(recent.id, 'A', { state: 'done', attempted: true }, at(101));
      expect(await inbox.purgeRaw(at(50))).toBe(1);
      expect((await inbox.get(old.id))?.raw).toBeUndefined();
      expect((await inbox.get(failed.id))?.raw?.toString()).toBe('failed');
      expect((await inbox.get(recent.id))?.raw?.toString()).toBe('recent');
      expect(await inbox.put(newEntry('M1', 'old'))).toMatchObject({ kind: 'duplicate', entry: { id: old.id, ack } });
    });

    it('an acknowledged put survives closing and reopening the storage', async () => {
      if (c.reopen === undefined) return;
      const { entry } = await inbox.put(newEntry('M1', 'durable'));
      inbox = await c.reopen();
      expect((await inbox.get(entry.id))?.raw?.toString()).toBe('durable');
    });

    it('answers undefined for unknown or malformed ids', async () => {
      expect(await inbox.get('999999')).toBeUndefined();
      expect(await inbox.get("1' OR 1=1")).toBeUndefined();
      expect(await inbox.complete('x', 'A', { state: 'done', attempted: true }, T0)).toBe(false);
    });
  });
}
