import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeInboxContract, newEntry } from '../../../inbox/contract/inbox-contract.js';
import { SqliteInbox } from './sqlite-inbox.js';

describeInboxContract('SQLite :memory:', async () => {
  const inbox = SqliteInbox.open({ path: ':memory:' });
  return { inbox, cleanup: () => inbox.close() };
});

describeInboxContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-'));
  const path = join(dir, 'inbox.sqlite');
  let inbox = SqliteInbox.open({ path });
  return {
    inbox,
    async reopen() {
      await inbox.close();
      inbox = SqliteInbox.open({ path });
      return inbox;
    },
    async cleanup() {
      await inbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteInbox specifics', () => {
  it('releases the leases of a previous process on open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-'));
    const path = join(dir, 'inbox.sqlite');
    const first = SqliteInbox.open({ path });
    const { entry } = await first.put(newEntry('M1', 'x', { state: 'processing', lease: { owner: 'dead', until: '2999-01-01T00:00:00.000Z' } }));
    await first.close();
    const second = SqliteInbox.open({ path });
    expect(await second.get(entry.id)).toMatchObject({ state: 'received', lease: undefined });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous NORMAL (the WAL is fsynced by the inbox before put resolves)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-'));
    const inbox = SqliteInbox.open({ path: join(dir, 'inbox.sqlite') });
    expect(inbox.pragmas()).toEqual({ journalMode: 'wal', synchronous: 1 });
    await inbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects writes after close', async () => {
    const inbox = SqliteInbox.open({ path: ':memory:' });
    await inbox.close();
    await expect(inbox.put(newEntry('M1', 'x'))).rejects.toThrow(/closed/);
  });
});
